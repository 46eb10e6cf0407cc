from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry
from .registry import Delivery, label_for


class State(models.TextChoices):
    """Where a row's email stands. The in-app inbox entry is the row itself, always."""

    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("No email")


class OutboxRow(models.Model):
    """How and whether one email went out: the fields the claim-send-mark path works on."""

    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(OutboxRow):
    """One event for one recipient: the inbox entry and the outbox row for its email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=100)
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    summary = models.CharField(_("summary"), max_length=300)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    # Outbox (the state fields come from OutboxRow): whether and when it is emailed.
    email_mode = models.CharField(_("email"), max_length=16, choices=Delivery.choices)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_inbox_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread_idx"
            ),
            # The sweep and the digest look only at unfinished email rows: a small index.
            models.Index(
                fields=["email_mode", "state", "queued_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="notif_outbox_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="notif_state_valid"),
            models.CheckConstraint(
                condition=Q(email_mode__in=[Delivery.IN_APP, Delivery.IMMEDIATE, Delivery.DIGEST]),
                name="notif_email_mode_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def event_label(self) -> str:
        return label_for(self.event)

    @property
    def text(self) -> str:
        """What happened, in the active language (the reader's: the page's, or the email's).

        Rendered from the event's translated summary with the row's context, so a German
        reader and a Spanish one read the same row in their own words; what users wrote (a
        channel's name, a title) comes from the context unchanged. The stored `summary`, in
        the site's language, stands in when the event is no longer registered, or when the
        summary names an actor whose account is gone.
        """
        event_type = registry.get_or_none(self.event)
        if event_type is None:
            return self.summary
        if self.actor_id is None and "actor" in str(event_type.summary) and self.summary:
            return self.summary
        return event_type.render_summary(
            context=_typed(self.context or {}),
            actor=self.actor,
            channel=self.channel,
            target_label=self.target_label,
        )

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


def _typed(context: dict) -> dict:
    """JSON keeps dates as ISO strings; `…_on` and `…_at` values become dates and datetimes
    again, so the summary prints them in the reader's format and time zone."""
    typed = dict(context)
    for key, value in context.items():
        if not isinstance(value, str):
            continue
        try:
            if key.endswith("_on"):
                typed[key] = date.fromisoformat(value)
            elif key.endswith("_at"):
                moment = datetime.fromisoformat(value)
                typed[key] = moment if timezone.is_aware(moment) else None
        except ValueError:
            continue
        if typed[key] is None:
            typed[key] = value
    return typed


class NotificationPreference(models.Model):
    """A user's choice for one event, everywhere (channel empty) or in one channel."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event"), max_length=100)
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # Two partial constraints: NULL channels are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "event"],
                condition=Q(channel__isnull=True),
                name="notif_pref_unique_global",
            ),
            models.UniqueConstraint(
                fields=["user", "event", "channel"],
                condition=Q(channel__isnull=False),
                name="notif_pref_unique_channel",
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="notif_pref_delivery_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.event} · {self.get_delivery_display()}"


class OutboundEmail(OutboxRow):
    """An account email (verification, password reset, security notice) waiting to go out.

    allauth's adapter writes one inside the request's transaction instead of talking to the
    mail server, so a mail outage delays the email and never fails the page. The bodies can
    hold secrets (a password-reset link): the admin shows the state, never the bodies, and
    delivery blanks them once the email is sent or has failed for good.
    """

    to = models.EmailField(_("to"), max_length=254)
    from_email = models.CharField(_("from"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    template = models.CharField(_("kind"), max_length=100, blank=True)
    # Chosen once, so a copy re-sent after a crash folds into the first in the reader's client.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")
        indexes = [
            models.Index(
                fields=["state", "queued_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="outbound_outbox_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="outbound_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template or self.subject} → {self.to}"
