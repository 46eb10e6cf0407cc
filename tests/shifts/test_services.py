"""Schedule, shifts, swaps, away, reminders and the calendar feeds, through the services."""

from datetime import UTC as utc
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from channels.models import AuditEvent, Membership
from community.services.profiles import profile_update
from portal.notifications.models import Notification
from shifts import services
from shifts.models import Shift, StreamNeed
from shifts.selectors import local_start, next_shifts_for, schedule
from shifts.tasks import send_due
from tests.factories import add_member, role

pytestmark = pytest.mark.django_db


def soon(days=2):
    return timezone.localdate() + timedelta(days=days)


def weekly(team, *, needs=((None, 2),), approval=False, starts_on=None, at=time(20, 0)):
    return services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="Friday raid night",
        starts_on=starts_on or soon(),
        start_time=at,
        duration_minutes=120,
        weekly=True,
        needs=needs,
        swaps_need_approval=approval,
    )


def need_of(stream):
    return StreamNeed.objects.filter(stream=stream).first()


def test_members_sign_up_until_full_then_refused(team):
    stream = weekly(team)
    need, day = need_of(stream), stream.starts_on
    services.shift_sign_up(need=need, actor=team.moderator, occurs_on=day)
    services.shift_sign_up(need=need, actor=team.trainee, occurs_on=day)
    with pytest.raises(ValidationError, match="full"):
        services.shift_sign_up(need=need, actor=team.lead, occurs_on=day)
    with pytest.raises(ValidationError, match="already"):
        services.shift_sign_up(need=need, actor=team.moderator, occurs_on=day)
    occurrence = schedule(channel=team.channel)[0]
    assert occurrence.covered and {s.user for s in occurrence.shifts} == {
        team.moderator,
        team.trainee,
    }
    assert AuditEvent.objects.filter(action="shift.signed_up").count() == 2


def test_nobody_signs_up_for_a_role_they_do_not_hold(team):
    lead_role = role(team.channel, "Lead Moderator")
    stream = weekly(team, needs=((lead_role.pk, 1), (None, 2)))
    lead_need = StreamNeed.objects.get(stream=stream, role=lead_role)
    with pytest.raises(ValidationError, match="role"):
        services.shift_sign_up(need=lead_need, actor=team.moderator, occurs_on=stream.starts_on)
    services.shift_sign_up(need=lead_need, actor=team.lead, occurs_on=stream.starts_on)


def test_schedule_is_edited_only_by_who_manages_the_team(team):
    with pytest.raises(PermissionDenied):
        services.stream_create(
            channel=team.channel,
            actor=team.moderator,
            title="x",
            starts_on=soon(),
            start_time=time(20),
            duration_minutes=60,
        )
    with pytest.raises(PermissionDenied):
        weekly(team).channel and services.stream_delete(stream=weekly(team), actor=team.outsider)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"title": "\x00" * 3},
        {"title": "x" * 500},
        {"duration_minutes": -5},
        {"duration_minutes": 10**9},
        {"needs": ((None, 99),)},
        {"needs": ((None, 0),)},
        {"needs": ((10**8, 1),)},
    ],
)
def test_hostile_stream_input_is_refused(team, kwargs):
    base = {
        "title": "Raid",
        "starts_on": soon(),
        "start_time": time(20),
        "duration_minutes": 60,
        "needs": ((None, 1),),
    }
    with pytest.raises(ValidationError):
        services.stream_create(channel=team.channel, actor=team.owner, **{**base, **kwargs})


def test_roles_of_another_channel_are_refused(team):
    foreign = role(team.other_channel, "Moderator")
    with pytest.raises(ValidationError):
        weekly(team, needs=((foreign.pk, 1),))


def test_swap_offered_and_taken_directly(team):
    stream = weekly(team)
    shift = services.shift_sign_up(
        need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on
    )
    services.shift_offer(shift=shift, actor=team.moderator)
    with pytest.raises(PermissionDenied):
        services.shift_offer(shift=shift, actor=team.trainee)
    services.shift_take(shift=shift, actor=team.trainee)
    shift.refresh_from_db()
    assert shift.user == team.trainee and not shift.offered
    assert Notification.objects.filter(event="shift.swapped", recipient=team.moderator).exists()


def test_swap_waits_for_a_lead_where_the_stream_asks(team):
    stream = weekly(team, approval=True)
    shift = services.shift_sign_up(
        need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on
    )
    services.shift_offer(shift=shift, actor=team.moderator)
    services.shift_take(shift=shift, actor=team.trainee)
    shift.refresh_from_db()
    assert shift.user == team.moderator and shift.taker == team.trainee
    with pytest.raises(PermissionDenied):
        services.shift_approve(shift=shift, actor=team.trainee)
    services.shift_approve(shift=shift, actor=team.lead)
    shift.refresh_from_db()
    assert shift.user == team.trainee and shift.taker is None


def test_cancelling_a_stream_tells_those_signed_up(team):
    stream = weekly(team)
    services.shift_sign_up(need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on)
    services.shift_sign_up(need=need_of(stream), actor=team.trainee)  # every week
    services.occurrence_cancel(stream=stream, actor=team.lead, occurs_on=stream.starts_on)
    told = set(
        Notification.objects.filter(event="stream.cancelled").values_list("recipient", flat=True)
    )
    assert told == {team.moderator.pk, team.trainee.pk}
    assert schedule(channel=team.channel)[0].cancelled
    with pytest.raises(ValidationError):
        services.shift_sign_up(need=need_of(stream), actor=team.lead, occurs_on=stream.starts_on)


def test_moving_a_stream_tells_those_signed_up(team):
    stream = weekly(team)
    services.shift_sign_up(need=need_of(stream), actor=team.moderator)
    services.stream_update(
        stream=stream,
        actor=team.owner,
        title=stream.title,
        starts_on=stream.starts_on,
        start_time=time(21, 0),
        duration_minutes=60,
        weekly=True,
        needs=((None, 2),),
    )
    assert Notification.objects.filter(event="stream.moved", recipient=team.moderator).exists()
    assert Shift.objects.filter(user=team.moderator).exists()  # the need and its shift kept


def test_going_away_releases_shifts_and_tells_the_team(team):
    stream = weekly(team)
    services.shift_sign_up(need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on)
    profile_update(user=team.moderator, actor=team.moderator, away_until=soon(10))
    assert not Shift.objects.filter(user=team.moderator).exists()
    assert Notification.objects.filter(event="shift.released", recipient=team.lead).exists()
    assert AuditEvent.objects.filter(action="shift.released").count() == 1


def test_reminders_and_gap_alerts_are_sent_once(team):
    now = timezone.now()
    start = (now + timedelta(hours=1)).astimezone(utc)
    team.channel.time_zone = "UTC"
    team.channel.save()
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="Soon",
        starts_on=start.date(),
        start_time=start.time().replace(second=0, microsecond=0),
        duration_minutes=60,
        needs=((None, 2),),
    )
    services.shift_sign_up(need=need_of(stream), actor=team.moderator)
    assert send_due(now) == {"reminders": 1, "gaps": 1}
    assert send_due(now) == {"reminders": 0, "gaps": 0}
    assert Notification.objects.filter(event="shift.reminder", recipient=team.moderator).exists()
    gap = set(Notification.objects.filter(event="stream.short").values_list("recipient", flat=True))
    assert gap == {team.owner.pk, team.lead.pk}


def test_dashboard_list_of_next_shifts(team):
    stream = weekly(team)
    services.shift_sign_up(need=need_of(stream), actor=team.moderator)
    upcoming = next_shifts_for(team.moderator)
    assert [o.occurs_on for o, _s in upcoming] == [
        stream.starts_on,
        stream.starts_on + timedelta(7),
    ]


def _events(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_feeds_carry_the_right_utc_instants_across_dst_and_revoke(client, team):
    team.channel.time_zone = "Europe/Berlin"
    team.channel.save()
    # Sundays 20:00 in Berlin, from before the last Sunday of March 2027 to after October's.
    stream = weekly(team, starts_on=date(2027, 3, 21))
    services.shift_sign_up(need=need_of(stream), actor=team.moderator)
    person = services.feed_for(user=team.moderator)
    body = client.get(reverse("shifts:feed", args=[person.token])).content
    starts = {e.decoded("dtstart").astimezone(utc): e for e in _events(body)}
    for instant in [
        datetime(2027, 3, 21, 19, 0, tzinfo=utc),  # CET
        datetime(2027, 3, 28, 18, 0, tzinfo=utc),  # CEST from that Sunday
        datetime(2027, 10, 24, 18, 0, tzinfo=utc),
        datetime(2027, 10, 31, 19, 0, tzinfo=utc),  # CET again
    ]:
        assert instant in starts, instant
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:Europe/Berlin" in body
    uids = [str(e["uid"]) for e in starts.values()]
    assert len(set(uids)) == len(uids)
    channel_feed = services.feed_for(user=team.lead, channel=team.channel)
    response = client.get(reverse("shifts:feed", args=[channel_feed.token]))
    assert response["Content-Type"].startswith("text/calendar")
    event = _events(response.content)[0]
    assert str(team.moderator) in str(event["description"])
    old = person.token
    services.feed_for(user=team.moderator, reset=True)
    assert client.get(reverse("shifts:feed", args=[old])).status_code == 404


def test_channel_feed_of_someone_who_left_is_404(client, team):
    member = add_member(team.channel, username="leaver", roles=["Moderator"])
    feed = services.feed_for(user=member.user, channel=team.channel)
    member.delete()
    assert client.get(reverse("shifts:feed", args=[feed.token])).status_code == 404


def test_another_channels_streams_and_shifts_are_404(client, team):
    stream = weekly(team)
    shift = services.shift_sign_up(need=need_of(stream), actor=team.moderator)
    need = need_of(stream)
    client.force_login(Membership.objects.get(channel=team.other_channel, is_owner=True).user)
    slug = team.other_channel.slug
    for name, pk in [
        ("shifts:stream_edit", stream.pk),
        ("shifts:stream_delete", stream.pk),
        ("shifts:occurrence_cancel", stream.pk),
        ("shifts:sign_up", need.pk),
        ("shifts:withdraw", shift.pk),
        ("shifts:take", shift.pk),
        ("shifts:approve", shift.pk),
    ]:
        response = client.post(reverse(name, args=[slug, pk]), {"occurs_on": "2030-01-01"})
        assert response.status_code == 404, name
    assert Shift.objects.filter(pk=shift.pk, user=team.moderator).exists()


def test_dst_gap_start_time_moves_on(team):
    team.channel.time_zone = "Europe/Berlin"
    team.channel.save()
    stream = weekly(team, starts_on=date(2027, 3, 28), at=time(2, 30))
    assert local_start(stream, date(2027, 3, 28)).tzinfo is not None


def test_a_deactivated_account_gets_no_calendar_feed(team):
    """Found by the service matrix: the personal feed checked is_authenticated only."""
    type(team.moderator).objects.filter(pk=team.moderator.pk).update(is_active=False)
    gone = type(team.moderator).objects.get(pk=team.moderator.pk)
    with pytest.raises(PermissionDenied):
        services.feed_for(user=gone)
    assert not gone.calendar_feeds.exists()


def test_update_keeps_named_needs_and_drops_the_others(team):
    """create and update share one cleaning and one needs writer: a kept role keeps its
    shifts with the new count, a role no longer named loses its need and shifts."""
    lead_role = role(team.channel, "Lead Moderator")
    stream = weekly(team, needs=((lead_role.pk, 1), (None, 2)))
    anyone = StreamNeed.objects.get(stream=stream, role=None)
    services.shift_sign_up(need=anyone, actor=team.moderator)
    services.shift_sign_up(
        need=StreamNeed.objects.get(stream=stream, role=lead_role), actor=team.lead
    )
    services.stream_update(
        stream=stream,
        actor=team.owner,
        title="  Renamed  ",
        starts_on=stream.starts_on,
        start_time=stream.start_time,
        duration_minutes=90,
        weekly=True,
        needs=((None, 3),),
        swaps_need_approval=True,
    )
    stream.refresh_from_db()
    assert (stream.title, stream.duration_minutes, stream.swaps_need_approval) == (
        "Renamed",
        90,
        True,
    )
    assert list(StreamNeed.objects.filter(stream=stream).values_list("role", "count")) == [
        (None, 3)
    ]
    assert list(Shift.objects.filter(stream=stream).values_list("user", flat=True)) == [
        team.moderator.pk
    ]
    assert not Notification.objects.filter(event="stream.moved").exists()
    with pytest.raises(TypeError):
        services.stream_update(stream=stream, actor=team.owner, colour="red")


def _move(team, stream, day, moved_on, at=time(21, 30), actor=None):
    return services.occurrence_move(
        stream=stream,
        actor=actor or team.lead,
        occurs_on=day,
        moved_on=moved_on,
        moved_time=at,
    )


def test_moving_one_date_keeps_the_series_and_tells_those_on_it(client, team):
    team.channel.time_zone = "Europe/Berlin"
    team.channel.save()
    stream = weekly(team)
    day, next_week = stream.starts_on, stream.starts_on + timedelta(7)
    services.shift_sign_up(need=need_of(stream), actor=team.moderator, occurs_on=day)
    services.shift_sign_up(need=need_of(stream), actor=team.trainee)  # every week
    services.shift_sign_up(need=need_of(stream), actor=team.lead, occurs_on=next_week)
    before = stream.sequence
    _move(team, stream, day, day + timedelta(1))
    first, second = schedule(channel=team.channel)[:2]
    assert first.occurs_on == day and first.moved_from == local_start(stream, day)
    berlin = first.starts_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert (berlin.date(), berlin.hour, berlin.minute) == (day + timedelta(1), 21, 30)
    assert {s.user for s in first.shifts} == {team.moderator, team.trainee}
    assert second.occurs_on == next_week and second.moved_from is None
    assert second.starts_at == local_start(stream, next_week)
    told = set(
        Notification.objects.filter(event="occurrence.moved").values_list("recipient", flat=True)
    )
    assert told == {team.moderator.pk, team.trainee.pk}
    stream.refresh_from_db()
    assert stream.sequence > before and stream.weekly and stream.start_time == time(20, 0)
    assert AuditEvent.objects.filter(action="stream.occurrence_moved").count() == 1
    # The person's feed: the same UID, at the new time.
    feed = services.feed_for(user=team.moderator)
    events = _events(client.get(reverse("shifts:feed", args=[feed.token])).content)
    assert len(events) == 1 and str(events[0]["uid"]).endswith(f"{day.isoformat()}@modportal")
    assert events[0].decoded("dtstart").astimezone(utc) == first.starts_at
    assert next_shifts_for(team.moderator)[0][0].starts_at == first.starts_at
    # Moving it back to the planned time undoes the move.
    assert _move(team, stream, day, day, at=time(20, 0)) is None
    assert schedule(channel=team.channel)[0].moved_from is None


def test_a_moved_date_can_still_be_cancelled_and_reminds_again(team):
    now = timezone.now()
    team.channel.time_zone = "UTC"
    team.channel.save()
    start = (now + timedelta(hours=1)).astimezone(utc)
    stream = weekly(team, starts_on=start.date(), at=start.time().replace(second=0, microsecond=0))
    services.shift_sign_up(need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on)
    assert send_due(now)["reminders"] == 1
    later = start + timedelta(hours=5)
    _move(team, stream, stream.starts_on, later.date(), at=later.time().replace(second=0))
    assert send_due(now)["reminders"] == 0  # no longer within two hours
    assert send_due(later - timedelta(hours=1))["reminders"] == 1  # the new time is reminded
    services.occurrence_cancel(stream=stream, actor=team.lead, occurs_on=stream.starts_on)
    assert schedule(channel=team.channel)[0].cancelled
    with pytest.raises(ValidationError, match="cancelled"):
        _move(team, stream, stream.starts_on, stream.starts_on)


def test_moves_that_break_the_rules_are_refused(team):
    stream = weekly(team)
    day = stream.starts_on
    for occurs_on, moved_on in [
        (day, day + timedelta(7)),  # onto the next week's date
        (day, day - timedelta(9)),
        (day + timedelta(1), day + timedelta(2)),  # not a date of the stream
        (day, timezone.localdate() - timedelta(1)),  # into the past
        (None, day),
        (day, None),
    ]:
        with pytest.raises(ValidationError):
            _move(team, stream, occurs_on, moved_on)
    with pytest.raises(ValidationError):
        _move(team, stream, day, day, at="25:00")
    one_off = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="Special",
        starts_on=soon(3),
        start_time=time(18),
        duration_minutes=60,
    )
    with pytest.raises(ValidationError, match="weekly"):
        _move(team, one_off, one_off.starts_on, one_off.starts_on)
    with pytest.raises(PermissionDenied):
        _move(team, stream, day, day + timedelta(1), actor=team.moderator)
    assert not Notification.objects.filter(event="occurrence.moved").exists()


def test_hostile_move_posts_get_a_message_not_a_500(client, team):
    stream = weekly(team)
    client.force_login(team.lead)
    url = reverse("shifts:occurrence_move", args=[team.channel.slug, stream.pk])
    for data in [
        {},
        {"occurs_on": "x" * 5000, "moved_on": "2030-01-01", "moved_time": "20:00"},
        {"occurs_on": stream.starts_on.isoformat(), "moved_on": "\x00", "moved_time": "20:00"},
        {"occurs_on": stream.starts_on.isoformat(), "moved_on": "9999-12-31", "moved_time": "1"},
        {"occurs_on": "-1", "moved_on": "2030-01-01", "moved_time": "99:99"},
    ]:
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
    assert not Notification.objects.filter(event="occurrence.moved").exists()


def test_the_channel_wide_rule_makes_every_swap_wait_for_a_lead(team):
    stream = weekly(team)  # the stream itself does not ask
    shift = services.shift_sign_up(
        need=need_of(stream), actor=team.moderator, occurs_on=stream.starts_on
    )
    with pytest.raises(PermissionDenied):
        services.schedule_settings_update(
            channel=team.channel, actor=team.moderator, swaps_need_approval=True
        )
    with pytest.raises(ValidationError):
        services.schedule_settings_update(
            channel=team.channel, actor=team.lead, swaps_need_approval="yes"
        )
    services.schedule_settings_update(
        channel=team.channel, actor=team.lead, swaps_need_approval=True
    )
    services.schedule_settings_update(
        channel=team.channel, actor=team.lead, swaps_need_approval=True
    )
    assert AuditEvent.objects.filter(action="shifts.settings_changed").count() == 1
    services.shift_offer(shift=shift, actor=team.moderator)
    services.shift_take(shift=shift, actor=team.trainee)
    shift.refresh_from_db()
    assert shift.user == team.moderator and shift.taker == team.trainee
    asked = set(
        Notification.objects.filter(event="shift.swap_requested").values_list(
            "recipient", flat=True
        )
    )
    assert asked == {team.owner.pk, team.lead.pk}
    # Declined: the shift stays with its holder, still offered; both are told.
    services.shift_approve(shift=shift, actor=team.owner, approve=False)
    shift.refresh_from_db()
    assert (shift.user, shift.taker, shift.offered) == (team.moderator, None, True)
    declined = set(
        Notification.objects.filter(event="shift.swap_declined").values_list("recipient", flat=True)
    )
    assert declined == {team.moderator.pk, team.trainee.pk}
    assert AuditEvent.objects.filter(action="shift.swap_declined").count() == 1
    with pytest.raises(ValidationError, match="waiting"):
        services.shift_approve(shift=shift, actor=team.owner, approve=False)
    # Asked again and approved: the shift changes hands and both are told.
    services.shift_take(shift=shift, actor=team.trainee)
    services.shift_approve(shift=shift, actor=team.lead)
    shift.refresh_from_db()
    assert (shift.user, shift.taker, shift.offered) == (team.trainee, None, False)
    assert set(
        Notification.objects.filter(event="shift.swapped").values_list("recipient", flat=True)
    ) == {team.moderator.pk, team.trainee.pk}
    # Off again: swaps take effect at once.
    services.schedule_settings_update(
        channel=team.channel, actor=team.owner, swaps_need_approval=False
    )
    services.shift_offer(shift=shift, actor=team.trainee)
    services.shift_take(shift=shift, actor=team.moderator)
    shift.refresh_from_db()
    assert shift.user == team.moderator and shift.taker is None


def test_the_swap_rule_on_the_schedule_page(client, team):
    weekly(team)
    client.force_login(team.lead)
    url = reverse("shifts:schedule", args=[team.channel.slug])
    assert "swaps-need-approval" in client.get(url).content.decode()
    setting = reverse("shifts:schedule_settings", args=[team.channel.slug])
    response = client.post(setting, {"swaps_need_approval": "\x00" * 9000}, follow=True)
    assert response.status_code == 200
    response = client.post(setting, {"swaps_need_approval": "on"}, follow=True)
    assert "every swap waits" in response.content.decode()
    client.force_login(team.moderator)
    page = client.get(url).content.decode()
    assert "swaps-need-approval" not in page and "approves it" in page


def test_going_away_lets_go_of_weekly_dates_in_the_period_only(client, team):
    stream = weekly(team)  # two places, every week from in two days
    need = need_of(stream)
    first, second, third = (stream.starts_on + timedelta(7 * i) for i in range(3))
    shift = services.shift_sign_up(need=need, actor=team.moderator)  # every week
    services.shift_sign_up(need=need, actor=team.trainee, occurs_on=first)
    profile_update(user=team.moderator, actor=team.moderator, away_until=second)
    shift.refresh_from_db()
    assert shift.released == [first.isoformat(), second.isoformat()]
    occurrences = {o.occurs_on: o for o in schedule(channel=team.channel, days=21)}
    assert {s.user for s in occurrences[first].shifts} == {team.trainee}
    assert occurrences[second].shifts == [] and occurrences[second].missing == 2
    assert [s.user for s in occurrences[third].shifts] == [team.moderator]
    told = set(
        Notification.objects.filter(event="shift.weekly_released").values_list(
            "recipient", flat=True
        )
    )
    assert {team.lead.pk, team.trainee.pk, team.owner.pk} <= told
    assert AuditEvent.objects.filter(action="shift.released").count() == 1
    assert not {o.occurs_on for o, _s in next_shifts_for(team.moderator)} & {first, second}
    # The open dates take sign-ups again; the weekly sign-up still counts on the others.
    services.shift_sign_up(need=need, actor=team.lead, occurs_on=second)
    services.shift_sign_up(need=need, actor=team.owner, occurs_on=first)
    with pytest.raises(ValidationError, match="full"):
        services.shift_sign_up(need=need, actor=team.lead, occurs_on=first)
    # The person's feed marks the dates let go as cancelled for them.
    feed = services.feed_for(user=team.moderator)
    events = _events(client.get(reverse("shifts:feed", args=[feed.token])).content)
    status = {e.decoded("dtstart").date(): str(e.get("status", "")) for e in events}
    assert status[first] == status[second] == "CANCELLED" and status[third] == ""
    # Away again, longer: the old dates stay let go, new ones are added; nothing twice.
    profile_update(user=team.moderator, actor=team.moderator, away_until=third)
    shift.refresh_from_db()
    assert shift.released == [d.isoformat() for d in (first, second, third)]
