"""Checks every service runs, itself, on its actor and its channel before it writes.

Convention for a refused call (nothing is written either way; the service's transaction
rolls back):

- `PermissionDenied`: the actor has no standing to do this at all: not signed in, not on the
  team, without the capability the action needs, not the owner for an owner-only action,
  without the platform permission. Views turn it into 403; their decorator normally answers
  first, so this is the guarantee for the admin, tasks and other services.
- `ValidationError`: the actor may act, but this request breaks a rule: a read-only
  (suspended or archived) channel, a grant beyond the actor's own capabilities, a duplicate
  name. Its message is written for the person and shown on their form.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import Capability, Channel, Membership
from ..permissions import Access, access_for


def require_signed_in(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied("Only a signed-in, active account can do this.")


def require_capability(channel: Channel, actor, capability: Capability) -> Access:
    """The actor is on the channel's team and holds the capability (the owner holds all)."""
    require_signed_in(actor)
    access = access_for(channel=channel, user=actor)
    if not access.can(capability):
        raise PermissionDenied(f"This needs {capability.value} in channel {channel.pk}.")
    return access


def require_member(channel: Channel, actor) -> Access:
    """The actor is on the channel's team, whatever their roles."""
    require_signed_in(actor)
    access = access_for(channel=channel, user=actor)
    if not access.is_member:
        raise PermissionDenied(f"Only members of channel {channel.pk} can do this.")
    return access


def require_manager(channel: Channel, actor, capability: Capability) -> Access:
    """The actor holds the capability and the channel accepts changes: the check of every
    service that changes what a capability manages (roles, team, norms, resources…)."""
    access = require_capability(channel, actor, capability)
    ensure_writable(channel)
    return access


def require_owner(channel: Channel, actor) -> Access:
    require_signed_in(actor)
    access = access_for(channel=channel, user=actor)
    if not access.is_owner:
        raise PermissionDenied(f"Only the owner of channel {channel.pk} can do this.")
    return access


def require_self(membership: Membership, actor) -> None:
    """Actions a member takes only for themself (leaving, their public listing)."""
    require_signed_in(actor)
    if membership.user_id != actor.pk:
        raise PermissionDenied("Members decide this only for themselves.")


def require_platform_permission(actor, permission: str) -> None:
    """Platform actions (suspension) need the Django permission, not just `is_staff`."""
    require_signed_in(actor)
    if not actor.is_staff or not actor.has_perm(permission):
        raise PermissionDenied(f"This needs the platform permission {permission}.")


def ensure_writable(channel: Channel) -> None:
    """Suspended or archived channels accept no changes (each service says if it is an
    exception: leaving the team always works; restoring works on an archived channel)."""
    ensure_not_suspended(channel)
    if channel.is_archived:
        raise ValidationError(_("This channel is archived: restore it to make changes."))


def ensure_not_suspended(channel: Channel) -> None:
    if channel.is_suspended:
        raise ValidationError(
            _("This channel is suspended by the platform: its team and roles are read-only.")
        )


def within_actor(access: Access, capabilities: Iterable[str], field: str, message: str) -> None:
    """No escalation: nobody grants, edits or takes away capabilities they do not hold."""
    if not frozenset(capabilities) <= access.capabilities:
        raise ValidationError({field: message})
