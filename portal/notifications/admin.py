from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.admin import ReadOnlyMixin

from . import services
from .models import Notification, NotificationPreference, OutboundEmail, State


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every notification with its delivery state. Read-only: the outbox records what happened;
    the one change offered is giving failed rows a fresh set of attempts."""

    list_display = (
        "id",
        "created_at",
        "recipient",
        "event",
        "channel",
        "email_mode",
        "state",
        "attempts",
        "short_error",
        "sent_at",
        "read_at",
    )
    list_filter = ("state", "email_mode", "event", "created_at")
    search_fields = ("recipient__username", "recipient__email", "event", "summary")
    list_select_related = ("recipient", "channel")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    actions = ["resend_failed"]
    show_full_result_count = False  # counting a large outbox on every page is slow
    readonly_fields = [field.name for field in Notification._meta.fields]

    @admin.display(description=_("last error"))
    def short_error(self, obj: Notification) -> str:
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(
        description=_("Re-send the selected failed notifications"), permissions=["resend"]
    )
    def resend_failed(self, request, queryset):
        ids = list(queryset.filter(state=State.FAILED).values_list("pk", flat=True))
        count = services.notifications_resend(notification_ids=ids)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued to be sent again.",
                "%(count)d notifications queued to be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected notification had not failed and was left alone.",
                    "%(count)d selected notifications had not failed and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.INFO,
            )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("user", "event", "channel", "delivery", "updated_at")
    list_filter = ("delivery", "event")
    search_fields = ("user__username", "user__email", "event")
    list_select_related = ("user", "channel")
    readonly_fields = ("user", "event", "channel", "delivery", "updated_at")


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Account emails and their delivery state. The bodies are never shown: a password-reset
    or verification link in them would let staff act as the account's owner."""

    list_display = ("id", "created_at", "to", "template", "state", "attempts", "short_error")
    list_filter = ("state", "template", "created_at")
    search_fields = ("to",)
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    show_full_result_count = False
    fields = readonly_fields = (
        "to",
        "template",
        "message_id",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "queued_at",
        "claimed_at",
        "sent_at",
    )

    @admin.display(description=_("last error"))
    def short_error(self, obj: OutboundEmail) -> str:
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error
