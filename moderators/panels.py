"""Recruitment's dashboard panel: the user's own applications still in progress."""

from portal.panels import register_panel

from .models import Application, ApplicationState

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
