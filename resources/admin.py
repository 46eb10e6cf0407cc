"""Platform admin for training resources: featuring and unpublishing community resources,
platform resources, and users' reports. Every change goes through the services."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ReadOnlyMixin

from . import services
from .models import Kind, Report, ReportState, Resource


class ReportInline(ReadOnlyMixin, admin.TabularInline):
    model = Report
    fields = ("created_at", "reporter", "reason", "state", "resolution")
    readonly_fields = fields
    extra = 0


class PlatformResourceForm(forms.ModelForm):
    """Adding a platform resource (no channel); it goes through platform_resource_create."""

    kind = forms.ChoiceField(choices=[(k, k.label) for k in (Kind.ARTICLE, Kind.LINK)])
    tags = forms.CharField(required=False, help_text=_("Separated by commas."))
    url = forms.URLField(required=False, assume_scheme="https", max_length=500)
    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        initial="en",
        required=False,
        help_text=_("Channels in this language are offered it as starter training."),
    )

    class Meta:
        model = Resource
        fields = ("kind", "language", "title", "summary", "body", "url", "estimated_minutes")


def _each(modeladmin, request, queryset, service, done: str, **kwargs):
    count = 0
    for resource in queryset:
        try:
            service(resource=resource, actor=request.user, **kwargs)
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"{resource}: {error}", messages.ERROR)
        else:
            count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d resource %(done)s.", "%(count)d resources %(done)s.", count)
        % {"count": count, "done": done},
    )


@admin.action(description=_("Feature in the community library"))
def feature(modeladmin, request, queryset):
    _each(modeladmin, request, queryset, services.resource_feature, _("featured"), featured=True)


@admin.action(description=_("Stop featuring"))
def unfeature(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.resource_feature,
        _("no longer featured"),
        featured=False,
    )


@admin.action(description=_("Unpublish from the community library"))
def unpublish(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.resource_unpublish,
        _("unpublished"),
        unpublished=True,
    )


@admin.action(description=_("Publish again in the community library"))
def republish(modeladmin, request, queryset):
    _each(
        modeladmin,
        request,
        queryset,
        services.resource_unpublish,
        _("published again"),
        unpublished=False,
    )


class SharedFilter(admin.SimpleListFilter):
    title = _("library")
    parameter_name = "library"

    def lookups(self, request, model_admin):
        return [
            ("platform", _("Platform")),
            ("shared", _("Shared by a channel")),
            ("channel", _("Channel only")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "platform":
            return queryset.filter(channel__isnull=True)
        if self.value() == "shared":
            return queryset.filter(channel__isnull=False, shared_at__isnull=False)
        if self.value() == "channel":
            return queryset.filter(channel__isnull=False, shared_at__isnull=True)
        return queryset


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "language",
        "owner",
        "shared_at",
        "is_featured",
        "unpublished_at",
        "open_reports",
    )
    list_filter = (SharedFilter, "kind", "language", "is_featured")
    search_fields = ("title", "summary", "channel__name", "channel__slug")
    actions = [feature, unfeature, unpublish, republish]
    inlines = [ReportInline]
    list_select_related = ("channel",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_count=Count("reports", filter=Q(reports__state=ReportState.OPEN)))
        )

    @admin.display(description=_("channel"))
    def owner(self, resource):
        return resource.channel.name if resource.channel_id else _("Platform")

    @admin.display(description=_("open reports"), ordering="open_count")
    def open_reports(self, resource):
        return resource.open_count

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = PlatformResourceForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return (
                "kind",
                "language",
                "title",
                "summary",
                "body",
                "url",
                "tags",
                "estimated_minutes",
            )
        return (
            "title",
            "kind",
            "language",
            "channel",
            "summary",
            "body",
            "url",
            "file_name",
            "file_type",
            "estimated_minutes",
            "created_by",
            "shared_at",
            "shared_by",
            "is_featured",
            "unpublished_at",
            "copied_from",
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def has_add_permission(self, request):
        return request.user.has_perm("resources.moderate_community")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        created = services.platform_resource_create(
            actor=request.user,
            kind=data["kind"],
            language=data.get("language") or "en",
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            url=data["url"],
            tags=data["tags"],
            estimated_minutes=data["estimated_minutes"],
        )
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        pass


class ResolveForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ("resolution",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Open reports first. Writing a resolution resolves the report and tells the owner."""

    form = ResolveForm
    list_display = ("resource", "reporter", "state", "created_at", "resolved_at")
    list_filter = ("state",)
    search_fields = ("resource__title", "reason", "reporter__username")
    list_select_related = ("resource", "reporter")
    ordering = ("-state", "-created_at")
    fields = (
        "resource",
        "reporter",
        "reason",
        "created_at",
        "state",
        "resolution",
        "resolved_by",
        "resolved_at",
    )

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "resource",
            "reporter",
            "reason",
            "created_at",
            "state",
            "resolved_by",
            "resolved_at",
        ]
        if obj is not None and obj.state == ReportState.RESOLVED:
            readonly.append("resolution")
        return readonly

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        resolution = form.cleaned_data.get("resolution", "")
        if not resolution.strip():
            self.message_user(
                request, _("Write a resolution to resolve the report."), messages.WARNING
            )
            return
        services.report_resolve(report=obj, actor=request.user, resolution=resolution)
