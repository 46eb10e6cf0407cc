"""iCalendar feeds built with the `icalendar` library: zoned times with VTIMEZONE data,
stable UIDs per occurrence, SEQUENCE from the stream's and the shift's change counters."""

import zoneinfo
from datetime import timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import occurrence_dates, occurrence_start

PAST = timedelta(days=30)
FUTURE = timedelta(days=400)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Modportal//Shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(
    stream, day, exception, *, uid: str, summary: str, description: str, sequence: int
) -> Event:
    # Local time with its TZID, and a VTIMEZONE for each zone (add_missing_timezones), so
    # calendar apps show the right local time on both sides of a daylight-saving change.
    starts_at = occurrence_start(stream, day, exception).astimezone(
        zoneinfo.ZoneInfo(stream.time_zone)
    )
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=stream.duration_minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    if exception is not None and exception.cancelled:
        event.add("status", "CANCELLED")
    return event


def _days(stream, exceptions):
    """(planned date, its exception or None): the UID stays the planned date's when moved."""
    now = timezone.now()
    for day in occurrence_dates(stream, (now - PAST).date(), (now + FUTURE).date()):
        yield day, exceptions.get((stream.pk, day))


def person_feed(*, user, shifts, exceptions) -> bytes:
    """exceptions: {(stream id, planned date): StreamException} (selectors.exceptions_of)."""
    calendar = _calendar(f"Shifts: {user}")
    for shift in shifts:
        stream = shift.stream
        for day, exception in _days(stream, exceptions):
            if shift.occurs_on not in (None, day):
                continue
            event = _event(
                stream,
                day,
                exception,
                uid=f"shift-{shift.pk}-{day.isoformat()}@modportal",
                summary=f"{stream.title} ({stream.channel.name})",
                description=shift.need.role.name if shift.need.role else "",
                sequence=stream.sequence + shift.sequence + len(shift.released or ()),
            )
            if not shift.covers(day) and "status" not in event:
                event.add("status", "CANCELLED")  # a weekly date let go while away
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def channel_feed(*, channel, streams) -> bytes:
    calendar = _calendar(channel.name)
    for stream in streams:
        exceptions = {(stream.pk, e.occurs_on): e for e in stream.exceptions.all()}
        shifts = list(stream.shifts.all())
        for day, exception in _days(stream, exceptions):
            who = [str(s.user) for s in shifts if s.covers(day)]
            event = _event(
                stream,
                day,
                exception,
                uid=f"stream-{stream.pk}-{day.isoformat()}@modportal",
                summary=stream.title,
                description=", ".join(who),
                sequence=stream.sequence,
            )
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
