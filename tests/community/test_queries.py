"""The directory, the hub and the health page run a fixed number of queries as data grows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from community.services.announcements import announcement_post
from community.services.profiles import profile_update
from tests.factories import UserFactory, add_member, page_queries
from tests.moderators.factories import make_opening

pytestmark = pytest.mark.django_db

DIRECTORY_BUDGET = 12
HUB_BUDGET = 30
HEALTH_BUDGET = 30


def moderators(n, start, *, channel=None):
    for i in range(start, start + n):
        user = UserFactory(username=f"mod{i}")
        profile_update(
            user=user,
            actor=user,
            languages=["en", "de"],
            platforms=["twitch", "kick"],
            hours=[18, 19, 20, 24 + 18],
            open_to_channels=True,
            away_until=timezone.localdate() + timedelta(days=2) if i % 3 == 0 else None,
        )
        if channel is not None:
            add_member(channel, user=user, roles=["Moderator", "Trainee"])


def test_directory_queries_do_not_grow(client, team):
    url = reverse("community:directory") + "?language=en&platform=twitch&available=18-20"
    client.force_login(team.owner)
    moderators(2, 0)
    small = page_queries(client, url)
    moderators(20, 100)
    assert page_queries(client, url) == small <= DIRECTORY_BUDGET


def test_hub_queries_do_not_grow(client, team):
    profile_update(user=team.moderator, actor=team.moderator, languages=["en"])
    client.force_login(team.moderator)
    url = reverse("hub")
    make_opening(team.channel, title="One", languages=["en"])
    small = page_queries(client, url)
    for i in range(8):
        make_opening(team.channel, title=f"Opening {i}", languages=["en", "de"])
        announcement_post(channel=team.channel, actor=team.owner, title=f"A{i}", body="b")
    assert page_queries(client, url) == small <= HUB_BUDGET


def test_health_queries_do_not_grow(client, team):
    client.force_login(team.owner)
    url = reverse("team_health", args=[team.channel.slug])
    moderators(2, 0, channel=team.channel)
    small = page_queries(client, url)
    moderators(20, 100, channel=team.channel)
    assert page_queries(client, url) == small <= HEALTH_BUDGET
