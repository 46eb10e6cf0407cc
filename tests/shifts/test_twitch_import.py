"""The Twitch schedule import, against the local server answering as Helix does."""

from datetime import date, time

import pytest

from channels.models import AuditEvent
from portal.notifications.models import Notification
from shifts import services
from shifts.models import Shift, Stream, StreamException, StreamNeed
from shifts.tasks import import_twitch_task
from shifts.twitch_import import import_schedule
from tests.twitch.conftest import fake_twitch, link_channel  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def segment(sid, start, end, title, *, recurring=True, cancelled=None):
    return {
        "id": sid,
        "start_time": start,
        "end_time": end,
        "title": title,
        "canceled_until": cancelled,
        "category": None,
        "is_recurring": recurring,
    }


@pytest.fixture
def schedule_link(team, fake_twitch):  # noqa: F811
    team.channel.time_zone = "Europe/Berlin"
    team.channel.save()
    link = link_channel(fake_twitch, team.channel, team.owner)
    fake_twitch.schedules["1000"] = {
        "broadcaster_id": "1000",
        "broadcaster_name": "NovaStreams",
        "segments": [
            # Fridays 20:00 Berlin (19:00 UTC in winter), recurring; the second one cancelled.
            segment("a1", "2027-01-08T19:00:00Z", "2027-01-08T22:00:00Z", "Friday raid night"),
            segment(
                "a2",
                "2027-01-15T19:00:00Z",
                "2027-01-15T22:00:00Z",
                "Friday raid night",
                cancelled="2027-01-15T22:00:00Z",
            ),
            segment(
                "b1", "2027-01-10T15:00:00Z", "2027-01-10T16:30:00Z", "Charity", recurring=False
            ),
        ],
        "vacation": {"start_time": "2027-01-28T00:00:00Z", "end_time": "2027-02-02T00:00:00Z"},
    }
    return link


def test_import_creates_recurring_and_one_off_streams_with_cancellations(schedule_link, team):
    counts = import_schedule(schedule_link)
    assert counts["added"] == 2
    weekly = Stream.objects.get(weekly=True)
    assert (weekly.title, weekly.starts_on, weekly.start_time) == (
        "Friday raid night",
        date(2027, 1, 8),
        time(20, 0),
    )
    assert weekly.duration_minutes == 180 and weekly.source == "twitch"
    once = Stream.objects.get(weekly=False)
    assert once.start_time == time(16, 0) and once.duration_minutes == 90
    cancelled = set(StreamException.objects.values_list("occurs_on", flat=True))
    assert cancelled == {date(2027, 1, 15), date(2027, 1, 29)}  # the segment, the vacation
    assert AuditEvent.objects.filter(action="stream.added", actor=None).count() == 2
    again = import_schedule(schedule_link)
    assert again == {"added": 0, "updated": 0, "drift": 0, "cancelled": 0}


def test_twitch_changes_apply_but_never_overwrite_a_hand_made_change(
    schedule_link,
    team,
    fake_twitch,  # noqa: F811
):
    import_schedule(schedule_link)
    weekly = Stream.objects.get(weekly=True)
    once = Stream.objects.get(weekly=False)
    services.shift_sign_up(need=StreamNeed.objects.get(stream=once), actor=team.moderator)
    services.stream_update(
        stream=weekly,
        actor=team.lead,
        title="Raid night (by hand)",
        starts_on=weekly.starts_on,
        start_time=time(20, 0),
        duration_minutes=180,
        weekly=True,
        needs=((None, 2),),
    )
    segments = fake_twitch.schedules["1000"]["segments"]
    for s in segments:
        s["title"] = s["title"] + " on Twitch"
    segments[2]["start_time"] = "2027-01-10T16:00:00Z"
    segments[2]["end_time"] = "2027-01-10T17:30:00Z"
    counts = import_schedule(schedule_link)
    weekly.refresh_from_db()
    once.refresh_from_db()
    assert weekly.title == "Raid night (by hand)"
    assert weekly.twitch_differs == {"title": "Friday raid night on Twitch"}
    assert once.title == "Charity on Twitch" and once.start_time == time(17, 0)
    assert counts["updated"] == 1 and counts["drift"] == 1
    assert Notification.objects.filter(event="stream.moved", recipient=team.moderator).exists()
    assert Shift.objects.filter(stream=once).exists()


def test_no_schedule_on_twitch_is_no_change(team, fake_twitch):  # noqa: F811
    link = link_channel(fake_twitch, team.channel, team.owner)
    assert import_schedule(link)["added"] == 0
    assert not Stream.objects.exists()


def test_the_beat_task_imports_every_linked_channel(schedule_link, settings):
    settings.TWITCH_SYNC_ENABLED = True
    assert import_twitch_task() == 1
    assert Stream.objects.count() == 2
