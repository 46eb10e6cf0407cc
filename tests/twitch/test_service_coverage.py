"""Every public function of the Twitch sync's services is a write whose actor check a test
asserts (named here), or a read, receiver or system step with no acting person."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied

from twitch import services
from twitch.models import TwitchDrift

ACTOR_CHECKED = {
    "link_create": "test_services.py::test_only_the_owner_links_with_their_own_connected_account",
    "link_delete": "test_services.py::test_unlinking_drops_the_token_and_fails_what_waits",
    "role_status_set": "test_services.py::test_hostile_input_is_refused_and_changes_nothing",
    "change_retry": "test_services.py::test_a_member_without_twitch_fails_and_can_be_retried_...",
    "lists_refresh": "test_service_coverage.py::test_reads_of_twitch_need_a_team_manager",
    "import_invite": "test_services.py::test_import_matches_twitchs_lists_and_invites_...",
    "import_links": "test_service_coverage.py::test_reads_of_twitch_need_a_team_manager",
    "join_link_accept": "test_services.py::test_import_matches_... (only the linked account)",
    "drift_revert": "test_services.py::test_drift_shows_changes_made_on_twitch_...",
    "drift_adopt": "test_service_coverage.py::test_reads_of_twitch_need_a_team_manager",
}
NOT_ACTIONS = {
    "twitch_account",  # a read of the user's own connection
    "join_link_read",  # checks a link's signature
}
# The outbox's subscribers (twitch/outbox.py) run inside the team service that checked its actor.


def public_functions() -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(services, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == services.__name__
    }


def test_every_twitch_service_has_its_actor_test_or_is_no_action():
    assert public_functions() == set(ACTOR_CHECKED) | NOT_ACTIONS


@pytest.mark.django_db
def test_reads_of_twitch_need_a_team_manager(linked):
    team = linked.team
    drift = TwitchDrift.objects.create(channel=team.channel, twitch_user_id="9", login="x")
    for actor in (team.trainee, team.moderator, team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            services.lists_refresh(channel=team.channel, actor=actor)
        with pytest.raises(PermissionDenied):
            services.import_links(channel=team.channel, actor=actor, entries=[])
        with pytest.raises(PermissionDenied):
            services.drift_adopt(drift=drift, actor=actor)
    assert linked.fake.requests == []
