"""Every public community service (community.services) × every kind of actor, called
directly (tests/service_matrix.py). The world's channel has one announcement; the personal rule
is the profile: the moderator's own. Adding a public function to community.services without a
row (or a NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import services
from community.models import Announcement
from community.services.announcements import (
    announcement_delete,
    announcement_post,
    announcement_set_pinned,
    platform_announcement_delete,
    platform_announcement_save,
)
from community.services.profiles import profile_update
from tests.factories import channel_owner
from tests.fingerprint import database_fingerprint
from tests.service_matrix import ACTORS, Row, check_rows, run_row, world_fixture

pytestmark = pytest.mark.django_db

POSTERS = {"lead", "owner"}  # can_post_announcements
PLATFORM = {"admin"}  # community.add/change/delete_platformannouncement: no channel role grants it

NOT_ACTIONS = {
    "profile_for": "a read that makes the empty profile a user starts with",
    "utc_offset_hours": "a pure function",
    "to_utc_slot": "a pure function",
    "accepts_invitations": "a predicate the invitation services consult",
}


def _build(world):
    world.add(
        "announcement",
        announcement_post(
            channel=world.channel, actor=world.actor("owner"), title="Stream moved", body="To 8pm."
        ),
    )
    world.add(
        "platform_announcement",
        platform_announcement_save(actor=world.actor("admin"), title="Maintenance", body="At 4am."),
    )


world = world_fixture(_build)


ROWS = {
    "announcement_post": Row(
        lambda w, a: announcement_post(channel=w.channel, actor=a, title="Raid", body="Tonight."),
        ok=POSTERS,
    ),
    "announcement_set_pinned": Row(
        lambda w, a: announcement_set_pinned(
            announcement=w.get("announcement"), channel=w.channel, actor=a, is_pinned=True
        ),
        ok=POSTERS,
    ),
    "announcement_delete": Row(
        lambda w, a: announcement_delete(
            announcement=w.get("announcement"), channel=w.channel, actor=a
        ),
        ok=POSTERS,
    ),
    # The platform's news, written in the Django admin: only a platform permission allows it,
    # not staff status nor any channel's capabilities.
    "platform_announcement_save": Row(
        lambda w, a: platform_announcement_save(actor=a, title="Upgrade", body="New features."),
        ok=PLATFORM,
    ),
    "platform_announcement_delete": Row(
        lambda w, a: platform_announcement_delete(
            actor=a, announcement=w.get("platform_announcement")
        ),
        ok=PLATFORM,
    ),
    # Personal: the moderator edits their own profile, nobody else does (not the admin either).
    "profile_update": Row(
        lambda w, a: profile_update(user=w.user("moderator"), actor=a, bio="Night owl."),
        ok={"moderator"},
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_changing_a_platform_announcement_needs_the_platform_permission(world):
    """platform_announcement_save's other path: changing an existing announcement."""
    row = Row(
        lambda w, a: platform_announcement_save(
            actor=a, announcement=w.get("platform_announcement"), title="Moved", body="To 5am."
        ),
        ok=PLATFORM,
    )
    run_row(world, row, ACTORS)


def test_an_announcement_is_managed_only_through_its_own_channel(world):
    """The other channel's owner holds every capability there, not over Nova's announcement."""
    other = world.other_channel
    actor = channel_owner(other)
    announcement = Announcement.objects.get(pk=world.pk("announcement"))
    before = database_fingerprint()
    for call in (
        lambda: announcement_set_pinned(
            announcement=announcement, channel=other, actor=actor, is_pinned=True
        ),
        lambda: announcement_delete(announcement=announcement, channel=other, actor=actor),
    ):
        with pytest.raises((PermissionDenied, ValidationError)):
            call()
    assert database_fingerprint() == before
