"""The dashboard's "training to do" panel: required resources of the user's roles."""

from portal.panels import register_panel

from .selectors import todo_for_user


def training_todo(request) -> dict:
    return {"resources": todo_for_user(request.user)}


def register_dashboard_panels() -> None:
    register_panel(
        name="resources.training_todo",
        template="partials/resources/dashboard_panel.html",
        context=training_todo,
        order=18,
    )
