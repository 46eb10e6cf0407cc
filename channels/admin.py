"""Platform admin. Channels, roles, memberships and the audit log are read-only here.

Changes with side effects (suspending, lifting a suspension) go through the services, so they
are audited like any other change.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ReadOnlyMixin

from . import services
from .models import AuditEvent, Channel, Membership, MembershipRole, Role


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class SuspendForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the channel's pages and sent to its owner."),
    )


@admin.register(Channel)
class ChannelAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "slug",
        "platform",
        "visibility",
        "created_at",
        "is_suspended",
        "is_archived",
    )
    list_filter = (
        "platform",
        "visibility",
        ("suspended_at", admin.EmptyFieldListFilter),
        ("archived_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("name", "slug", "platform_url")
    readonly_fields = [f.name for f in Channel._meta.fields]
    actions = ["suspend", "unsuspend"]
    date_hierarchy = "created_at"

    def has_suspend_permission(self, request) -> bool:
        """Suspending needs its own model permission, not just a staff account."""
        return request.user.has_perm(f"{self.opts.app_label}.suspend_channel")

    def changelist_view(self, request, extra_context=None):
        # Django drops an action the user may not run and answers "No action selected";
        # a refused suspension should say so plainly: 403, and nothing changes.
        action = request.POST.get("action") if request.method == "POST" else None
        if action in self.actions and not self.has_suspend_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    @admin.display(boolean=True, description=_("suspended"))
    def is_suspended(self, obj):
        return obj.is_suspended

    @admin.display(boolean=True, description=_("archived"))
    def is_archived(self, obj):
        return obj.is_archived

    @admin.action(description=_("Suspend selected channels"), permissions=["suspend"])
    def suspend(self, request, queryset):
        form = SuspendForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for channel in queryset:
                try:
                    services.channel_suspend(
                        channel=channel, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    self.message_user(
                        request, f"{channel}: {' '.join(error.messages)}", messages.ERROR
                    )
            count = queryset.count()
            self.message_user(
                request,
                ngettext("Suspended %(count)d channel.", "Suspended %(count)d channels.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Suspend channels"),
            "channels": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/channels/suspend.html", context)

    @admin.action(
        description=_("Lift the suspension of selected channels"), permissions=["suspend"]
    )
    def unsuspend(self, request, queryset):
        for channel in queryset:
            services.channel_unsuspend(channel=channel, actor=request.user)
        self.message_user(request, _("Suspension lifted."), messages.SUCCESS)


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "channel",
        "position",
        "can_manage_team",
        "can_manage_roles",
        "can_manage_channel",
    )
    list_filter = (
        "can_manage_team",
        "can_manage_roles",
        "can_manage_channel",
        "can_view_audit_log",
    )
    search_fields = ("name", "channel__name", "channel__slug")
    list_select_related = ("channel",)


class MembershipRoleInline(ReadOnlyMixin, admin.TabularInline):
    model = MembershipRole
    fields = ("role",)
    extra = 0


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "channel", "is_owner", "joined_at", "added_by")
    list_filter = ("is_owner", "is_listed")
    search_fields = ("user__username", "user__email", "channel__name", "channel__slug")
    list_select_related = ("user", "channel", "added_by")
    inlines = [MembershipRoleInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "channel", "actor_name", "action", "target_label")
    list_filter = ("action",)
    search_fields = ("actor_name", "action", "target_label", "channel__slug", "channel__name")
    list_select_related = ("channel",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "channel",
        "actor",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "before",
        "after",
        "created_at",
    )
