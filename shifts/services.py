"""Every write of the shifts app. One transaction each, audited, actor checked.

Rules guarded here, whatever the caller:
- the schedule is edited by members who manage the team ("manage the team"), while the
  channel accepts changes;
- members sign up only in a need whose role they hold (a need without a role: anyone on the
  team), never twice for one stream, never beyond what the stream needs;
- a member withdraws or offers only their own shift; another member who could sign up for
  it takes an offered shift, directly or, when the stream asks, once a lead approves;
- cancelling or removing a stream tells those signed up.
A refusal raises PermissionDenied (no standing) or ValidationError (a rule broken).
"""

import zoneinfo
from datetime import date, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership, Role
from channels.services import audit_record
from channels.services.guards import (
    ensure_writable,
    require_manager,
    require_member,
    require_signed_in,
)
from portal.notifications.services import notify
from portal.text import clean_text

from .audit import ShiftsAction
from .models import (
    DURATION_MAX_MINUTES,
    MOVE_MAX_DAYS,
    NEED_MAX,
    NEED_SLOTS,
    TITLE_MAX,
    CalendarFeed,
    ScheduleSettings,
    Sent,
    Shift,
    Stream,
    StreamException,
    StreamNeed,
    new_token,
)
from .selectors import (
    exceptions_of,
    local_start,
    occurrence_dates,
    occurrence_start,
    swaps_need_approval,
    wall_time,
)


def _bump(stream_id) -> None:
    """A change the channel feed shows: its events' SEQUENCE goes up."""
    Stream.objects.filter(pk=stream_id).update(sequence=F("sequence") + 1)


def _clean_stream(
    channel,
    *,
    title,
    starts_on,
    start_time,
    duration_minutes,
    weekly=False,
    ends_on=None,
    needs=((None, 1),),
    swaps_need_approval=False,
) -> tuple[dict, list]:
    """The stream's cleaned fields and needs, as both create and update take them."""
    title = clean_text(title, field="title", limit=TITLE_MAX)
    if not title:
        raise ValidationError({"title": _("Give the stream a title.")})
    if not isinstance(starts_on, date) or not date(2020, 1, 1) <= starts_on <= date(2100, 1, 1):
        raise ValidationError({"starts_on": _("Choose a date between 2020 and 2100.")})
    if not isinstance(start_time, time):
        raise ValidationError({"start_time": _("Say when the stream starts.")})
    if (
        isinstance(duration_minutes, bool)
        or not isinstance(duration_minutes, int)
        or not 1 <= duration_minutes <= DURATION_MAX_MINUTES
    ):
        raise ValidationError(
            {"duration_minutes": _("Enter a length between 1 and 1440 minutes (a day).")}
        )
    if ends_on is not None and (not weekly or ends_on < starts_on):
        raise ValidationError({"ends_on": _("The last date is on or after the first one.")})
    fields = {
        "title": title,
        "starts_on": starts_on,
        "start_time": start_time,
        "duration_minutes": duration_minutes,
        "weekly": bool(weekly),
        "ends_on": ends_on,
        "swaps_need_approval": bool(swaps_need_approval),
    }
    return fields, _clean_needs(channel, needs)


def _save_needs(stream: Stream, needs: list) -> None:
    """The stream's needs become `needs`: a role no longer named loses its need (and the
    shifts in it); a kept role keeps its shifts with the new count."""
    channel = stream.channel
    kept = {n.role_id: n for n in StreamNeed.objects.for_channel(channel).filter(stream=stream)}
    wanted = {role.pk if role else None for role, _count in needs}
    for role_id, need in kept.items():
        if role_id not in wanted:
            need.delete()  # its shifts go with it
    for role, count in needs:
        role_id = role.pk if role else None
        if role_id in kept:
            StreamNeed.objects.filter(pk=kept[role_id].pk).update(count=count)
        else:
            StreamNeed.objects.create(channel=channel, stream=stream, role=role, count=count)


def _clean_needs(channel: Channel, needs) -> list[tuple[Role | None, int]]:
    """needs: [(role id or None, count)]; at least one moderator in all."""
    needs = list(needs or ())
    if len(needs) > NEED_SLOTS:
        raise ValidationError({"needs": _("Name at most three roles.")})
    ids = {r for r, _c in needs if r is not None}
    roles = {r.pk: r for r in Role.objects.for_channel(channel).filter(pk__in=ids)}
    cleaned, seen = [], set()
    for role_id, count in needs:
        if role_id is not None and role_id not in roles:
            raise ValidationError({"needs": _("Choose roles of this channel.")})
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= NEED_MAX:
            raise ValidationError({"needs": _("Ask for between 0 and 20 moderators.")})
        if role_id in seen:
            raise ValidationError({"needs": _("Name each role once.")})
        seen.add(role_id)
        if count:
            cleaned.append((roles.get(role_id), count))
    if not cleaned:
        raise ValidationError({"needs": _("Ask for at least one moderator.")})
    return cleaned


def _signed_up(stream: Stream) -> list[int]:
    return list(
        Shift.objects.for_channel(stream.channel)
        .filter(stream=stream)
        .values_list("user_id", flat=True)
    )


def _after(stream: Stream) -> dict:
    return {
        "title": stream.title,
        "starts_on": stream.starts_on.isoformat(),
        "start_time": stream.start_time.strftime("%H:%M"),
        "weekly": stream.weekly,
    }


@transaction.atomic
def stream_create(*, channel: Channel, actor, **values) -> Stream:
    """values: title, starts_on, start_time, duration_minutes, weekly=False, ends_on=None,
    needs=((role id or None, count), …), swaps_need_approval=False."""
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    fields, needs = _clean_stream(channel, **values)
    stream = Stream.objects.create(channel=channel, time_zone=channel.time_zone or "UTC", **fields)
    _save_needs(stream, needs)
    audit_record(
        channel=channel,
        actor=actor,
        action=ShiftsAction.STREAM_ADDED,
        target=stream,
        after=_after(stream),
    )
    return stream


@transaction.atomic
def stream_update(*, stream: Stream, actor, **values) -> Stream:
    """The same values as stream_create; those signed up are told when the time moves."""
    channel = stream.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    stream = Stream.objects.select_for_update().get(pk=stream.pk, channel=channel)
    fields, needs = _clean_stream(channel, **values)
    before = _after(stream)
    moved = any(getattr(stream, k) != fields[k] for k in ("starts_on", "start_time", "weekly"))
    for name, value in fields.items():
        setattr(stream, name, value)
    stream.sequence += 1
    if stream.source != "manual":
        stream.edited_by_hand = True
    stream.save()
    _save_needs(stream, needs)
    _changed(stream, channel, actor, ShiftsAction.STREAM_CHANGED, before=before, moved=moved)
    return stream


def _changed(stream: Stream, channel, actor, action, *, before: dict, moved: bool) -> None:
    """A stream's change audited; when its time moved, those signed up are told."""
    audit_record(
        channel=channel,
        actor=actor,
        action=action,
        target=stream,
        before=before,
        after=_after(stream),
    )
    if moved:
        notify(
            event="stream.moved",
            recipients=_signed_up(stream),
            channel=channel,
            actor=actor,
            target=stream,
            context={"title": stream.title, "channel_name": channel.name},
        )


def _twitch_fields(stream: Stream) -> dict:
    """What Twitch says of the stream (its kept `twitch_differs`), as model values; an
    unreadable entry is left out."""
    found = {}
    for name, value in (stream.twitch_differs or {}).items():
        try:
            if name == "title":
                value = clean_text(str(value), field="title", limit=TITLE_MAX)
            elif name == "starts_on":
                value = date.fromisoformat(value)
            elif name == "start_time":
                value = time.fromisoformat(value).replace(second=0, microsecond=0)
            elif name == "duration_minutes":
                value = min(max(int(value), 1), DURATION_MAX_MINUTES)
            elif name == "weekly":
                value = bool(value)
            else:
                continue
        except (TypeError, ValueError, ValidationError):
            continue
        if value not in ("", None):
            found[name] = value
    return found


@transaction.atomic
def stream_adopt_twitch(*, stream: Stream, actor) -> Stream:
    """Take Twitch's version of a stream edited by hand here: the fields where Twitch differs
    are applied, and the stream follows Twitch's schedule again (later imports update it).
    Those signed up are told when its time moves."""
    channel = stream.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    stream = Stream.objects.select_for_update().get(pk=stream.pk, channel=channel)
    changes = _twitch_fields(stream)
    if stream.source != "twitch" or not changes:
        raise ValidationError({"stream": _("Twitch's schedule says nothing different here.")})
    before = _after(stream)
    moved = any(
        getattr(stream, k) != v for k, v in changes.items() if k in ("starts_on", "start_time")
    )
    for name, value in changes.items():
        setattr(stream, name, value)
    if not stream.weekly or stream.ends_on is not None and stream.ends_on < stream.starts_on:
        stream.ends_on = None
    stream.edited_by_hand, stream.twitch_differs = False, {}
    stream.sequence += 1
    stream.save()
    _changed(stream, channel, actor, ShiftsAction.TWITCH_ADOPTED, before=before, moved=moved)
    return stream


@transaction.atomic
def stream_delete(*, stream: Stream, actor) -> None:
    channel = stream.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    recipients = _signed_up(stream)
    audit_record(
        channel=channel,
        actor=actor,
        action=ShiftsAction.STREAM_REMOVED,
        target=stream,
        before=_after(stream),
    )
    notify(
        event="stream.cancelled",
        recipients=recipients,
        channel=channel,
        actor=actor,
        context={"title": stream.title, "channel_name": channel.name},
    )
    stream.delete()


def _planned_day(stream: Stream, occurs_on) -> date:
    if not isinstance(occurs_on, date) or occurs_on not in occurrence_dates(
        stream, occurs_on, occurs_on
    ):
        raise ValidationError({"occurs_on": _("The stream does not take place on that day.")})
    return occurs_on


def _on_day(stream: Stream, occurs_on: date) -> list[int]:
    """Who covers one occurrence: that day's shifts and the every-week ones."""
    return list(
        Shift.objects.for_channel(stream.channel)
        .filter(stream=stream)
        .exclude(occurs_on__lt=occurs_on)
        .exclude(occurs_on__gt=occurs_on)
        .values_list("user_id", flat=True)
    )


@transaction.atomic
def occurrence_cancel(*, stream: Stream, actor, occurs_on: date) -> StreamException:
    channel = stream.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    occurs_on = _planned_day(stream, occurs_on)
    exception, created = StreamException.objects.get_or_create(
        channel=channel, stream=stream, occurs_on=occurs_on
    )
    if not created and not exception.cancelled:  # a moved day, now cancelled
        StreamException.objects.filter(pk=exception.pk).update(cancelled=True)
        exception.cancelled, created = True, True
    if created:
        _bump(stream.pk)
        audit_record(
            channel=channel,
            actor=actor,
            action=ShiftsAction.STREAM_CANCELLED,
            target=stream,
            after={"title": stream.title, "occurs_on": occurs_on.isoformat()},
        )
        notify(
            event="stream.cancelled",
            recipients=_on_day(stream, occurs_on),
            channel=channel,
            actor=actor,
            target=stream,
            context={
                "title": stream.title,
                "channel_name": channel.name,
                "starts_at": occurrence_start(stream, occurs_on, exception).isoformat(),
            },
        )
    return exception


@transaction.atomic
def occurrence_move(
    *, stream: Stream, actor, occurs_on: date, moved_on: date, moved_time: time
) -> StreamException | None:
    """Move one occurrence of a weekly stream to another local date and time (in the stream's
    zone, at most six days away so it stays between its neighbours); the series and the
    shifts on that occurrence stay as they are, and those signed up for it are told. Moving
    it back to its planned time undoes the move (None)."""
    channel = stream.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    stream = Stream.objects.select_for_update().get(pk=stream.pk, channel=channel)
    if not stream.weekly:
        raise ValidationError(
            {"occurs_on": _("Only a weekly stream has dates to move; edit this stream instead.")}
        )
    occurs_on = _planned_day(stream, occurs_on)
    if not isinstance(moved_on, date) or abs((moved_on - occurs_on).days) > MOVE_MAX_DAYS:
        raise ValidationError(
            {"moved_on": _("Move it by less than a week, or cancel it and add a one-off stream.")}
        )
    if not isinstance(moved_time, time):
        raise ValidationError({"moved_time": _("Say when the stream starts.")})
    moved_time = moved_time.replace(second=0, microsecond=0, tzinfo=None)
    exception = (
        StreamException.objects.for_channel(channel)
        .filter(stream=stream, occurs_on=occurs_on)
        .first()
    )
    if exception is not None and exception.cancelled:
        raise ValidationError({"occurs_on": _("This stream is cancelled that day.")})
    was_at = occurrence_start(stream, occurs_on, exception)
    if was_at < timezone.now():
        raise ValidationError({"occurs_on": _("This stream has already started.")})
    starts_at = wall_time(stream.time_zone, moved_on, moved_time)
    if starts_at < timezone.now():
        raise ValidationError({"moved_on": _("Choose a time that is still to come.")})
    if starts_at == was_at:
        return exception
    if (moved_on, moved_time) == (occurs_on, stream.start_time):
        if exception is not None:
            exception.delete()
        exception = None
    elif exception is None:
        exception = StreamException.objects.create(
            channel=channel,
            stream=stream,
            occurs_on=occurs_on,
            cancelled=False,
            moved_on=moved_on,
            moved_time=moved_time,
        )
    else:
        StreamException.objects.filter(pk=exception.pk).update(
            moved_on=moved_on, moved_time=moved_time
        )
        exception.moved_on, exception.moved_time = moved_on, moved_time
    _bump(stream.pk)
    # The reminder and the gap alert go again, before the new time.
    Sent.objects.filter(stream=stream, occurs_on=occurs_on).delete()
    audit_record(
        channel=channel,
        actor=actor,
        action=ShiftsAction.OCCURRENCE_MOVED,
        target=stream,
        before={
            "title": stream.title,
            "occurs_on": occurs_on.isoformat(),
            "at": was_at.isoformat(),
        },
        after={
            "title": stream.title,
            "occurs_on": occurs_on.isoformat(),
            "at": starts_at.isoformat(),
        },
    )
    notify(
        event="occurrence.moved",
        recipients=_on_day(stream, occurs_on),
        channel=channel,
        actor=actor,
        target=stream,
        context={
            "title": stream.title,
            "channel_name": channel.name,
            "was_at": was_at.isoformat(),
            "starts_at": starts_at.isoformat(),
        },
    )
    return exception


@transaction.atomic
def schedule_settings_update(
    *, channel: Channel, actor, swaps_need_approval: bool
) -> ScheduleSettings:
    """The channel-wide rule: when on, every swap (an offered shift taken) waits for the
    approval of someone who manages the team, whatever each stream says."""
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    if not isinstance(swaps_need_approval, bool):
        raise ValidationError({"swaps_need_approval": _("Choose on or off.")})
    row, _created = ScheduleSettings.objects.select_for_update().get_or_create(channel=channel)
    if row.swaps_need_approval != swaps_need_approval:
        before = {"swaps_need_approval": row.swaps_need_approval}
        row.swaps_need_approval = swaps_need_approval
        row.save(update_fields=["swaps_need_approval", "updated_at"])
        audit_record(
            channel=channel,
            actor=actor,
            action=ShiftsAction.SETTINGS_CHANGED,
            target=row,
            before=before,
            after={"swaps_need_approval": swaps_need_approval},
        )
    return row


# --- shifts -------------------------------------------------------------------------------


def _may_fill(channel: Channel, actor, need: StreamNeed) -> None:
    require_member(channel, actor)
    if need.role_id is None:
        return
    membership = Membership.objects.for_channel(channel).get(user=actor)
    if not membership.is_owner and not membership.roles.filter(pk=need.role_id).exists():
        raise ValidationError(
            {
                "need": _("Only members with the role “%(role)s” can take this place.")
                % {"role": need.role.name}
            }
        )


def _check_room(stream: Stream, need: StreamNeed, occurs_on: date | None) -> None:
    """Refuses a sign-up beyond the need: for one day, that day's shifts and the weekly ones
    not let go that day count; for the whole slot, the fullest upcoming day counts."""
    taken = Shift.objects.for_channel(stream.channel).filter(need=need)
    weekly = [
        set(r or ())
        for r in taken.filter(occurs_on__isnull=True).values_list("released", flat=True)
    ]

    def on(day: date) -> int:
        return sum(1 for released in weekly if day.isoformat() not in released)

    if occurs_on is not None:
        busiest = on(occurs_on) + taken.filter(occurs_on=occurs_on).count()
    else:
        today = timezone.localdate()
        per_day = {}
        for day in taken.filter(occurs_on__gte=today).values_list("occurs_on", flat=True):
            per_day[day] = per_day.get(day, 0) + 1
        busiest = max([len(weekly)] + [on(day) + n for day, n in per_day.items()])
    if busiest >= need.count:
        raise ValidationError(
            {"need": _("This stream is full: it has all the moderators it needs.")}
        )


def _clean_day(stream: Stream, occurs_on) -> date | None:
    if occurs_on is None:
        if not stream.weekly:
            return stream.starts_on
        return None
    if not isinstance(occurs_on, date) or occurs_on not in occurrence_dates(
        stream, occurs_on, occurs_on
    ):
        raise ValidationError({"occurs_on": _("The stream does not take place on that day.")})
    exception = (
        StreamException.objects.for_channel(stream.channel)
        .filter(stream=stream, occurs_on=occurs_on)
        .first()
    )
    if exception is not None and exception.cancelled:
        raise ValidationError({"occurs_on": _("This stream is cancelled that day.")})
    if occurrence_start(stream, occurs_on, exception) < timezone.now():
        raise ValidationError({"occurs_on": _("This stream has already started.")})
    return occurs_on


@transaction.atomic
def shift_sign_up(*, need: StreamNeed, actor, occurs_on: date | None = None) -> Shift:
    """Sign up for one day of the stream, or (occurs_on None, weekly) for every week."""
    channel = need.channel
    require_member(channel, actor)
    ensure_writable(channel)
    stream = Stream.objects.select_for_update().get(pk=need.stream_id, channel=channel)
    need = StreamNeed.objects.select_related("role").get(pk=need.pk, channel=channel)
    occurs_on = _clean_day(stream, occurs_on)
    _may_fill(channel, actor, need)
    mine = Shift.objects.for_channel(channel).filter(stream=stream, user=actor)
    if mine.filter(occurs_on__isnull=True).exists() or mine.filter(occurs_on=occurs_on).exists():
        raise ValidationError({"need": _("You are already signed up for this stream.")})
    _check_room(stream, need, occurs_on)
    shift = Shift.objects.create(
        channel=channel, stream=stream, need=need, occurs_on=occurs_on, user=actor
    )
    _bump(stream.pk)
    audit_record(
        channel=channel,
        actor=actor,
        action=ShiftsAction.SHIFT_TAKEN,
        target=stream,
        after={"title": stream.title, "occurs_on": occurs_on.isoformat() if occurs_on else None},
    )
    return shift


def _own(shift: Shift, actor) -> None:
    require_member(shift.channel, actor)
    ensure_writable(shift.channel)
    if shift.user_id != actor.pk:
        raise PermissionDenied("Members withdraw or offer only their own shifts.")


@transaction.atomic
def shift_withdraw(*, shift: Shift, actor) -> None:
    _own(shift, actor)
    audit_record(
        channel=shift.channel,
        actor=actor,
        action=ShiftsAction.SHIFT_WITHDRAWN,
        target=shift.stream,
        before={"title": shift.stream.title, "occurs_on": _iso(shift.occurs_on)},
    )
    _bump(shift.stream_id)
    shift.delete()


def _iso(day):
    return day.isoformat() if day else None


@transaction.atomic
def shift_offer(*, shift: Shift, actor) -> Shift:
    _own(shift, actor)
    Shift.objects.filter(pk=shift.pk).update(offered=True, taker=None)
    shift.offered, shift.taker = True, None
    audit_record(
        channel=shift.channel,
        actor=actor,
        action=ShiftsAction.SHIFT_OFFERED,
        target=shift.stream,
        after={"title": shift.stream.title, "occurs_on": _iso(shift.occurs_on)},
    )
    notify(
        event="shift.offered",
        recipients=Membership.objects.for_channel(shift.channel).values_list("user_id", flat=True),
        channel=shift.channel,
        actor=actor,
        target=shift.stream,
        context={"title": shift.stream.title, "channel_name": shift.channel.name},
    )
    return shift


def _hand_over(shift: Shift, taker, actor) -> None:
    channel = shift.channel
    giver = shift.user
    _bump(shift.stream_id)
    Shift.objects.filter(pk=shift.pk).update(
        user=taker, offered=False, taker=None, sequence=shift.sequence + 1
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=ShiftsAction.SHIFT_SWAPPED,
        target=shift.stream,
        before={"user": giver.username},
        after={"user": taker.username, "title": shift.stream.title},
    )
    notify(
        event="shift.swapped",
        recipients=[giver, taker],
        channel=channel,
        actor=actor,
        target=shift.stream,
        context={
            "title": shift.stream.title,
            "channel_name": channel.name,
            "taker": str(taker),
        },
    )


@transaction.atomic
def shift_take(*, shift: Shift, actor) -> Shift:
    """Take a shift offered for a swap: at once, or pending a lead's approval."""
    channel = shift.channel
    require_member(channel, actor)
    ensure_writable(channel)
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("stream", "need__role", "user")
        .get(pk=shift.pk, channel=channel)
    )
    if not shift.offered:
        raise ValidationError({"shift": _("This shift is not offered for a swap.")})
    if shift.user_id == actor.pk:
        raise ValidationError({"shift": _("This is your own shift.")})
    if shift.taker_id is not None:
        raise ValidationError({"shift": _("Someone has already asked to take this shift.")})
    _may_fill(channel, actor, shift.need)
    mine = Shift.objects.for_channel(channel).filter(stream=shift.stream, user=actor)
    if (
        mine.filter(occurs_on__isnull=True).exists()
        or mine.filter(occurs_on=shift.occurs_on).exists()
    ):
        raise ValidationError({"shift": _("You are already signed up for this stream.")})
    if swaps_need_approval(shift.stream):
        Shift.objects.filter(pk=shift.pk).update(taker=actor)
        shift.taker = actor
        audit_record(
            channel=channel,
            actor=actor,
            action=ShiftsAction.SHIFT_SWAP_REQUESTED,
            target=shift.stream,
            after={"title": shift.stream.title, "user": actor.username},
        )
        managers = [
            m.user_id
            for m in Membership.objects.for_channel(channel).prefetch_related("roles")
            if m.is_owner or any(r.can_manage_team for r in m.roles.all())
        ]
        notify(
            event="shift.swap_requested",
            recipients=managers,
            channel=channel,
            actor=actor,
            target=shift.stream,
            context={"title": shift.stream.title, "channel_name": channel.name},
        )
        return shift
    _hand_over(shift, actor, actor)
    shift.refresh_from_db()
    return shift


@transaction.atomic
def shift_approve(*, shift: Shift, actor, approve: bool = True) -> Shift:
    """Approve a swap waiting for approval (the shift changes hands, both are told) or
    decline it (the shift stays, still offered; both are told)."""
    channel = shift.channel
    require_manager(channel, actor, Capability.MANAGE_TEAM)
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("stream", "user", "taker")
        .get(pk=shift.pk, channel=channel)
    )
    if shift.taker_id is None:
        raise ValidationError({"shift": _("No swap of this shift is waiting for approval.")})
    if approve:
        _hand_over(shift, shift.taker, actor)
    else:
        taker = shift.taker
        Shift.objects.filter(pk=shift.pk).update(taker=None)
        audit_record(
            channel=channel,
            actor=actor,
            action=ShiftsAction.SHIFT_SWAP_DECLINED,
            target=shift.stream,
            before={"title": shift.stream.title, "user": taker.username},
        )
        notify(
            event="shift.swap_declined",
            recipients=[shift.user, taker],
            channel=channel,
            actor=actor,
            target=shift.stream,
            context={
                "title": shift.stream.title,
                "channel_name": channel.name,
                "taker": str(taker),
            },
        )
    shift.refresh_from_db()
    return shift


AWAY_MAX_DAYS = 366


def release_for_away(*, user, until: date) -> int:
    """Away until `until` (inclusive): the person's one-day shifts in that period are released,
    their weekly shifts let go of the dates in it (those occurrences become open, the sign-up
    stays for the weeks after), and each team is told. Called by the subscriber of the
    community's away event. Returns the number of shifts released or let go of dates."""
    today = timezone.localdate()
    until = min(until, today + timedelta(days=AWAY_MAX_DAYS))
    now = timezone.now()
    shifts = list(
        Shift.objects.filter(user=user, occurs_on__gte=today, occurs_on__lte=until).select_related(
            "stream", "channel"
        )
    )
    weekly = list(
        Shift.objects.filter(user=user, occurs_on__isnull=True)
        .exclude(stream__ends_on__lt=today)
        .select_related("stream", "channel")
    )
    exceptions = exceptions_of({s.stream_id for s in weekly})
    done = 0
    for shift in shifts:
        channel = shift.channel
        if channel.is_read_only:
            continue
        audit_record(
            channel=channel,
            actor=user,
            action=ShiftsAction.SHIFTS_RELEASED,
            target=shift.stream,
            before={"title": shift.stream.title, "occurs_on": _iso(shift.occurs_on)},
        )
        notify(
            event="shift.released",
            recipients=_team(channel),
            channel=channel,
            actor=user,
            target=shift.stream,
            context={
                "title": shift.stream.title,
                "channel_name": channel.name,
                "starts_at": local_start(shift.stream, shift.occurs_on).isoformat(),
            },
        )
        _bump(shift.stream_id)
        shift.delete()
        done += 1
    for shift in weekly:
        channel, stream = shift.channel, shift.stream
        if channel.is_read_only:
            continue
        days = [
            day
            for day in occurrence_dates(stream, today, until)
            if occurrence_start(stream, day, exceptions.get((stream.pk, day))) >= now
            and shift.covers(day)
        ]
        if not days:
            continue
        kept = [d for d in (shift.released or ()) if d >= today.isoformat()]
        released = sorted(set(kept) | {d.isoformat() for d in days})
        Shift.objects.filter(pk=shift.pk).update(released=released, sequence=F("sequence") + 1)
        audit_record(
            channel=channel,
            actor=user,
            action=ShiftsAction.SHIFTS_RELEASED,
            target=stream,
            before={"title": stream.title, "occurs_on": None},
            after={"title": stream.title, "until_on": until.isoformat()},
        )
        notify(
            event="shift.weekly_released",
            recipients=_team(channel),
            channel=channel,
            actor=user,
            target=stream,
            context={
                "title": stream.title,
                "channel_name": channel.name,
                "until_on": until.isoformat(),
                "starts_at": occurrence_start(
                    stream, days[0], exceptions.get((stream.pk, days[0]))
                ).isoformat(),
            },
        )
        _bump(stream.pk)
        done += 1
    return done


def _team(channel: Channel):
    return Membership.objects.for_channel(channel).values_list("user_id", flat=True)


# --- calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def feed_for(*, user, channel: Channel | None = None, reset: bool = False) -> CalendarFeed:
    """The person's feed (channel None) or their feed of one channel (members only); a reset
    gives a new token, so the old URL answers 404."""
    if channel is not None:
        require_member(channel, user)
    else:
        require_signed_in(user)  # a deactivated account keeps no calendar
    feed, created = CalendarFeed.objects.get_or_create(user=user, channel=channel)
    if reset and not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed


def parse_day(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def parse_time(value) -> time | None:
    """A wall time "HH:MM" from a form (seconds and zones dropped); None when unreadable."""
    text = str(value)
    if not 4 <= len(text) <= 8:
        return None
    try:
        return time.fromisoformat(text).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        return None


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
