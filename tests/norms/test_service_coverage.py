"""Every public function of the norms services is either a write whose actor check a test
asserts (named here), or a step no person takes. A new service without an entry fails here."""

import inspect

from norms.services import acknowledgements, drafts, publishing

MANAGE_REFUSALS = "test_services.py::test_management_services_refuse_actors_who_cannot_manage_norms"
ACTOR_CHECKED = {
    "norm_create": MANAGE_REFUSALS,
    "norm_update": MANAGE_REFUSALS,
    "norm_move": MANAGE_REFUSALS,
    "norm_delete": MANAGE_REFUSALS,
    "norm_comment": MANAGE_REFUSALS,
    "norms_copy_template": MANAGE_REFUSALS,
    "norms_publish": MANAGE_REFUSALS,
    "norms_acknowledge": "test_services.py::test_acknowledging_is_for_members_only",
}
# Helpers other services use, scheduled steps and the joining step channels' service runs.
NOT_ACTIONS = {
    "norm_set_locked",
    "unacknowledged_members",
    "norms_send_reminders",  # Celery beat
    "norms_welcome",  # inside membership_join, whose actor check is channels'
}


def public_functions() -> set[str]:
    return {
        name
        for module in (acknowledgements, drafts, publishing)
        for name, value in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and value.__module__ == module.__name__
    }


def test_every_norms_service_is_actor_checked_or_not_an_action():
    assert public_functions() == set(ACTOR_CHECKED) | NOT_ACTIONS
