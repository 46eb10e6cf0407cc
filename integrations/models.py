"""Outgoing webhooks: the channel's event log (also the API's event feed), its endpoints and
the outbox of deliveries, one row per (event, endpoint), with each attempt logged."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned


class Level(models.TextChoices):
    """Who may already see an event; an endpoint receives events up to its level."""

    PUBLIC = "public", _("Public events only")
    TEAM = "team", _("Team events")
    REVIEW = "review", _("Team and recruitment events (reviewers' view)")


LEVEL_RANK = {Level.PUBLIC: 0, Level.TEAM: 1, Level.REVIEW: 2}


class ChannelEvent(ChannelOwned):
    """One domain event, as outsiders may read it. `id` only grows: it is the feed's cursor."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=80)
    level = models.CharField(max_length=10, choices=Level.choices)
    payload = models.JSONField(default=dict)
    occurred_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["channel", "id"], name="integrations_event_cursor")]


class EndpointKind(models.TextChoices):
    DISCORD = "discord", _("Discord webhook")
    SIGNED = "signed", _("Signed JSON (Standard Webhooks)")


class Endpoint(ChannelOwned):
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=EndpointKind.choices)
    url = models.URLField(_("URL"), max_length=500)
    level = models.CharField(_("events it may receive"), max_length=10, choices=Level.choices)
    events = models.JSONField(default=list)
    # Discord only: the role pinged with each message (its id). Empty: nobody is pinged.
    mention_role = models.CharField(_("role to ping"), max_length=20, blank=True)
    secret = models.CharField(max_length=100, blank=True)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class Delivery(ChannelOwned):
    """The outbox: written in the event's transaction, sent by the worker after commit."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(ChannelEvent, null=True, on_delete=models.CASCADE, related_name="+")
    is_test = models.BooleanField(default=False)
    webhook_id = models.CharField(max_length=40, unique=True)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="integrations_due")]


class Attempt(ChannelOwned):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)  # never more of a response body

    class Meta:
        ordering = ["-at", "-id"]
