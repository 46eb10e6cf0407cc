"""The dashboard's "training to do" panel: required resources of the user's roles."""

from .selectors import todo_for_user, todo_states


def training_todo(request) -> dict:
    resources = todo_for_user(request.user)
    states = todo_states(request.user, resources)
    return {"resources": [(r, states[r.pk]) for r in resources]}
