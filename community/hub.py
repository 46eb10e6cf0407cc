"""What the community hub and the public landing page gather from every app: fixed queries."""

from moderators.models import ENDED_STATES, Application
from moderators.selectors import BoardFilters, board_openings, pending_for_user
from norms.selectors import norms_to_acknowledge
from resources.models import Resource
from resources.selectors import todo_for_user

from .models import ProfileLanguage
from .selectors import platform_announcements

HUB_ITEMS = 5


def featured_resources(limit: int = 4) -> list[Resource]:
    """One query."""
    return list(
        Resource.objects.community().filter(is_featured=True).order_by("-shared_at", "-id")[:limit]
    )


def new_openings(limit: int = HUB_ITEMS) -> list:
    """Newest open positions of listed channels: two queries (openings, their languages)."""
    return list(board_openings(filters=BoardFilters())[:limit])


def openings_in_languages(user, limit: int = HUB_ITEMS) -> list:
    """Open positions asking for one of the user's profile languages: two queries."""
    languages = ProfileLanguage.objects.filter(profile__user=user).values("code")
    return list(
        board_openings(filters=BoardFilters())
        .filter(language_rows__code__in=languages)
        .distinct()[:limit]
    )


def your_tasks(user) -> dict:
    """Norms to acknowledge, required training, pending invitations, applications in
    progress: five queries."""
    applications = (
        Application.objects.filter(applicant=user)
        .exclude(state__in=ENDED_STATES)
        .exclude(state="accepted")
        .select_related("opening", "channel")
        .order_by("-submitted_at", "-id")
    )
    return {
        "norms": norms_to_acknowledge(user=user)[:HUB_ITEMS],
        "training": todo_for_user(user, limit=HUB_ITEMS),
        "invitations": list(pending_for_user(user=user)[:HUB_ITEMS]),
        "applications": list(applications[:HUB_ITEMS]),
    }


def hub(user) -> dict:
    tasks = your_tasks(user)
    return {
        "announcements": platform_announcements(),
        "featured": featured_resources(),
        "openings": new_openings(),
        "language_openings": openings_in_languages(user),
        "tasks": tasks,
        "has_tasks": any(tasks.values()),
    }


def landing() -> dict:
    return {"openings": new_openings(limit=6), "featured": featured_resources()}
