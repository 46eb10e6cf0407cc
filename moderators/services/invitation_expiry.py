"""Invitations past their expiry: the periodic sweep, and the one step it and the other
invitation services share."""

from django.db import transaction
from django.utils import timezone

from channels.services import audit_record

from ..audit import InvitationAction
from ..models import Invitation, InvitationState


def invitation_expire(invitation: Invitation) -> None:
    """Mark one pending invitation expired (audited by "system"); the caller holds its lock."""
    invitation.state = InvitationState.EXPIRED
    invitation.save(update_fields=["state"])
    audit_record(
        channel=invitation.channel,
        actor=None,
        action=InvitationAction.INVITATION_EXPIRED,
        target=invitation,
        before={"state": InvitationState.PENDING},
        after={"state": InvitationState.EXPIRED},
    )


def invitations_expire(*, now=None) -> int:
    """The periodic sweep: pending invitations past their expiry become expired, each in its
    own transaction (audited by "system"). Returns how many."""
    now = now or timezone.now()
    due = list(
        Invitation.objects.filter(state=InvitationState.PENDING, expires_at__lte=now).values_list(
            "pk", flat=True
        )[:1000]
    )
    count = 0
    for pk in due:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("channel", "invited_user")
                .filter(pk=pk, state=InvitationState.PENDING, expires_at__lte=now)
                .first()
            )
            if invitation is not None:
                invitation_expire(invitation)
                count += 1
    return count
