"""The pages: what they show, and query counts flat with 10 and 500 streams."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shifts import services
from shifts.models import Shift, Stream, StreamNeed
from tests.factories import page_queries

pytestmark = pytest.mark.django_db


def bulk_streams(team, n):
    today = timezone.localdate()
    streams = Stream.objects.bulk_create(
        Stream(
            channel=team.channel,
            title=f"Stream {i}",
            starts_on=today + timedelta(days=1 + i % 6),
            start_time=time(18 + i % 4, 0),
            time_zone="UTC",
            duration_minutes=60,
            weekly=True,
        )
        for i in range(n)
    )
    needs = StreamNeed.objects.bulk_create(
        StreamNeed(channel=team.channel, stream=s, count=2) for s in streams
    )
    Shift.objects.bulk_create(
        Shift(channel=team.channel, stream=n.stream, need=n, user=team.moderator) for n in needs
    )


@pytest.mark.parametrize(
    "name",
    ["shifts:schedule", "shifts:next_panel", "team_health", "shifts:my_calendar"],
)
def test_queries_stay_flat_with_10_and_500_streams(client, team, name):
    client.force_login(team.owner if name != "shifts:next_panel" else team.moderator)
    if name in ("shifts:next_panel", "shifts:my_calendar"):
        client.force_login(team.moderator)
        url = reverse(name)
    else:
        url = reverse(name, args=[team.channel.slug])
    bulk_streams(team, 10)
    page_queries(client, url)  # the first visit makes the calendar feed's token
    small = page_queries(client, url)
    bulk_streams(team, 490)
    large = page_queries(client, url)
    assert large == small


def test_schedule_shows_coverage_and_sign_up_from_the_dashboard(client, team):
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="Friday raid night",
        starts_on=timezone.localdate() + timedelta(days=2),
        start_time=time(20),
        duration_minutes=120,
        weekly=True,
        needs=((None, 2),),
    )
    client.force_login(team.moderator)
    panel = client.get(reverse("shifts:next_panel")).content.decode()
    assert "Friday raid night" in panel and "Sign up" in panel
    need = StreamNeed.objects.get(stream=stream)
    response = client.post(
        reverse("shifts:sign_up", args=[team.channel.slug, need.pk]),
        {"occurs_on": stream.starts_on.isoformat(), "next": reverse("dashboard")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    page = client.get(reverse("shifts:schedule", args=[team.channel.slug])).content.decode()
    assert "1 missing" in page and str(team.moderator) in page
    client.force_login(team.owner)
    health = client.get(reverse("team_health", args=[team.channel.slug])).content.decode()
    assert "Streams of the next two weeks" in health


def test_a_foreign_next_is_ignored(client, team):
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="One-off",
        starts_on=timezone.localdate() + timedelta(days=2),
        start_time=time(20),
        duration_minutes=60,
    )
    client.force_login(team.moderator)
    need = StreamNeed.objects.get(stream=stream)
    response = client.post(
        reverse("shifts:sign_up", args=[team.channel.slug, need.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("shifts:schedule", args=[team.channel.slug])
    assert Shift.objects.filter(user=team.moderator).exists()


def test_hostile_sign_up_day_gets_a_message_not_a_500(client, team):
    stream = services.stream_create(
        channel=team.channel,
        actor=team.owner,
        title="One-off",
        starts_on=timezone.localdate() + timedelta(days=2),
        start_time=time(20),
        duration_minutes=60,
    )
    client.force_login(team.moderator)
    need = StreamNeed.objects.get(stream=stream)
    url = reverse("shifts:sign_up", args=[team.channel.slug, need.pk])
    for day in ["\x00", "9999-99-99", "2001-01-01", "x" * 5000]:
        assert client.post(url, {"occurs_on": day}).status_code == 302
    assert not Shift.objects.exists()
    assert (
        client.post(reverse("shifts:sign_up", args=[team.channel.slug, 10**12])).status_code == 404
    )
