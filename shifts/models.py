"""The stream schedule of a channel and the shifts that cover it.

A `Stream` is one-off or weekly. Its start is kept as local wall time (date + time) in the
channel's time zone at the time it was saved, so a weekly 20:00 stream in Europe/Berlin stays at
20:00 across daylight-saving changes; occurrences are expanded with zoneinfo (selectors.py). One
occurrence can be cancelled (`StreamException`). A `Shift` is a member covering one occurrence
(`occurs_on` set) or every occurrence of a weekly stream (`occurs_on` empty), in one of the
stream's needs (a role, or anyone on the team).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from channels.models import ChannelOwned

TITLE_MAX = 120
DURATION_MAX_MINUTES = 24 * 60
NEED_MAX = 20
NEED_SLOTS = 3


class Source(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    TWITCH = "twitch", _("Imported from Twitch")


class Stream(ChannelOwned):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    starts_on = models.DateField(_("date (first stream)"))
    start_time = models.TimeField(_("start time"))
    time_zone = models.CharField(max_length=64)
    duration_minutes = models.PositiveIntegerField(_("expected length (minutes)"))
    weekly = models.BooleanField(_("every week"), default=False)
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    swaps_need_approval = models.BooleanField(_("swaps need a lead's approval"), default=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    twitch_segment_id = models.CharField(max_length=200, blank=True)
    edited_by_hand = models.BooleanField(default=False)
    # What Twitch says of a stream edited by hand here, when it differs (shown, not applied).
    twitch_differs = models.JSONField(default=dict, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "start_time", "id"]
        indexes = [models.Index(fields=["channel", "starts_on"], name="stream_by_date")]

    def __str__(self) -> str:
        return self.title


class ScheduleSettings(ChannelOwned):
    """The channel's schedule rules, set by those who manage the team (one row, made on the
    first change; no row means the defaults)."""

    swaps_need_approval = models.BooleanField(
        _("every swap needs the approval of someone who manages the team"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel"], name="one_schedule_settings")]
        verbose_name = _("schedule settings")
        verbose_name_plural = _("schedule settings")

    def __str__(self) -> str:
        return f"schedule settings {self.channel_id}"


class StreamNeed(ChannelOwned):
    """How many moderators a stream needs in one role (or anyone, role empty)."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="needs")
    role = models.ForeignKey(
        "channels.Role", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "role"], name="one_need_per_role", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.stream_id}: {self.count}"


MOVE_MAX_DAYS = 6  # a moved occurrence stays between its weekly neighbours


class StreamException(ChannelOwned):
    """One occurrence of a stream cancelled, or moved to another local date and time (the
    series is unchanged, and shifts keep pointing at the occurrence by its planned date)."""

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="exceptions")
    occurs_on = models.DateField()
    cancelled = models.BooleanField(default=True)
    moved_on = models.DateField(null=True, blank=True)
    moved_time = models.TimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "occurs_on"], name="one_exception_per_day"),
            models.CheckConstraint(
                condition=Q(cancelled=True) | Q(moved_on__isnull=False, moved_time__isnull=False),
                name="exception_cancels_or_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stream_id} {self.occurs_on}"


class Shift(ChannelOwned):
    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="shifts")
    need = models.ForeignKey(StreamNeed, on_delete=models.CASCADE, related_name="shifts")
    occurs_on = models.DateField(null=True, blank=True)  # empty: every occurrence
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offered = models.BooleanField(default=False)
    taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)
    # A weekly shift's dates its holder let go (away): ISO dates, those occurrences are open.
    released = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurs_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stream", "occurs_on", "user"],
                name="one_shift_per_person",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(fields=["channel", "stream"], name="shift_by_stream"),
            models.Index(fields=["user"], name="shift_by_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.stream_id}"

    def covers(self, day) -> bool:
        """This shift is on the occurrence of `day` (its own day, or every week but the
        dates let go)."""
        if self.occurs_on is not None:
            return self.occurs_on == day
        return day.isoformat() not in (self.released or ())


class Sent(models.Model):
    """A reminder or gap alert already sent for one occurrence (so the beat task sends once)."""

    kind = models.CharField(max_length=20)
    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="+")
    occurs_on = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "stream", "occurs_on", "user"],
                name="sent_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.stream_id} {self.occurs_on}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private feed URL: a person's shifts (channel empty) or one channel's schedule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    channel = models.ForeignKey(
        "channels.Channel", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel"], name="one_feed_each", nulls_distinct=False
            ),
            models.CheckConstraint(condition=~Q(token=""), name="feed_token_set"),
        ]

    def __str__(self) -> str:
        return f"feed {self.user_id}/{self.channel_id}"
