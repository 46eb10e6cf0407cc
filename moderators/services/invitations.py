"""Invitations: nobody joins a team without saying yes.

Rules guarded here, whatever the caller (a view, the admin, a task, the demo seeder):
- a member who can manage the team invites, on a writable channel, with roles whose every
  capability they hold themselves; an active account by username, or anyone by email;
- not a current member, not someone with a pending invitation from the channel, not someone
  who declined the channel recently or blocked it (refused without saying which);
- not faster than the per-inviter and per-channel limits, counted by django-ratelimit in the
  shared cache, for sending and re-sending alike;
- only the invited person answers: the account named, or a signed-in account whose verified
  email is the invited address; an answered, revoked or expired invitation changes nothing;
- accepting joins through `membership_join` on the inviter's authority, checked again at that
  moment: an inviter who lost the capability (or left) can no longer let anyone in.

The link's token is random and only its SHA-256 is stored; lookups compare in constant time.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership, Role
from channels.services import audit_record, membership_join
from channels.services.guards import (
    require_manager,
    require_signed_in,
    within_actor,
)
from portal.notifications.services import account_email_queue, notify
from portal.ratelimits import over_limit
from portal.registry import Registry, qualified_name
from portal.text import clean_text

from ..audit import InvitationAction
from ..emails import invitation_email
from ..models import (
    DECLINE_COOLDOWN_DAYS,
    INVITATION_DAYS,
    INVITATION_MESSAGE_MAX,
    Invitation,
    InvitationBlock,
    InvitationRole,
    InvitationState,
    hash_token,
)
from ..selectors import (  # noqa: F401 - reads live there; still importable from here
    invitation_blocked,
    invitation_for_token,
    pending_for_channel,
    pending_for_user,
    team_managers,
)
from .invitation_expiry import invitation_expire, invitations_expire

# Spam guards, counted in the shared cache (Redis in production) so every process agrees.
INVITATIONS_PER_INVITER_PER_HOUR = 20
INVITATIONS_PER_CHANNEL_PER_DAY = 60
TOKEN_BYTES = 32


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation.token_hash = hash_token(token)
    # Kept on the object only, for the email sent now; never stored.
    invitation.link_token = token
    return token


def _capabilities_of(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset().union(*(role.capabilities() for role in roles))


def _check_roles(channel: Channel, roles: Iterable[Role]) -> list[Role]:
    roles = list(roles)
    if any(not isinstance(role, Role) or role.channel_id != channel.pk for role in roles):
        raise ValidationError({"roles": _("Choose roles of this channel.")})
    return roles


# Apps that let people opt out of invitations (the community profile) register a check here
# from their plug-in module: `check(user) -> bool`, False when the person can't be invited.
invitee_checks: Registry = Registry("invitee check", key=qualified_name)


def register_invitee_check(check) -> None:
    invitee_checks.register(check)


def _opted_out(user) -> bool:
    return any(not check(user) for check in invitee_checks)


def _cant_invite() -> ValidationError:
    # Neutral on purpose: a decline or a block is the person's own business.
    return ValidationError(_("This person can't be invited right now."))


def _ensure_not_rate_limited(*, actor, channel: Channel) -> None:
    per_inviter = over_limit(
        group="moderators.invitation_send.inviter",
        key=str(actor.pk),
        rate=f"{INVITATIONS_PER_INVITER_PER_HOUR}/h",
    )
    per_channel = over_limit(
        group="moderators.invitation_send.channel",
        key=str(channel.pk),
        rate=f"{INVITATIONS_PER_CHANNEL_PER_DAY}/d",
    )
    if per_inviter or per_channel:
        raise ValidationError(
            _("Too many invitations were sent in a short time. Please try again later.")
        )


def _resolve_invitee(*, channel: Channel, username: str, email: str, now):
    """(user, email) for a username or an address; refuses members and blocked people."""
    username = (username or "").strip().lstrip("@") if isinstance(username, str) else None
    email = (email or "").strip().lower() if isinstance(email, str) else None
    if username is None or email is None:
        raise ValidationError(_("Give a username or an email address."))
    if bool(username) == bool(email):
        raise ValidationError(_("Give either a username or an email address, not both."))
    members = Membership.objects.for_channel(channel)
    if username:
        if "\x00" in username or len(username) > 150:
            raise ValidationError({"username": _("Enter a valid username.")})
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                {
                    "username": _("No one is called “%(name)s”. Check the spelling.")
                    % {"name": username}
                }
            )
        if members.filter(user=user).exists():
            raise ValidationError(
                {"username": _("%(name)s is already on the team.") % {"name": user.username}}
            )
        if invitation_blocked(channel=channel, user_ids=[user.pk], now=now) or _opted_out(user):
            raise _cant_invite()
        return user, ""
    if "\x00" in email or len(email) > 254:
        raise ValidationError({"email": _("Enter a valid email address.")})
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    owners = list(
        EmailAddress.objects.filter(email__iexact=email, verified=True).values_list(
            "user_id", flat=True
        )
    )
    if owners and members.filter(user_id__in=owners).exists():
        raise ValidationError({"email": _("The person with this address is already on the team.")})
    if owners and invitation_blocked(channel=channel, user_ids=owners, now=now):
        raise _cant_invite()
    User = get_user_model()
    if any(_opted_out(owner) for owner in User.objects.filter(pk__in=owners)):
        raise _cant_invite()
    return None, email


def _deliver(invitation: Invitation, *, actor) -> None:
    """Tell the invited person: an account gets a notification (in-app and email through the
    outbox); an address gets an email with the link, through the same outbox."""
    channel = invitation.channel
    if invitation.invited_user_id is not None:
        roles = sorted(role.name for role in invitation.roles.all())
        notify(
            event="invitation.received",
            recipients=[invitation.invited_user],
            channel=channel,
            actor=actor,
            target=None,
            context={
                "channel_name": channel.name,
                "roles": roles,
                "message": invitation.message,
                "invitation_id": invitation.pk,
                "expires_at": invitation.expires_at.isoformat(),
                "url": reverse("moderators:my_invitations"),
            },
        )
        return
    message = invitation_email(invitation, actor=actor)
    account_email_queue(message=message, template="moderators/invitation_email")


@transaction.atomic
def invitation_create(
    *,
    channel: Channel,
    actor,
    roles: Iterable[Role] = (),
    username: str = "",
    email: str = "",
    message: str = "",
) -> Invitation:
    """Invite a person to the team with preset roles. The returned object carries the link's
    token as `link_token` (only its hash is stored)."""
    access = require_manager(channel, actor, Capability.MANAGE_TEAM)
    roles = _check_roles(channel, roles)
    within_actor(
        access,
        _capabilities_of(roles),
        "roles",
        _("You can only offer roles whose capabilities you hold yourself."),
    )
    message = clean_text(message, field="message", limit=INVITATION_MESSAGE_MAX)
    now = timezone.now()
    user, address = _resolve_invitee(channel=channel, username=username, email=email, now=now)
    pending = Invitation.objects.for_channel(channel).filter(state=InvitationState.PENDING)
    pending = pending.filter(invited_user=user) if user else pending.filter(email=address)
    current = pending.first()
    if current is not None and current.expires_at > now:
        raise ValidationError(
            _("%(who)s already has a pending invitation. Send it again from the list instead.")
            % {"who": user.username if user else address}
        )
    _ensure_not_rate_limited(actor=actor, channel=channel)
    if current is not None:
        # Lapsed but not swept yet: it makes way for the new one.
        invitation_expire(current)
    invitation = Invitation(
        channel=channel,
        invited_user=user,
        email=address,
        inviter=actor,
        message=message,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    _new_token(invitation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as error:
        raise ValidationError(_("This person already has a pending invitation.")) from error
    InvitationRole.objects.bulk_create(
        InvitationRole(channel=channel, invitation=invitation, role=role) for role in roles
    )
    audit_record(
        channel=channel,
        actor=actor,
        action=InvitationAction.INVITATION_SENT,
        target=invitation,
        after={"invitee": invitation.invitee_label, "roles": sorted(r.name for r in roles)},
    )
    _deliver(invitation, actor=actor)
    return invitation


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("channel", "inviter", "invited_user")
        .get(pk=invitation.pk)
    )


def _ensure_answerable(invitation: Invitation) -> None:
    if invitation.state == InvitationState.ACCEPTED:
        raise ValidationError(_("This invitation was already accepted."))
    if invitation.state == InvitationState.DECLINED:
        raise ValidationError(_("This invitation was already declined."))
    if invitation.state == InvitationState.REVOKED:
        raise ValidationError(_("This invitation was withdrawn by the team."))
    if invitation.has_expired():
        raise ValidationError(_("This invitation has expired. Ask the team for a new one."))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, actor) -> Membership:
    """The invited person says yes and joins with the preset roles, on the inviter's authority
    as it stands now (membership_join checks it and audits the inviter as the granter)."""
    require_signed_in(actor)
    invitation = _locked(invitation)
    if not invitation.is_for(actor):
        raise PermissionDenied("Only the invited person answers an invitation.")
    _ensure_answerable(invitation)
    channel = invitation.channel
    roles = list(invitation.roles.all())
    inviter = invitation.inviter
    try:
        if inviter is None or not inviter.is_active:
            raise PermissionDenied("The inviter's account is gone.")
        membership = membership_join(
            channel=channel,
            user=actor,
            roles=roles,
            granted_by=inviter,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )
    except PermissionDenied:
        raise ValidationError(
            _(
                "This invitation can't be accepted any more: the person who sent it can no "
                "longer add members. Ask the team for a new invitation."
            )
        ) from None
    invitation.state = InvitationState.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.responded_by = actor
    invitation.save(update_fields=["state", "responded_at", "responded_by"])
    audit_record(
        channel=channel,
        actor=actor,
        action=InvitationAction.INVITATION_ACCEPTED,
        target=invitation,
        after={"member": actor.username, "roles": sorted(r.name for r in roles)},
    )
    notify(
        event="invitation.accepted",
        recipients=team_managers(channel=channel),
        channel=channel,
        actor=actor,
        context={
            "channel_name": channel.name,
            "url": reverse("channels:team", kwargs={"slug": channel.slug}),
        },
    )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, actor, block: bool = False) -> Invitation:
    """The invited person says no. The channel can't invite them again for a while; with
    `block`, not until they lift it."""
    require_signed_in(actor)
    invitation = _locked(invitation)
    if not invitation.is_for(actor):
        raise PermissionDenied("Only the invited person answers an invitation.")
    _ensure_answerable(invitation)
    channel = invitation.channel
    now = timezone.now()
    invitation.state = InvitationState.DECLINED
    invitation.responded_at = now
    invitation.responded_by = actor
    invitation.save(update_fields=["state", "responded_at", "responded_by"])
    until = None if block else now + timedelta(days=DECLINE_COOLDOWN_DAYS)
    existing = InvitationBlock.objects.for_channel(channel).filter(user=actor).first()
    if existing is None:
        InvitationBlock.objects.create(channel=channel, user=actor, until=until)
    elif existing.until is not None and (until is None or until > existing.until):
        # Never shortens a block: an indefinite one stays indefinite.
        existing.until = until
        existing.save(update_fields=["until"])
    audit_record(
        channel=channel,
        actor=actor,
        action=InvitationAction.INVITATION_DECLINED,
        target=invitation,
        after={"invitee": invitation.invitee_label},
    )
    notify(
        event="invitation.declined",
        recipients=team_managers(channel=channel),
        channel=channel,
        actor=actor,
        context={
            "channel_name": channel.name,
            "invitee": actor.username,
            "url": reverse("moderators:team_invitations", kwargs={"slug": channel.slug}),
        },
    )
    return invitation


def _manage(invitation: Invitation, actor) -> Invitation:
    """Lock the invitation for a team manager who could have sent it (same roles or fewer)."""
    channel = invitation.channel
    access = require_manager(channel, actor, Capability.MANAGE_TEAM)
    invitation = _locked(invitation)
    within_actor(
        access,
        _capabilities_of(invitation.roles.all()),
        "roles",
        _("You can only manage invitations whose roles you could give yourself."),
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    invitation = _manage(invitation, actor)
    if invitation.state not in (InvitationState.PENDING, InvitationState.EXPIRED):
        raise ValidationError(_("Only an invitation still waiting for an answer can be revoked."))
    before = invitation.state
    invitation.state = InvitationState.REVOKED
    invitation.save(update_fields=["state"])
    audit_record(
        channel=invitation.channel,
        actor=actor,
        action=InvitationAction.INVITATION_REVOKED,
        target=invitation,
        before={"state": before},
        after={"state": invitation.state},
    )
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor) -> Invitation:
    """Send again with a new link (the old one stops working) and a fresh expiry."""
    invitation = _manage(invitation, actor)
    if invitation.state not in (InvitationState.PENDING, InvitationState.EXPIRED):
        raise ValidationError(
            _("Only an invitation still waiting for an answer can be sent again.")
        )
    channel = invitation.channel
    now = timezone.now()
    user_ids = (
        [invitation.invited_user_id]
        if invitation.invited_user_id
        else list(
            EmailAddress.objects.filter(email__iexact=invitation.email, verified=True).values_list(
                "user_id", flat=True
            )
        )
    )
    if invitation_blocked(channel=channel, user_ids=user_ids, now=now):
        raise _cant_invite()
    if Membership.objects.for_channel(channel).filter(user_id__in=user_ids).exists():
        raise ValidationError(_("This person is already on the team."))
    _ensure_not_rate_limited(actor=actor, channel=channel)
    _new_token(invitation)
    invitation.state = InvitationState.PENDING
    invitation.expires_at = now + timedelta(days=INVITATION_DAYS)
    try:
        with transaction.atomic():
            invitation.save(update_fields=["token_hash", "state", "expires_at"])
    except IntegrityError as error:
        raise ValidationError(_("This person already has a newer pending invitation.")) from error
    audit_record(
        channel=channel,
        actor=actor,
        action=InvitationAction.INVITATION_RESENT,
        target=invitation,
        after={"expires_at": invitation.expires_at.isoformat()},
    )
    _deliver(invitation, actor=actor)
    return invitation


__all__ = [
    "invitation_accept",
    "invitation_create",
    "invitation_decline",
    "invitation_for_token",
    "invitation_resend",
    "invitation_revoke",
    "invitations_expire",
    "pending_for_channel",
    "pending_for_user",
]
