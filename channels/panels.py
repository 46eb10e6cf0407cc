"""The channels app's dashboard panel: the channels the user owns and those they moderate."""

from .selectors import memberships_for_user


def your_channels(request) -> dict:
    """Two queries (memberships with channels, then their roles), whatever the number of rows."""
    memberships = memberships_for_user(user=request.user)
    return {
        "owned": [m for m in memberships if m.is_owner],
        "moderated": [m for m in memberships if not m.is_owner],
    }
