"""Every public function of the recruitment services is either a write whose actor check a test
asserts (named here), or a read or system step with no acting person. A new service function
without an entry fails here, so it can't ship without its permission test."""

import inspect

from moderators.services import applications, invitation_expiry, invitations, openings, review

REVIEW_REFUSALS = "test_review_services.py::test_review_services_refuse_everyone_who_cannot_review"
REVOKE_REFUSALS = "test_invitations.py::test_revoke_and_resend_need_a_team_manager_within_the_roles"
# service -> the test that calls it as people who may not act and expects a refusal
ACTOR_CHECKED = {
    "opening_create": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "opening_update": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "opening_open": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "opening_close": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "question_add": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "question_update": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "question_move": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "question_delete": "test_services.py::test_management_services_refuse_actors_who_cannot_review",
    "application_submit": "test_services.py (members and anonymous are refused)",
    "application_withdraw": "test_services.py (only the applicant withdraws)",
    "application_move": REVIEW_REFUSALS,
    "application_note_add": REVIEW_REFUSALS,
    "application_vote": REVIEW_REFUSALS,
    "invitation_create": "test_invitations.py::test_only_team_managers_invite",
    "invitation_accept": "test_invitations.py::test_only_the_invited_person_accepts",
    "invitation_decline": "test_invitations.py::test_only_the_invited_person_accepts",
    "invitation_revoke": REVOKE_REFUSALS,
    "invitation_resend": REVOKE_REFUSALS,
}
# Reads and rules other services and views consult, and scheduled steps no person takes.
NOT_ACTIONS = {
    "refusal_reason",
    "allowed_moves",
    "trainee_role",
    "trial_reminders_send",
    "invitations_expire",
    "invitation_expire",  # the sweep's step, also run on an invitation found expired
    "register_invitee_check",
}


def public_functions() -> set[str]:
    return {
        name
        for module in (applications, invitation_expiry, invitations, openings, review)
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }


def test_every_recruitment_service_has_its_actor_test_or_is_no_action():
    assert public_functions() == set(ACTOR_CHECKED) | NOT_ACTIONS
    assert not set(ACTOR_CHECKED) & NOT_ACTIONS
