"""The Twitch schedule import, against the local server answering as Helix does."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

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


def test_a_schedule_manager_adopts_twitchs_version(
    client,
    schedule_link,
    team,
    fake_twitch,  # noqa: F811
):
    import_schedule(schedule_link)
    weekly = Stream.objects.get(weekly=True)
    services.shift_sign_up(need=StreamNeed.objects.get(stream=weekly), actor=team.moderator)
    services.stream_update(
        stream=weekly,
        actor=team.lead,
        title="Raid night (by hand)",
        starts_on=weekly.starts_on,
        start_time=time(21, 0),
        duration_minutes=180,
        weekly=True,
        needs=((None, 2),),
    )
    Notification.objects.all().delete()
    fake_twitch.schedules["1000"]["segments"][0]["title"] = "Friday raid night!"
    import_schedule(schedule_link)
    weekly.refresh_from_db()
    assert weekly.twitch_differs == {"title": "Friday raid night!", "start_time": "20:00:00"}
    with pytest.raises(PermissionDenied):
        services.stream_adopt_twitch(stream=weekly, actor=team.moderator)
    client.force_login(team.lead)
    page = client.get(reverse("shifts:schedule", args=[team.channel.slug])).content.decode()
    assert "Use Twitch&#x27;s version" in page or "Use Twitch's version" in page
    response = client.post(
        reverse("shifts:adopt_twitch", args=[team.channel.slug, weekly.pk]), follow=True
    )
    assert "follows Twitch" in response.content.decode()
    weekly.refresh_from_db()
    assert (weekly.title, weekly.start_time, weekly.edited_by_hand, weekly.twitch_differs) == (
        "Friday raid night!",
        time(20, 0),
        False,
        {},
    )
    assert AuditEvent.objects.filter(action="stream.twitch_adopted").count() == 1
    assert Notification.objects.filter(event="stream.moved", recipient=team.moderator).exists()
    # Nothing left to adopt: a message, no change; later imports update the stream again.
    with pytest.raises(ValidationError):
        services.stream_adopt_twitch(stream=weekly, actor=team.lead)
    fake_twitch.schedules["1000"]["segments"][0]["title"] = "Friday raid night, again"
    import_schedule(schedule_link)
    weekly.refresh_from_db()
    assert weekly.title == "Friday raid night, again"


def test_a_hand_made_stream_has_no_twitch_version_to_adopt(team):
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="By hand",
        starts_on=date(2030, 1, 4),
        start_time=time(20),
        duration_minutes=60,
    )
    Stream.objects.filter(pk=stream.pk).update(
        twitch_differs={"title": "Other", "start_time": "99:99"}
    )
    stream.refresh_from_db()
    with pytest.raises(ValidationError):
        services.stream_adopt_twitch(stream=stream, actor=team.owner)
