"""Twitch sync: a channel's link to its broadcaster, roles' Twitch status, the change outbox,
Twitch's lists as last seen, and the differences (drift) the owner resolves.

Tokens are not here: they stay where allauth stores them (SocialToken of the owner's
SocialAccount); a link names that account, and goes with it.
"""

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned


class TwitchStatus(models.TextChoices):
    MODERATOR = "moderator", _("Moderator on Twitch")
    VIP = "vip", _("VIP on Twitch")


STATUS_OR_NONE = [("", _("No Twitch status")), *TwitchStatus.choices]


class TwitchLink(ChannelOwned):
    """The channel's Twitch broadcaster, and the owner's Twitch account whose token acts."""

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="+")
    broadcaster_id = models.CharField(max_length=40)
    broadcaster_login = models.CharField(max_length=60)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)
    lists_fetched_at = models.DateTimeField(null=True, blank=True)
    lists_error = models.CharField(max_length=500, blank=True)
    # Twitch's token validation (sync.tokens_validate, hourly): when it last answered, since
    # when it no longer accepts the token (the owner disconnected the portal on Twitch), and
    # the scopes it reports the token has.
    token_checked_at = models.DateTimeField(null=True, blank=True)
    token_lost_at = models.DateTimeField(null=True, blank=True)
    token_scopes = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("Twitch link")
        verbose_name_plural = _("Twitch links")
        constraints = [models.UniqueConstraint(fields=["channel"], name="one_twitch_link")]

    def __str__(self) -> str:
        return f"{self.broadcaster_login} ({self.channel_id})"

    @property
    def missing_scopes(self) -> list[str]:
        """The sync's scopes Twitch did not report at the last validation (none before one)."""
        if self.token_checked_at is None or self.token_lost_at is not None:
            return []
        held = set(self.token_scopes or [])
        return [scope for scope in settings.TWITCH_SYNC_SCOPES if scope not in held]


class TwitchRoleStatus(ChannelOwned):
    """A role marked "moderator on Twitch" or "VIP on Twitch"; no row: no Twitch status."""

    role = models.OneToOneField("channels.Role", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=TwitchStatus.choices)

    class Meta:
        verbose_name = _("Twitch role status")
        verbose_name_plural = _("Twitch role statuses")

    def __str__(self) -> str:
        return f"{self.role_id}: {self.status}"


class ChangeState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Being applied")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TwitchChange(ChannelOwned):
    """The outbox: one person's Twitch status to change from one value to another."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=150)  # who, as shown (the user may be deleted later)
    twitch_user_id = models.CharField(max_length=40, blank=True)  # known now, or looked up
    from_status = models.CharField(max_length=10, choices=STATUS_OR_NONE, blank=True)
    to_status = models.CharField(max_length=10, choices=STATUS_OR_NONE, blank=True)
    reason = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=ChangeState.choices, default="pending")
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)  # Twitch's rate-limit reset
    done_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True)
    # The calls the change takes on Twitch, planned at its first claim: ["remove:vip",
    # "add:moderator"] (Twitch holds one status per person and refuses a second), and how many
    # are done, saved after each call so a change resumed after a crash starts at the next.
    steps = models.JSONField(default=list, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Twitch change")
        verbose_name_plural = _("Twitch changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["channel", "-created_at"], name="twitch_change_by_time"),
            models.Index(
                fields=["state", "claimed_at"],
                condition=Q(state__in=["pending", "sending"]),
                name="twitch_change_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.from_status or '-'} → {self.to_status or '-'}"


class TwitchListEntry(ChannelOwned):
    """One name on Twitch's moderator or VIP list, as last fetched."""

    twitch_user_id = models.CharField(max_length=40)
    login = models.CharField(max_length=60)
    display_name = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=TwitchStatus.choices)

    class Meta:
        ordering = ["status", "login"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "twitch_user_id", "status"], name="unique_twitch_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.login}: {self.status}"


class DriftState(models.TextChoices):
    OPEN = "open", _("Open")
    ADOPTED = "adopted", _("Adopted into the portal")
    REVERTED = "reverted", _("Reverted on Twitch")


class TwitchDrift(ChannelOwned):
    """Twitch and the portal disagree about one person; the owner decides which is right."""

    twitch_user_id = models.CharField(max_length=40)
    login = models.CharField(max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    expected_status = models.CharField(max_length=10, choices=STATUS_OR_NONE, blank=True)
    actual_status = models.CharField(max_length=10, choices=STATUS_OR_NONE, blank=True)
    state = models.CharField(max_length=10, choices=DriftState.choices, default="open")
    detected_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Twitch drift")
        verbose_name_plural = _("Twitch drifts")
        ordering = ["login"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "twitch_user_id"],
                condition=Q(state="open"),
                name="one_open_drift_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.login}: {self.expected_status or '-'} ≠ {self.actual_status or '-'}"


class EventSubMessage(models.Model):
    """An EventSub message id already handled, so a replay is refused. Platform-wide: Twitch
    numbers messages across every subscription. Kept as long as a replay could be accepted."""

    message_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.message_id
