"""The team's view of its past members: roles, dates, how each stint ended and a removal's
reason, for the owner and team managers only, never on the person's profile."""

import pytest
from django.urls import reverse

from channels.models import Membership
from channels.services import membership_leave, membership_remove
from community.services.profiles import profile_update
from tests.factories import UserFactory, add_member, page_queries

pytestmark = pytest.mark.django_db


def test_managers_see_who_moved_on_and_why_a_removal_was_made(client, team):
    membership_leave(membership=team.membership("trainee"), actor=team.trainee)
    membership_remove(
        membership=team.membership("moderator"),
        actor=team.owner,
        reason="Timed out regulars <script>alert(1)</script> without cause",
    )
    url = reverse("records:team_history", args=[team.channel.slug])
    client.force_login(team.owner)
    page = client.get(url).content.decode()
    assert "@trainee" in page and "Left the team" in page
    assert "@moderator" in page and "Removed from the team" in page
    assert "Timed out regulars" in page and "<script>alert(1)</script>" not in page
    assert "@lead" not in page  # still on the team
    client.force_login(team.lead)  # the Lead Moderator role manages the team
    assert "Timed out regulars" in client.get(url).content.decode()
    # Members who don't manage the team, and outsiders, never reach it.
    member = add_member(team.channel, user=UserFactory(username="newmod"), roles=["Moderator"])
    for person in (member.user, team.outsider, team.other_member):
        client.force_login(person)
        assert client.get(url).status_code in (403, 404)
    # The reason never shows on the person's own profile, even to themself.
    profile_update(user=team.moderator, actor=team.moderator, display_name="Mo")
    client.force_login(team.moderator)
    profile = reverse("community:profile", args=[team.moderator.username])
    assert "Timed out regulars" not in client.get(profile).content.decode()


def test_another_channels_history_stays_there(client, team):
    membership_leave(membership=team.membership("trainee"), actor=team.trainee)
    other = reverse("records:team_history", args=[team.other_channel.slug])
    other_owner = Membership.objects.get(channel=team.other_channel, is_owner=True).user
    client.force_login(other_owner)
    assert "@trainee" not in client.get(other).content.decode()


def test_the_history_page_queries_do_not_grow_with_the_people(client, team):
    url = reverse("records:team_history", args=[team.channel.slug])
    client.force_login(team.owner)

    def part_ways(count, start):
        for n in range(start, start + count):
            membership = add_member(
                team.channel, user=UserFactory(username=f"past{n}"), roles=["Moderator"]
            )
            membership_leave(membership=membership, actor=membership.user)

    part_ways(2, 0)
    few = page_queries(client, url)
    part_ways(8, 2)
    assert page_queries(client, url) == few
