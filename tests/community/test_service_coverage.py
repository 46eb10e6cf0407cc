"""Every public function of the community services is a write whose actor check a test
asserts (named here), or a read or registration with no acting person."""

import inspect

from community.services import announcements, profiles

REFUSALS = "test_services.py::test_announcement_services_refuse_those_who_cannot_post"
ACTOR_CHECKED = {
    "profile_update": "test_services.py::test_only_the_person_edits_their_profile",
    "announcement_post": REFUSALS,
    "announcement_set_pinned": REFUSALS,
    "announcement_delete": REFUSALS,
    "platform_announcement_save": (
        "test_admin.py::test_platform_announcement_services_need_the_platform_permission"
    ),
    "platform_announcement_delete": (
        "test_admin.py::test_platform_announcement_services_need_the_platform_permission"
    ),
}
NOT_ACTIONS = {
    "profile_for",
    "utc_offset_hours",
    "to_utc_slot",
    "accepts_invitations",  # the invitation gate, registered from community/plugin.py
}


def test_every_community_service_has_its_actor_test_or_is_no_action():
    found = {
        name
        for module in (announcements, profiles)
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }
    assert found == set(ACTOR_CHECKED) | NOT_ACTIONS
