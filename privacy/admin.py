"""Platform staff: data requests received by email (export, erasure) run through the same
services, which check the staff member's own permission and record who asked."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .erasure import account_erase
from .models import AccountDeletion, ChannelDeletion, DataExport, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("username", "email", "is_active", "date_joined")
    search_fields = ("username", "email")
    fields = ("username", "email", "is_active", "date_joined", "last_login")
    readonly_fields = fields
    actions = ["export_data", "erase_now"]

    def has_module_permission(self, request):
        return request.user.has_perm("privacy.export_person") or request.user.has_perm(
            "privacy.erase_person"
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Export the data of the selected people"))
    def export_data(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda person: services.export_request(user=person, actor=request.user),
            _("Export started for %(count)d people; the archive is emailed to them."),
        )

    @admin.action(description=_("Erase the selected accounts now (request received)"))
    def erase_now(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda person: account_erase(user=person, actor=request.user),
            _("%(count)d accounts erased."),
        )

    def _run(self, request, queryset, action, done_message):
        count = 0
        for person in queryset:
            try:
                action(person)
            except (PermissionDenied, ValidationError) as error:
                text = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{person.username}: {text}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done_message % {"count": count}, messages.SUCCESS)


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ("pk", "user", "kind", "channel_slug", "state", "created_at", "expires_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in DataExport._meta.fields if f.name != "file"]
    exclude = ("file",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ("pseudonym", "state", "requested_at", "due_at", "finished_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChannelDeletion)
class ChannelDeletionAdmin(admin.ModelAdmin):
    list_display = ("channel_slug", "state", "requested_at", "due_at", "finished_at")
    list_filter = ("state",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
