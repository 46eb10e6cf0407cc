"""The demo schedule and the read-only admin pages of the shifts app."""

import io
from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from channels.models import Channel
from shifts import services
from shifts.demo import seed_shifts
from shifts.models import CalendarFeed, Shift, Stream, StreamNeed

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["stream", "shift", "schedulesettings", "calendarfeed"]


def test_seed_demo_builds_a_schedule_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    channel = Channel.objects.get(slug="nova-streams")
    assert Stream.objects.filter(channel=channel).count() == 3
    assert Shift.objects.filter(channel=channel).count() == 3
    assert Shift.objects.filter(channel=channel, offered=True).count() == 1
    channels = {c.slug: c for c in Channel.objects.all()}
    assert seed_shifts(channels_by_slug=channels, users_by_name={}) == []
    call_command("seed_demo", stdout=io.StringIO())
    assert Stream.objects.count() == 3


def _schedule(team, n):
    for i in range(n):
        stream = services.stream_create(
            channel=team.channel,
            actor=team.owner,
            title=f"Stream {i}",
            starts_on=timezone.localdate() + timedelta(days=2 + i),
            start_time=time(20),
            duration_minutes=60,
            weekly=True,
            needs=((None, 3),),
        )
        need = StreamNeed.objects.get(stream=stream)
        services.shift_sign_up(need=need, actor=team.moderator)
        shift = services.shift_sign_up(need=need, actor=team.trainee)
        services.shift_offer(shift=shift, actor=team.trainee)
    services.schedule_settings_update(
        channel=team.channel, actor=team.owner, swaps_need_approval=True
    )
    services.feed_for(user=team.moderator)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_admin_lists_are_read_only_and_their_queries_flat(client, team, model):
    client.force_login(team.staff)
    url = reverse(f"admin:shifts_{model}_changelist")
    _schedule(team, 2)
    small = _queries(client, url)
    _schedule(team, 8)
    assert _queries(client, url) == small
    assert client.get(reverse(f"admin:shifts_{model}_add")).status_code == 403


def test_admin_searches_and_never_shows_a_feed_token(client, team):
    _schedule(team, 2)
    client.force_login(team.staff)
    found = client.get(reverse("admin:shifts_stream_changelist"), {"q": "Stream 1"})
    assert "Stream 1" in found.content.decode() and "Stream 0" not in found.content.decode()
    shifts = client.get(reverse("admin:shifts_shift_changelist"), {"q": team.trainee.username})
    assert shifts.status_code == 200
    feed = CalendarFeed.objects.get(user=team.moderator)
    for url in (
        reverse("admin:shifts_calendarfeed_changelist"),
        reverse("admin:shifts_calendarfeed_change", args=[feed.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200 and feed.token not in page.content.decode()
    stream = Stream.objects.get(title="Stream 0")
    page = client.get(reverse("admin:shifts_stream_change", args=[stream.pk]))
    assert page.status_code == 200
    client.post(reverse("admin:shifts_stream_change", args=[stream.pk]), {"title": "Hacked"})
    client.post(reverse("admin:shifts_stream_delete", args=[stream.pk]), {"post": "yes"})
    stream.refresh_from_db()
    assert stream.title == "Stream 0"


def test_only_staff_see_the_shifts_admin(client, team):
    client.force_login(team.owner)
    response = client.get(reverse("admin:shifts_stream_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
