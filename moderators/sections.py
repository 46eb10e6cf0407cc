"""What recruitment shows on the pages that gather every app (registered from plugin.py): the
home page's and the hub's open positions, the hub's tasks, the team-health recruitment figures.
Each runs a fixed number of queries."""

from .models import ENDED_STATES, Application, ApplicationState, Opening, OpeningState
from .selectors import BoardFilters, board_openings, pending_for_user

HUB_ITEMS = 5
HOME_OPENINGS = 6


def new_openings(limit: int = HUB_ITEMS) -> list:
    """Newest open positions of listed channels: two queries (openings, their languages)."""
    return list(board_openings(filters=BoardFilters())[:limit])


def home_openings(request) -> dict:
    return {"openings": new_openings(limit=HOME_OPENINGS)}


def hub_openings(request) -> dict:
    return {"openings": new_openings()}


def invitations_waiting(user) -> list:
    return list(pending_for_user(user=user)[:HUB_ITEMS])


def applications_open(user) -> list:
    """The user's applications still in progress: one query."""
    applications = (
        Application.objects.filter(applicant=user)
        .exclude(state__in=ENDED_STATES)
        .exclude(state="accepted")
        .select_related("opening", "channel")
        .order_by("-submitted_at", "-id")
    )
    return list(applications[:HUB_ITEMS])


def recruitment_section(channel) -> dict:
    """Open positions and applications waiting for review: two queries."""
    return {
        "open_positions": Opening.objects.for_channel(channel)
        .filter(state=OpeningState.OPEN)
        .count(),
        "waiting": Application.objects.for_channel(channel)
        .filter(state__in=[ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW])
        .count(),
    }
