"""The community app's dashboard panel: pinned announcements of the user's teams."""

from .selectors import pinned_for_user


def pinned_announcements(request) -> dict:
    """One query."""
    return {"announcements": pinned_for_user(request.user)}
