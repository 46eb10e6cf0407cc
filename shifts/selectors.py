"""Reads of the schedule: occurrences expanded in the stream's zone, with their coverage.

Every read here is a fixed number of queries, whatever the number of streams or shifts.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from channels.models import Channel, Membership

from .models import (
    MOVE_MAX_DAYS,
    CalendarFeed,
    ScheduleSettings,
    Shift,
    Stream,
    StreamException,
    StreamNeed,
)

HORIZON_DAYS = 14


@dataclass
class NeedCoverage:
    need: StreamNeed
    shifts: list

    @property
    def missing(self) -> int:
        return max(self.need.count - len(self.shifts), 0)


@dataclass
class Occurrence:
    stream: Stream
    occurs_on: date
    starts_at: datetime  # aware, UTC
    ends_at: datetime
    cancelled: bool = False
    needs: list = field(default_factory=list)
    moved_from: datetime | None = None  # the planned start, when this one date was moved

    @property
    def shifts(self) -> list:
        return [s for n in self.needs for s in n.shifts]

    @property
    def needed(self) -> int:
        return sum(n.need.count for n in self.needs)

    @property
    def missing(self) -> int:
        return sum(n.missing for n in self.needs)

    @property
    def covered(self) -> bool:
        return not self.cancelled and self.missing == 0


def wall_time(zone_name: str, day: date, at) -> datetime:
    """The aware UTC instant of a local wall time (a wall time in a DST gap moves on)."""
    local = datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(zone_name))
    # Round trip through UTC normalises a nonexistent wall time (spring forward).
    return local.astimezone(zoneinfo.ZoneInfo("UTC"))


def local_start(stream: Stream, day: date) -> datetime:
    """The aware planned start of the stream on a local date."""
    return wall_time(stream.time_zone, day, stream.start_time)


def occurrence_start(stream: Stream, day: date, exception: StreamException | None) -> datetime:
    """The start of one occurrence: where it was moved to, or as planned."""
    if exception is not None and exception.moved_on is not None:
        return wall_time(stream.time_zone, exception.moved_on, exception.moved_time)
    return local_start(stream, day)


# A moved occurrence starts up to MOVE_MAX_DAYS from its planned date: expand that much wider.
SLACK = timedelta(days=MOVE_MAX_DAYS + 1)


def occurrence_dates(stream: Stream, start: date, end: date) -> list[date]:
    """The local dates of the stream between start and end (inclusive)."""
    if not stream.weekly:
        return [stream.starts_on] if start <= stream.starts_on <= end else []
    first = max(start, stream.starts_on)
    offset = (stream.starts_on.weekday() - first.weekday()) % 7
    day = first + timedelta(days=offset)
    last = min(end, stream.ends_on) if stream.ends_on else end
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=7)
    return days


def occurrences_of(stream: Stream, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences starting in [start, end), needing the stream's prefetched exceptions,
    needs and shifts (or none: then coverage is empty)."""
    cache = getattr(stream, "_prefetched_objects_cache", {})
    exceptions = {e.occurs_on: e for e in cache.get("exceptions", ())}
    needs = list(cache["needs"]) if "needs" in cache else []
    shifts = list(cache["shifts"]) if "shifts" in cache else []
    found = []
    for day in occurrence_dates(stream, (start - SLACK).date(), (end + SLACK).date()):
        exception = exceptions.get(day)
        starts_at = occurrence_start(stream, day, exception)
        if not start <= starts_at < end:
            continue
        moved = exception is not None and exception.moved_on is not None
        occurrence = Occurrence(
            stream=stream,
            occurs_on=day,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=stream.duration_minutes),
            cancelled=exception is not None and exception.cancelled,
            moved_from=local_start(stream, day) if moved else None,
        )
        occurrence.needs = [
            NeedCoverage(
                need=need,
                shifts=[s for s in shifts if s.need_id == need.pk and s.covers(day)],
            )
            for need in needs
        ]
        found.append(occurrence)
    return found


def _streams(channel: Channel):
    return Stream.objects.for_channel(channel).prefetch_related(
        Prefetch("exceptions", queryset=StreamException.objects.for_channel(channel)),
        Prefetch("needs", queryset=StreamNeed.objects.for_channel(channel).select_related("role")),
        Prefetch(
            "shifts",
            queryset=Shift.objects.for_channel(channel).select_related("user", "taker"),
        ),
    )


def schedule(*, channel: Channel, now: datetime | None = None, days: int = HORIZON_DAYS):
    """The channel's occurrences of the next `days` days, soonest first: four queries."""
    now = now or timezone.now()
    end = now + timedelta(days=days)
    streams = _streams(channel).exclude(ends_on__lt=(now - SLACK).date())
    streams = streams.exclude(weekly=False, starts_on__gt=end.date() + timedelta(days=1))
    found = [o for s in streams for o in occurrences_of(s, now - timedelta(hours=1), end)]
    return sorted(found, key=lambda o: (o.starts_at, o.stream.pk))


def settings_of(channel: Channel) -> ScheduleSettings:
    """The channel's schedule rules (unsaved defaults when never changed): one query."""
    found = ScheduleSettings.objects.for_channel(channel).first()
    return found or ScheduleSettings(channel=channel)


def swaps_need_approval(stream: Stream) -> bool:
    """A swap waits for a lead when the stream asks, or the channel asks for every stream."""
    return stream.swaps_need_approval or settings_of(stream.channel).swaps_need_approval


def stream_get(*, channel: Channel, pk) -> Stream | None:
    try:
        return _streams(channel).filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def streams_list(*, channel: Channel):
    return Stream.objects.for_channel(channel).prefetch_related(
        Prefetch("needs", queryset=StreamNeed.objects.for_channel(channel).select_related("role"))
    )


def shift_get(*, channel: Channel, pk) -> Shift | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return (
        Shift.objects.for_channel(channel)
        .filter(pk=pk)
        .select_related("stream", "need", "user", "taker")
        .first()
    )


def next_shifts_for(user, *, now: datetime | None = None, limit: int = 5) -> list:
    """(occurrence, shift) of the user's next shifts across channels: two queries."""
    now = now or timezone.now()
    end = now + timedelta(days=HORIZON_DAYS)
    shifts = list(
        Shift.objects.filter(user=user)
        .select_related("stream", "stream__channel", "need", "need__role")
        .exclude(stream__ends_on__lt=now.date() - timedelta(days=1))
    )
    exceptions = exceptions_of({s.stream_id for s in shifts})
    found = []
    for shift in shifts:
        stream = shift.stream
        for day in occurrence_dates(stream, (now - SLACK).date(), (end + SLACK).date()):
            exception = exceptions.get((stream.pk, day))
            if not shift.covers(day) or (exception and exception.cancelled):
                continue
            starts_at = occurrence_start(stream, day, exception)
            if now <= starts_at < end:
                found.append(
                    (
                        Occurrence(
                            stream=stream,
                            occurs_on=day,
                            starts_at=starts_at,
                            ends_at=starts_at + timedelta(minutes=stream.duration_minutes),
                        ),
                        shift,
                    )
                )
    found.sort(key=lambda pair: pair[0].starts_at)
    return found[:limit]


def exceptions_of(stream_ids) -> dict:
    """{(stream id, planned date): exception} of the streams: one query."""
    return {
        (e.stream_id, e.occurs_on): e
        for e in StreamException.objects.filter(stream_id__in=list(stream_ids))
    }


def user_shifts_all(user):
    """Every shift of a person, with stream and channel (the person's feed): two queries."""
    return list(
        Shift.objects.filter(user=user).select_related("stream", "stream__channel", "need__role")
    )


def feed_by_token(token: str) -> CalendarFeed | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return None
    feed = CalendarFeed.objects.filter(token=token).select_related("user", "channel").first()
    if feed is None or not feed.user.is_active:
        return None
    if (
        feed.channel is not None
        and not Membership.objects.for_channel(feed.channel).filter(user=feed.user).exists()
    ):
        return None
    return feed


def roles_of(*, channel: Channel, user) -> set[int]:
    membership = Membership.objects.for_channel(channel).filter(user=user).first()
    if membership is None:
        return set()
    return set(membership.roles.values_list("pk", flat=True))


def streams_for_feed(*, channel: Channel):
    return list(_streams(channel))


def open_for(user, *, now: datetime | None = None, days: int = 7, limit: int = 5) -> list:
    """Occurrences of the next `days` days in the user's channels still missing moderators in
    a need the user could fill: five queries, whatever the number of channels or streams."""
    now = now or timezone.now()
    end = now + timedelta(days=days)
    memberships = list(
        Membership.objects.filter(user=user).select_related("channel").prefetch_related("roles")
    )
    if not memberships:
        return []
    channels = {m.channel_id: m for m in memberships}
    streams = (
        Stream.objects.filter(channel_id__in=list(channels))
        .exclude(ends_on__lt=now.date() - timedelta(days=1))
        .exclude(weekly=False, starts_on__gt=end.date() + timedelta(days=1))
        .select_related("channel")
        .prefetch_related(
            "exceptions",
            Prefetch("needs", queryset=StreamNeed.objects.select_related("role")),
            Prefetch("shifts", queryset=Shift.objects.select_related("user")),
        )
    )
    found = []
    for stream in streams:
        membership = channels[stream.channel_id]
        if stream.channel.is_read_only:
            continue
        held = {r.pk for r in membership.roles.all()}
        for occurrence in occurrences_of(stream, now, end):
            if occurrence.cancelled or any(s.user_id == user.pk for s in occurrence.shifts):
                continue
            occurrence.open_needs = [
                n
                for n in occurrence.needs
                if n.missing
                and (membership.is_owner or n.need.role_id is None or n.need.role_id in held)
            ]
            if occurrence.open_needs:
                found.append(occurrence)
    found.sort(key=lambda o: (o.starts_at, o.stream.pk))
    return found[:limit]
