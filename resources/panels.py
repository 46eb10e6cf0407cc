"""The dashboard's "training to do" panel: required resources of the user's roles."""

from .selectors import todo_for_user


def training_todo(request) -> dict:
    return {"resources": todo_for_user(request.user)}
