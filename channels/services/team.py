"""Writes to a channel's team: who is on it and with which roles.

Nobody is added without saying yes: people join through `membership_join`, called by
recruitment once they accepted an invitation or the team accepted their application.
Removing and changing roles need the manage-team capability and a writable channel, and
never reach beyond the actor's own capabilities. Leaving and the public listing are the
member's own decisions; leaving works even on a read-only channel (nobody is kept on a team
against their will), the listing does not (it changes the channel's public page).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import ChannelAction
from ..models import Capability, Channel, Membership, MembershipRole, Role
from .audit import audit_record
from .guards import (
    ensure_writable,
    require_manager,
    require_self,
    require_signed_in,
    within_actor,
)


def _check_roles(channel: Channel, roles: Iterable[Role]) -> list[Role]:
    roles = list(roles)
    if any(role.channel_id != channel.pk for role in roles):
        raise ValidationError({"roles": _("Choose roles of this channel.")})
    return roles


def _capabilities_of(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset().union(*(role.capabilities() for role in roles))


def _team(membership: Membership, before, after) -> dict:
    """The live subjects of a team change (channels.audit.TEAM_CHANGES) for its subscribers."""
    return {"membership": membership, "roles_before": list(before), "roles_after": list(after)}


@transaction.atomic
def membership_join(
    *, channel: Channel, user, roles: Iterable[Role], granted_by, capability: Capability, via: str
) -> Membership:
    """The person joins the team after saying yes: they accepted an invitation, or the team
    accepted the application they sent. Only recruitment's services call this, with that
    consent in hand (`via` names it for the audit log).

    Checked when the person joins, not when they were asked: the granter must still hold
    `capability` (manage team for an invitation, review applications for an application) and
    every capability of the roles, and the channel must be writable. The audit row names the
    granter as the actor, so the log shows who let the person in.
    """
    access = require_manager(channel, granted_by, Capability(capability))
    require_signed_in(user)
    roles = _check_roles(channel, roles)
    within_actor(
        access,
        _capabilities_of(roles),
        "roles",
        _("The roles offered need capabilities the person who offered them no longer holds."),
    )
    if Membership.objects.for_channel(channel).filter(user=user).exists():
        raise ValidationError(_("%(name)s is already on the team.") % {"name": user.username})
    membership = Membership.objects.create(channel=channel, user=user, added_by=granted_by)
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=membership, role=r) for r in roles
    )
    audit_record(
        channel=channel,
        actor=granted_by,
        action=ChannelAction.MEMBERSHIP_JOINED,
        target=membership,
        after={"roles": sorted(role.name for role in roles), "via": via},
        subjects=_team(membership, [], roles),
    )
    return membership


@transaction.atomic
def membership_set_roles(*, membership: Membership, roles: Iterable[Role], actor) -> Membership:
    """No self-escalation: each role added or taken away must be within the actor's capabilities."""
    channel = membership.channel
    access = require_manager(channel, actor, Capability.MANAGE_TEAM)
    roles = _check_roles(channel, roles)
    if membership.is_owner and membership.user_id != actor.pk:
        raise ValidationError({"roles": _("Only the owner changes the owner's roles.")})
    current = list(membership.roles.all())
    added = [r for r in roles if r not in current]
    removed = [r for r in current if r not in roles]
    if not added and not removed:
        return membership
    within_actor(
        access,
        _capabilities_of(added + removed),
        "roles",
        _("You can only grant or take away roles whose capabilities you hold yourself."),
    )
    MembershipRole.objects.for_channel(channel).filter(
        membership=membership, role__in=removed
    ).delete()
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=membership, role=r) for r in added
    )
    before = {"roles": sorted(r.name for r in current)}
    after = {"roles": sorted(r.name for r in roles)}
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.MEMBERSHIP_ROLES_CHANGED,
        target=membership,
        before=before,
        after=after,
        subjects=_team(membership, current, roles),
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor, reason: str = "") -> None:
    channel = membership.channel
    access = require_manager(channel, actor, Capability.MANAGE_TEAM)
    if membership.is_owner:
        raise ValidationError(_("The owner can't be removed. Transfer ownership first."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the team, use “Leave channel”."))
    roles = list(membership.roles.all())
    within_actor(
        access,
        _capabilities_of(roles),
        "member",
        _("You can only remove members whose roles you could give yourself."),
    )
    reason = (reason or "").strip()[:500]
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.MEMBERSHIP_REMOVED,
        target=membership,
        before={"roles": sorted(r.name for r in roles)},
        after={"reason": reason},
        subjects=_team(membership, roles, []),
    )
    membership.delete()


@transaction.atomic
def membership_leave(*, membership: Membership, actor) -> None:
    """The member themself leaves; allowed on a suspended or archived channel too."""
    require_self(membership, actor)
    channel = membership.channel
    if membership.is_owner:
        raise ValidationError(_("Transfer ownership to another member before you leave."))
    roles = list(membership.roles.all())
    audit_record(
        channel=channel,
        actor=actor,
        action=ChannelAction.MEMBERSHIP_LEFT,
        target=membership,
        before={"roles": sorted(r.name for r in roles)},
        subjects=_team(membership, roles, []),
    )
    membership.delete()


@transaction.atomic
def membership_set_listed(*, membership: Membership, actor, is_listed: bool) -> Membership:
    """The member themself decides whether the public page lists them; not on a read-only
    channel, whose public page stays as it was."""
    require_self(membership, actor)
    ensure_writable(membership.channel)
    if membership.is_listed != is_listed:
        membership.is_listed = is_listed
        membership.save(update_fields=["is_listed"])
        audit_record(
            channel=membership.channel,
            actor=actor,
            action=ChannelAction.MEMBERSHIP_LISTING_CHANGED,
            target=membership,
            after={"listed": is_listed},
        )
    return membership


@transaction.atomic
def membership_promote(
    *, membership: Membership, roles: Iterable[Role], granted_by, capability: Capability, via: str
) -> Membership:
    """Replace a member's roles on the strength of a recruitment decision: the team accepted
    the application of someone on trial (`via` names it for the audit log).

    Like `membership_join`, authorised by `capability` (review applications), not by manage
    team: the granter must hold it and every capability of the roles given and taken away,
    the channel must be writable, and the owner's roles are never changed this way.
    """
    channel = membership.channel
    access = require_manager(channel, granted_by, Capability(capability))
    roles = _check_roles(channel, roles)
    if membership.is_owner:
        raise ValidationError(_("The owner's roles can't be changed this way."))
    current = list(membership.roles.all())
    added = [r for r in roles if r not in current]
    removed = [r for r in current if r not in roles]
    within_actor(
        access,
        _capabilities_of(added + removed),
        "roles",
        _("The roles offered need capabilities the person who offered them no longer holds."),
    )
    if not added and not removed:
        return membership
    MembershipRole.objects.for_channel(channel).filter(
        membership=membership, role__in=removed
    ).delete()
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=membership, role=r) for r in added
    )
    audit_record(
        channel=channel,
        actor=granted_by,
        action=ChannelAction.MEMBERSHIP_ROLES_CHANGED,
        target=membership,
        before={"roles": sorted(r.name for r in current)},
        after={"roles": sorted(r.name for r in roles), "via": via},
        subjects=_team(membership, current, roles),
    )
    return membership
