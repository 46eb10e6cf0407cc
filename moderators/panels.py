"""Recruitment's dashboard panel: the user's own applications still in progress."""

from portal.panels import register_panel

from .models import Application, ApplicationState
from .services.invitations import pending_for_user

DASHBOARD_APPLICATIONS = 5


def your_applications(request) -> dict:
    """Active applications, newest first: one query, whatever the number of rows."""
    active = (
        Application.objects.filter(applicant=request.user)
        .exclude(state__in=[ApplicationState.WITHDRAWN, ApplicationState.DECLINED])
        .select_related("opening", "channel")
        .order_by("-submitted_at", "-id")
    )
    return {"applications": list(active[:DASHBOARD_APPLICATIONS])}


def register_dashboard_panels() -> None:
    register_panel(
        name="moderators.your_applications",
        template="partials/moderators/dashboard_panel.html",
        context=your_applications,
        order=20,
    )
    register_invitation_panel()


DASHBOARD_INVITATIONS = 5


def your_invitations(request) -> dict:
    """Open invitations to the user, newest first: three queries, whatever the number."""
    pending = pending_for_user(user=request.user)
    return {"invitations": list(pending[:DASHBOARD_INVITATIONS])}


def register_invitation_panel() -> None:
    register_panel(
        name="moderators.your_invitations",
        template="partials/moderators/invitation_panel.html",
        context=your_invitations,
        order=15,
    )
