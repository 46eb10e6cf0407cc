"""The community app's dashboard panel: pinned announcements of the user's teams."""

from portal.panels import register_panel

from .selectors import pinned_for_user


def pinned_announcements(request) -> dict:
    """One query."""
    return {"announcements": pinned_for_user(request.user)}


def register_dashboard_panels() -> None:
    register_panel(
        name="community.pinned_announcements",
        template="partials/community/dashboard_pinned.html",
        context=pinned_announcements,
        order=5,
    )
