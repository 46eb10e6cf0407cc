"""The tenant: a channel, its roles, its team and its append-only audit log."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import TIME_ZONE_CHOICES

from .languages import LANGUAGE_CHOICES


class Capability(models.TextChoices):
    """What a role lets its holders do. Values are the Role field names."""

    MANAGE_CHANNEL = "can_manage_channel", _("Manage channel settings")
    MANAGE_TEAM = "can_manage_team", _("Manage the team (add and remove members)")
    MANAGE_ROLES = "can_manage_roles", _("Manage roles")
    REVIEW_APPLICATIONS = "can_review_applications", _("Review applications")
    MANAGE_NORMS = "can_manage_norms", _("Manage norms")
    MANAGE_RESOURCES = "can_manage_resources", _("Manage training resources")
    VIEW_AUDIT_LOG = "can_view_audit_log", _("View the audit log")
    POST_ANNOUNCEMENTS = "can_post_announcements", _("Post announcements")
    WRITE_DEBRIEFS = "can_write_debriefs", _("Write incident debriefs")
    MANAGE_DEBRIEFS = "can_manage_debriefs", _("Manage debriefs (agree lessons on any debrief)")
    MANAGE_INTEGRATIONS = "can_manage_integrations", _("Manage integrations (webhooks)")


class ChannelQuerySet(models.QuerySet):
    def for_channel(self, channel):
        return self.filter(channel=channel)


class ChannelOwned(models.Model):
    """Every tenant row carries its channel itself, so tenant queries are one-column filters."""

    channel = models.ForeignKey("channels.Channel", on_delete=models.CASCADE, related_name="+")

    objects = ChannelQuerySet.as_manager()

    class Meta:
        abstract = True


class Platform(models.TextChoices):
    TWITCH = "twitch", "Twitch"
    YOUTUBE = "youtube", "YouTube"
    KICK = "kick", "Kick"
    TIKTOK = "tiktok", "TikTok"
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: listed in the portal")
    UNLISTED = "unlisted", _("Unlisted: only people with the link")


slug_validator = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$",
    _("Use 3–40 lowercase letters, digits and hyphens; start and end with a letter or digit."),
)


RESERVED_SLUGS = frozenset(
    [
        "about",
        "admin",
        "api",
        "accounts",
        "account",
        "c",
        "channel",
        "channels",
        "dashboard",
        "help",
        "healthz",
        "login",
        "logout",
        "media",
        "new",
        "notifications",
        "official",
        "settings",
        "signup",
        "static",
        "staff",
        "support",
        "team",
        "modportal",
        "moderators",
        "resources",
        "search",
        "www",
    ]
)


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved. Choose another address."), params={"slug": value}
        )


AVATAR_EXTENSIONS = {"png", "jpg", "jpeg", "webp", "gif"}


def avatar_path(instance, filename: str) -> str:
    """A random name keeping only a known image extension, so an upload is never served as HTML."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in AVATAR_EXTENSIONS:
        extension = "img"
    return f"channels/avatars/{uuid.uuid4().hex}.{extension}"


class Channel(models.Model):
    name = models.CharField(_("display name"), max_length=80)
    slug = models.CharField(
        _("address"),
        max_length=40,
        unique=True,
        validators=[slug_validator, validate_slug_not_reserved],
    )
    platform = models.CharField(_("streaming platform"), max_length=20, choices=Platform.choices)
    platform_url = models.URLField(_("channel address on the platform"), max_length=200)
    description = models.TextField(_("about"), max_length=5000, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    # The language the channel's defaults (roles, starter norms, training) are offered in.
    language = models.CharField(
        _("language of the team's defaults"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["visibility", "archived_at"], name="channel_listing")]
        permissions = [("suspend_channel", "Can suspend and lift the suspension of a channel")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("channels:detail", kwargs={"slug": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def is_read_only(self) -> bool:
        """Suspended or archived channels keep their pages but accept no changes."""
        return self.is_suspended or self.is_archived

    def language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [names.get(code, code) for code in self.languages]


class Role(ChannelOwned):
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("responsibilities"), max_length=2000, blank=True)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#6d28d9",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #6d28d9."))],
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    can_manage_channel = models.BooleanField(Capability.MANAGE_CHANNEL.label, default=False)
    can_manage_team = models.BooleanField(Capability.MANAGE_TEAM.label, default=False)
    can_manage_roles = models.BooleanField(Capability.MANAGE_ROLES.label, default=False)
    can_review_applications = models.BooleanField(
        Capability.REVIEW_APPLICATIONS.label, default=False
    )
    can_manage_norms = models.BooleanField(Capability.MANAGE_NORMS.label, default=False)
    can_manage_resources = models.BooleanField(Capability.MANAGE_RESOURCES.label, default=False)
    can_view_audit_log = models.BooleanField(Capability.VIEW_AUDIT_LOG.label, default=False)
    can_post_announcements = models.BooleanField(Capability.POST_ANNOUNCEMENTS.label, default=False)
    can_write_debriefs = models.BooleanField(Capability.WRITE_DEBRIEFS.label, default=False)
    can_manage_debriefs = models.BooleanField(Capability.MANAGE_DEBRIEFS.label, default=False)
    can_manage_integrations = models.BooleanField(
        Capability.MANAGE_INTEGRATIONS.label, default=False
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            # Case-insensitive: "moderator" next to "Moderator" would confuse everyone.
            models.UniqueConstraint(Lower("name"), "channel", name="unique_role_name_ci"),
        ]
        indexes = [models.Index(fields=["channel", "position"], name="role_order")]

    def __str__(self) -> str:
        return self.name

    def capabilities(self) -> frozenset[str]:
        return frozenset(c for c in Capability.values if getattr(self, c))

    def capability_labels(self) -> list[str]:
        return [c.label for c in Capability if getattr(self, c.value)]


class Membership(ChannelOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    is_owner = models.BooleanField(default=False)
    is_listed = models.BooleanField(_("show me on the channel's public page"), default=True)
    roles = models.ManyToManyField(
        Role, through="MembershipRole", related_name="memberships", blank=True
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="unique_membership"),
            models.UniqueConstraint(
                fields=["channel"], condition=Q(is_owner=True), name="one_owner_per_channel"
            ),
        ]
        indexes = [models.Index(fields=["user", "channel"], name="membership_by_user")]

    def __str__(self) -> str:
        return f"{self.user} in {self.channel_id}"


class MembershipRole(ChannelOwned):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)
    role = models.ForeignKey(Role, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="unique_membership_role")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}:{self.role_id}"


class AppendOnlyError(Exception):
    """An attempt to edit or delete audit events: a programming error, never user input."""


class AuditEventQuerySet(ChannelQuerySet):
    """Bulk edits and deletes are refused like instance ones; rows go only with their channel
    (the cascade uses the base manager's plain queryset)."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")


class AuditEvent(ChannelOwned):
    """One change, as it happened. Never edited, never deleted (except with its channel)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["channel", "-created_at", "-id"], name="audit_by_time"),
            models.Index(fields=["channel", "action", "-created_at"], name="audit_by_action"),
            models.Index(fields=["channel", "actor_name", "-created_at"], name="audit_by_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def changes(self) -> list[tuple[str, object, object]]:
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [(key, self.before.get(key), self.after.get(key)) for key in keys]
