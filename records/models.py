"""A moderator's service record: one row per (person, channel, stint), kept when the
membership ends (the membership row itself is deleted by channels' team services)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned


class Ending(models.TextChoices):
    CURRENT = "", _("Current")
    LEFT = "left", _("Left the team")
    REMOVED = "removed", _("Removed from the team")
    ARCHIVED = "archived", _("Channel archived")


class ServiceRecord(ChannelOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_records"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ending = models.CharField(max_length=16, choices=Ending.choices, blank=True, default="")
    # Shown to the channel's team only, never on the person's profile.
    removal_reason = models.CharField(max_length=500, blank=True, default="")
    # Past entries only show on the profile when the person says so.
    visible = models.BooleanField(default=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "ended_at"])]

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class RolePeriod(ChannelOwned):
    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="periods")
    role_name = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
