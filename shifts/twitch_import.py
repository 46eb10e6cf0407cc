"""Import a linked channel's Twitch schedule (Helix `GET /schedule`) into its streams.

Recurring segments become one weekly stream per weekday and local start time, one-off
segments one stream each; a segment with `canceled_until` and the days of a vacation cancel
that occurrence. A stream edited by hand here is never overwritten: what Twitch says instead is
kept in `twitch_differs` and shown on the schedule (the mod list's "drift shown, not
overwritten" rule). Runs as the system (no actor), from the beat task.
"""

import zoneinfo
from datetime import datetime

from django.db import transaction

from channels.services import audit_record
from portal.notifications.services import notify
from twitch.client import TwitchApi, TwitchError
from twitch.models import TwitchLink

from .audit import ShiftsAction
from .models import Shift, Source, Stream, StreamException, StreamNeed
from .selectors import occurrence_dates

DEFAULT_MINUTES = 120
AUDITED = ("title", "starts_on", "start_time")


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def wanted_streams(body: dict, zone: str) -> tuple[dict, set, tuple]:
    """{key: fields}, {(key, local date) cancelled}, (vacation start, end) from Twitch's answer."""
    tz = zoneinfo.ZoneInfo(zone)
    data = body.get("data") or {}
    wanted, cancelled = {}, set()
    for segment in data.get("segments") or []:
        start = _instant(segment.get("start_time"))
        if start is None:
            continue
        end = _instant(segment.get("end_time"))
        minutes = int((end - start).total_seconds() // 60) if end and end > start else 0
        local = start.astimezone(tz)
        title = str(segment.get("title") or "Stream")[:120].replace("\x00", "")
        recurring = bool(segment.get("is_recurring"))
        key = (
            f"weekly-{local.weekday()}-{local:%H%M}"
            if recurring
            else f"once-{str(segment.get('id'))[:150]}"
        )
        fields = {
            "title": title,
            "starts_on": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": min(max(minutes, 1), 24 * 60) if minutes else DEFAULT_MINUTES,
            "weekly": recurring,
        }
        if key not in wanted or fields["starts_on"] < wanted[key]["starts_on"]:
            wanted[key] = fields
        if segment.get("canceled_until"):
            cancelled.add((key, local.date()))
    vacation = data.get("vacation") or {}
    span = (_instant(vacation.get("start_time")), _instant(vacation.get("end_time")))
    return wanted, cancelled, span


def _plain(fields: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}


def _differs(stream: Stream, fields: dict) -> dict:
    return {k: v for k, v in fields.items() if getattr(stream, k) != v}


@transaction.atomic
def apply_schedule(*, channel, body: dict) -> dict:
    counts = {"added": 0, "updated": 0, "drift": 0, "cancelled": 0}
    wanted, cancelled, (vacation_start, vacation_end) = wanted_streams(body, channel.time_zone)
    existing = {
        s.twitch_segment_id: s
        for s in Stream.objects.for_channel(channel)
        .select_for_update()
        .filter(source=Source.TWITCH)
    }
    for key, fields in wanted.items():
        stream = existing.get(key)
        if stream is None:
            stream = Stream.objects.create(
                channel=channel,
                source=Source.TWITCH,
                twitch_segment_id=key,
                time_zone=channel.time_zone,
                **fields,
            )
            StreamNeed.objects.create(channel=channel, stream=stream, count=1)
            audit_record(
                channel=channel,
                actor=None,
                action=ShiftsAction.STREAM_ADDED,
                target=stream,
                after=_plain(
                    {k: fields[k] for k in ("title", "starts_on", "start_time", "weekly")}
                ),
            )
            existing[key] = stream
            counts["added"] += 1
            continue
        changes = _differs(stream, fields)
        if stream.weekly and "starts_on" in changes and len(changes) == 1:
            changes = {}  # a weekly stream's first date moves on as weeks pass
        if stream.edited_by_hand:
            differs = _plain(changes)
            if differs != stream.twitch_differs:
                Stream.objects.filter(pk=stream.pk).update(twitch_differs=differs)
                counts["drift"] += bool(differs)
            continue
        if changes:
            before = _plain({k: getattr(stream, k) for k in changes})
            for k, v in changes.items():
                setattr(stream, k, v)
            stream.sequence += 1
            stream.save()
            audit_record(
                channel=channel,
                actor=None,
                action=ShiftsAction.STREAM_CHANGED,
                target=stream,
                before={k: before[k] for k in before if k in ("title", "starts_on", "start_time")},
                after={
                    k: v
                    for k, v in _plain(changes).items()
                    if k in ("title", "starts_on", "start_time")
                },
            )
            if {"start_time", "starts_on"} & changes.keys():
                notify(
                    event="stream.moved",
                    recipients=Shift.objects.for_channel(channel)
                    .filter(stream=stream)
                    .values_list("user_id", flat=True),
                    channel=channel,
                    target=stream,
                    context={"title": stream.title, "channel_name": channel.name},
                )
            counts["updated"] += 1
    days = set(cancelled)
    if vacation_start and vacation_end:
        tz = zoneinfo.ZoneInfo(channel.time_zone)
        first, last = vacation_start.astimezone(tz).date(), vacation_end.astimezone(tz).date()
        for key, stream in existing.items():
            for day in occurrence_dates(stream, first, last):
                days.add((key, day))
    for key, day in sorted(days):
        stream = existing.get(key)
        if stream is None:
            continue
        exception, created = StreamException.objects.get_or_create(
            channel=channel, stream=stream, occurs_on=day
        )
        if not created and not exception.cancelled:  # a date moved here, cancelled on Twitch
            StreamException.objects.filter(pk=exception.pk).update(cancelled=True)
            created = True
        if created:
            Stream.objects.filter(pk=stream.pk).update(sequence=stream.sequence + 1)
            audit_record(
                channel=channel,
                actor=None,
                action=ShiftsAction.STREAM_CANCELLED,
                target=stream,
                after={"title": stream.title, "occurs_on": day.isoformat()},
            )
            notify(
                event="stream.cancelled",
                recipients=Shift.objects.for_channel(channel)
                .filter(stream=stream)
                .exclude(occurs_on__lt=day)
                .exclude(occurs_on__gt=day)
                .values_list("user_id", flat=True),
                channel=channel,
                target=stream,
                context={"title": stream.title, "channel_name": channel.name},
            )
            counts["cancelled"] += 1
    return counts


def import_schedule(link: TwitchLink, *, session=None) -> dict:
    """Fetch and apply one channel's schedule; Twitch's 404 means no schedule yet."""
    response = TwitchApi(link, session=session).request(
        "GET", "schedule", {"broadcaster_id": link.broadcaster_id, "first": "25"}
    )
    if response.status_code == 404:
        return {"added": 0, "updated": 0, "drift": 0, "cancelled": 0}
    if response.status_code != 200:
        raise TwitchError(f"Twitch answered {response.status_code} for the schedule.")
    return apply_schedule(channel=link.channel, body=response.json())


def import_all() -> int:
    done = 0
    for link in TwitchLink.objects.select_related("channel"):
        if link.channel.is_read_only:
            continue
        try:
            import_schedule(link)
        except TwitchError:
            continue  # the mod-list sync reports a lost connection; try again next time
        done += 1
    return done
