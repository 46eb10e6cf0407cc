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


class Endorsement(ChannelOwned):
    """A word from the channel's owner or a team manager about someone who served on the team.
    Nobody else sees it until the person accepts it."""

    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="endorsements")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_received"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="endorsements_written",
    )
    author_name = models.CharField(max_length=150)
    body = models.TextField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject", "accepted_at"])]

    def __str__(self) -> str:
        return f"Endorsement of {self.subject_id} by {self.author_name}"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class SigningKey(models.Model):
    """The instance's Ed25519 keys. Only the newest unretired one signs; retired public keys
    stay published in did.json and the JWKS so older credentials still verify."""

    kid = models.CharField(max_length=64, unique=True)
    private_jwk = models.JSONField()
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.kid


class AchievementKind(models.TextChoices):
    TRAINING = "training", _("Completed training")
    TENURE = "tenure", _("Tenure milestone")
    SERVICE = "service", _("Time on a team")


class IssuedCredential(models.Model):
    """One Open Badges 3.0 credential the instance signed for a person, with its place in the
    Bitstring Status List (the bit is set when the credential is revoked)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    channel = models.ForeignKey(
        "channels.Channel", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=AchievementKind.choices)
    # What was achieved, e.g. "training:12", "tenure:7:365" or "service:7": one credential each.
    achievement_key = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True, default="")
    # A stint on a team (kind "service"): the role last held and its dates, as OB 3.0's
    # AchievementSubject role / activityStartDate / activityEndDate.
    role = models.CharField(max_length=100, blank=True, default="")
    activity_start = models.DateTimeField(null=True, blank=True)
    activity_end = models.DateTimeField(null=True, blank=True)
    status_index = models.PositiveIntegerField(unique=True)
    kid = models.CharField(max_length=64)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "achievement_key"], name="one_credential_per_achievement"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AttachedCredential(ChannelOwned):
    """A credential an applicant attached to an application, as signed when attached: the
    review page verifies this token again each time it is shown."""

    application = models.ForeignKey(
        "moderators.Application", on_delete=models.CASCADE, related_name="+"
    )
    credential = models.ForeignKey(
        IssuedCredential, on_delete=models.SET_NULL, null=True, related_name="attachments"
    )
    token = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "credential"], name="one_attachment_per_credential"
            )
        ]
