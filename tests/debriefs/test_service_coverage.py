"""Every public function of the debriefs services is either a write whose actor check a test
asserts (named here), or a helper with no acting person. A new service function without an
entry fails here, so it can't ship without its permission test."""

import inspect

from debriefs import norm_hooks, services

# service -> the test that calls it as people who may not act and expects a refusal
ACTOR_CHECKED = {
    "debrief_create": "test_services.py::test_only_members_who_can_write_debriefs_write_them",
    "debrief_comment": (
        "test_services.py::test_any_member_comments_outsiders_and_read_only_channels_are_refused"
    ),
    "debrief_agree_lessons": (
        "test_services.py::test_the_author_or_a_manager_agrees_the_lessons_once"
    ),
    "debrief_propose_norm_change": (
        "test_services.py::test_a_proposed_change_is_linked_when_a_version_changes_the_norm"
    ),
    "debrief_create_case_study": (
        "test_services.py::test_a_case_study_needs_agreed_lessons_no_names_and_a_library_manager"
    ),
}
# Guards, cleaning helpers and reads other services and views consult.
NOT_ACTIONS = {
    "require_author_or_manager",
    "norm_choices",
}
# A subscriber of `norms.published`, run inside norms_publish's transaction after it checked
# its actor, and a read for the norms pages.
HOOKS = {"debriefs_on_norms_published", "debrief_links"}


def public_functions(module) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }


def test_every_debrief_service_has_its_actor_test_or_is_no_action():
    assert public_functions(services) == set(ACTOR_CHECKED) | NOT_ACTIONS
    assert not set(ACTOR_CHECKED) & NOT_ACTIONS
    assert public_functions(norm_hooks) == HOOKS
