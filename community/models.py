"""Moderator profiles (with weekly availability) and announcements, channel and platform."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.languages import LANGUAGE_CHOICES
from channels.models import ChannelOwned, Platform

BIO_MAX = 600
EXPERIENCE_MAX = 1500
ANNOUNCEMENT_TITLE_MAX = 120
ANNOUNCEMENT_BODY_MAX = 4000
LANGUAGES_MAX = 8
HOURS_IN_WEEK = 7 * 24

# The fields a moderator can keep to themself, with the label the settings form shows.
PRIVATE_FIELDS = {
    "bio": _("Bio"),
    "languages": _("Languages"),
    "time_zone": _("Time zone"),
    "hours": _("Usual weekly hours"),
    "away": _("Away until"),
    "platforms": _("Platforms"),
    "experience": _("Experience"),
    "training": _("Completed training"),
}


def avatar_path(instance, filename: str) -> str:
    """A random name; the extension is the image's real format (set by the form's check)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"avatars/{uuid.uuid4().hex}.{extension}"


class Profile(models.Model):
    """What a moderator tells the community about themself. Display name and time zone live on
    the user (portal.User), which the rest of the portal already uses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile"
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True, max_length=200)
    bio = models.TextField(_("short bio"), max_length=BIO_MAX, blank=True)
    experience = models.TextField(_("experience"), max_length=EXPERIENCE_MAX, blank=True)
    away_until = models.DateField(_("away until"), null=True, blank=True)
    open_to_channels = models.BooleanField(_("open to new channels"), default=False)
    accepts_invitations = models.BooleanField(_("channels may invite me"), default=True)
    show_bio = models.BooleanField(default=True)
    show_languages = models.BooleanField(default=True)
    show_time_zone = models.BooleanField(default=True)
    show_hours = models.BooleanField(default=True)
    show_away = models.BooleanField(default=True)
    show_platforms = models.BooleanField(default=True)
    show_experience = models.BooleanField(default=True)
    show_training = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("moderator profile")
        verbose_name_plural = _("moderator profiles")
        indexes = [models.Index(fields=["open_to_channels"], name="profile_directory")]

    def __str__(self) -> str:
        return str(self.user)

    def shows(self, field: str) -> bool:
        return getattr(self, f"show_{field}")


class ProfileLanguage(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="language_rows")
    code = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="unique_profile_language")
        ]
        indexes = [models.Index(fields=["code", "profile"], name="profile_language_by_code")]

    def __str__(self) -> str:
        return self.get_code_display()


class ProfilePlatform(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="platform_rows")
    code = models.CharField(max_length=20, choices=Platform.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "code"], name="unique_profile_platform")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class AvailabilityHour(models.Model):
    """One hour of the moderator's usual week. `local_slot` is weekday × 24 + hour (Monday 0)
    in their time zone, as they entered it; `utc_slot` is the same hour in UTC at the offset
    their zone had when they saved (daylight saving moves it by an hour at most), which is what
    coverage and the directory's overlap filter compare in the database."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="hours")
    local_slot = models.PositiveSmallIntegerField()
    utc_slot = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["local_slot"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "local_slot"], name="unique_profile_hour"),
            models.CheckConstraint(
                condition=Q(local_slot__lt=HOURS_IN_WEEK) & Q(utc_slot__lt=HOURS_IN_WEEK),
                name="availability_slot_in_week",
            ),
        ]
        indexes = [models.Index(fields=["utc_slot", "profile"], name="availability_by_utc")]

    def __str__(self) -> str:
        return f"{self.local_slot // 24}:{self.local_slot % 24:02d}"


class Announcement(ChannelOwned):
    """A short post to a channel's team; pinned ones stay on the members' dashboards."""

    title = models.CharField(_("title"), max_length=ANNOUNCEMENT_TITLE_MAX)
    body = models.TextField(_("message"), max_length=ANNOUNCEMENT_BODY_MAX)
    is_pinned = models.BooleanField(_("pin to the team's dashboard"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["channel", "-created_at"], name="announcement_by_channel")]

    def __str__(self) -> str:
        return self.title


class PlatformAnnouncement(models.Model):
    """News from the platform's admins to every moderator, written in the Django admin (a
    separate model, so channel-owned announcement queries never meet platform rows)."""

    title = models.CharField(_("title"), max_length=ANNOUNCEMENT_TITLE_MAX)
    body = models.TextField(_("message"), max_length=ANNOUNCEMENT_BODY_MAX)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("platform announcement")
        verbose_name_plural = _("platform announcements")

    def __str__(self) -> str:
        return self.title
