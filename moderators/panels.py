"""Recruitment's dashboard panel: the user's own applications still in progress."""

from portal import personalpages

from .models import Application, ApplicationState
from .selectors import invitation_for_token, pending_for_user

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


DASHBOARD_INVITATIONS = 5


# Where the invitation link keeps its token for a visitor who goes on to log in or sign up.
SESSION_TOKEN = "moderators.invitation_token"


def your_invitations(request) -> dict:
    """Open invitations to the user, newest first: three queries, whatever the number. Plus
    the invitation whose link they opened before signing in, when it is still open but sent
    to an address they haven't confirmed (yet): the panel says what to do."""
    pending = list(pending_for_user(user=request.user)[:DASHBOARD_INVITATIONS])
    # An invitation that lapses leaves the panel then: a cached dashboard ends with it.
    personalpages.changes_at(min((i.expires_at for i in pending), default=None))
    opened = None
    token = request.session.get(SESSION_TOKEN)
    if token:
        invitation = invitation_for_token(token)
        if invitation is not None and invitation.is_open() and not invitation.is_for(request.user):
            opened = invitation
    return {"invitations": pending, "opened": opened}
