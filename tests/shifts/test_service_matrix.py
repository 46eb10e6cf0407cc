"""Every public shifts service (shifts.services) × every kind of actor, called directly
(tests/service_matrix.py).

The world's channel has three weekly streams the owner scheduled, starting in a week: "Raid
night" (room for everyone; the moderator holds its first day), "Chill" (the trainee holds its
first day and offers it for a swap) and "Finale", whose swaps need a lead's approval (the
trainee's first day there is offered, and the moderator has asked to take it). The personal
rules: a member withdraws or offers only their own shift, and cannot take their own; a person's
calendar feed is theirs. Adding a public function to shifts.services without a row (or a
NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from shifts import services
from shifts.models import Shift, Stream, StreamNeed
from shifts.twitch_import import apply_schedule
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    SIGNED_IN,
    Row,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MANAGERS = {"lead", "owner"}  # can_manage_team

NOT_ACTIONS = {
    "release_for_away": "the subscriber of the community's away event, for the person who set "
    "themself away (the community service checked them)",
    "parse_day": "parses a date from a query string",
    "parse_time": "parses a wall time from a form",
    "zone_of": "looks up a time zone",
}


def _first_day():
    return timezone.localdate() + timedelta(days=7)


def _stream(world, title, *, approval=False):
    return services.stream_create(
        channel=world.channel,
        actor=world.actor("owner"),
        title=title,
        starts_on=_first_day(),
        start_time=time(20, 0),
        duration_minutes=120,
        weekly=True,
        needs=((None, 10),),
        swaps_need_approval=approval,
    )


def _need(stream):
    return StreamNeed.objects.get(stream=stream)


def _drifted(world):
    """Imported from Twitch, renamed here by hand, renamed on Twitch since: drift kept."""
    start = timezone.now().replace(microsecond=0) + timedelta(days=5)

    def body(title):
        segment = {
            "id": "x",
            "start_time": start.isoformat(),
            "end_time": (start + timedelta(hours=1)).isoformat(),
            "title": title,
            "is_recurring": False,
        }
        return {"data": {"segments": [segment]}}

    apply_schedule(channel=world.channel, body=body("Charity"))
    stream = Stream.objects.get(channel=world.channel, source="twitch")
    services.stream_update(
        stream=stream,
        actor=world.actor("owner"),
        title="Charity (by hand)",
        starts_on=stream.starts_on,
        start_time=stream.start_time,
        duration_minutes=60,
    )
    apply_schedule(channel=world.channel, body=body("Charity on Twitch"))
    return stream


def _build(world):
    raid, chill = _stream(world, "Raid night"), _stream(world, "Chill")
    finale = _stream(world, "Finale", approval=True)
    moderator, trainee = world.actor("moderator"), world.actor("trainee")
    world.add("stream", raid)
    world.add("drifted", _drifted(world))
    world.add("need", _need(raid))
    world.add(
        "shift", services.shift_sign_up(need=_need(raid), actor=moderator, occurs_on=_first_day())
    )
    offered = services.shift_sign_up(need=_need(chill), actor=trainee, occurs_on=_first_day())
    world.add("offered", services.shift_offer(shift=offered, actor=trainee))
    asked = services.shift_sign_up(need=_need(finale), actor=trainee, occurs_on=_first_day())
    services.shift_offer(shift=asked, actor=trainee)
    world.add("asked", services.shift_take(shift=asked, actor=moderator))


world = world_fixture(_build)


def _stream_fields(title="Late show"):
    return {
        "title": title,
        "starts_on": _first_day(),
        "start_time": time(22, 0),
        "duration_minutes": 60,
        "weekly": True,
        "needs": ((None, 2),),
    }


def _shift(w, name):
    return Shift.objects.get(pk=w.pk(name))


ROWS = {
    "stream_create": Row(
        lambda w, a: services.stream_create(channel=w.channel, actor=a, **_stream_fields()),
        ok=MANAGERS,
    ),
    "stream_update": Row(
        lambda w, a: services.stream_update(
            stream=w.get("stream"), actor=a, **_stream_fields("Raid night, later")
        ),
        ok=MANAGERS,
    ),
    "stream_delete": Row(
        lambda w, a: services.stream_delete(stream=w.get("stream"), actor=a), ok=MANAGERS
    ),
    "occurrence_cancel": Row(
        lambda w, a: services.occurrence_cancel(
            stream=w.get("stream"), actor=a, occurs_on=_first_day() + timedelta(days=7)
        ),
        ok=MANAGERS,
    ),
    "occurrence_move": Row(
        lambda w, a: services.occurrence_move(
            stream=w.get("stream"),
            actor=a,
            occurs_on=_first_day() + timedelta(days=7),
            moved_on=_first_day() + timedelta(days=8),
            moved_time=time(21, 30),
        ),
        ok=MANAGERS,
    ),
    "stream_adopt_twitch": Row(
        lambda w, a: services.stream_adopt_twitch(stream=w.get("drifted"), actor=a),
        ok=MANAGERS,
    ),
    "schedule_settings_update": Row(
        lambda w, a: services.schedule_settings_update(
            channel=w.channel, actor=a, swaps_need_approval=True
        ),
        ok=MANAGERS,
    ),
    # Room for everyone; a week after the moderator's day.
    "shift_sign_up": Row(
        lambda w, a: services.shift_sign_up(
            need=w.get("need"), actor=a, occurs_on=_first_day() + timedelta(days=7)
        ),
        ok=MEMBERS,
    ),
    "shift_withdraw": Row(
        lambda w, a: services.shift_withdraw(shift=_shift(w, "shift"), actor=a), ok={"moderator"}
    ),
    "shift_offer": Row(
        lambda w, a: services.shift_offer(shift=_shift(w, "shift"), actor=a), ok={"moderator"}
    ),
    # The trainee's own offered shift: theirs to keep, not to take.
    "shift_take": Row(
        lambda w, a: services.shift_take(shift=_shift(w, "offered"), actor=a),
        ok=MEMBERS - {"trainee"},
        invalid={"trainee"},
    ),
    "shift_approve": Row(
        lambda w, a: services.shift_approve(shift=_shift(w, "asked"), actor=a), ok=MANAGERS
    ),
    # A member's feed of the channel.
    "feed_for": Row(
        lambda w, a: services.feed_for(user=a, channel=w.channel),
        ok=MEMBERS,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_every_active_account_has_a_calendar_of_its_own(world):
    run_row(world, Row(lambda w, a: services.feed_for(user=a), ok=SIGNED_IN))
