"""Who may act: the one place recruitment services check their actor.

Kept in one module so the shared guards of the channels app can replace these in one edit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from channels.models import Channel
from channels.permissions import Access, access_for


def require_capability(*, channel: Channel, actor, capability: str) -> Access:
    """The actor's access, or PermissionDenied when they lack `capability` in `channel`."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    access = access_for(channel=channel, user=actor)
    if not access.can(capability):
        raise PermissionDenied
    return access


def require_signed_in(actor) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied


def ensure_writable(channel: Channel) -> None:
    """Suspended or archived channels accept no changes."""
    if channel.is_suspended:
        raise ValidationError(_("This channel is suspended by the platform: it is read-only."))
    if channel.is_archived:
        raise ValidationError(_("This channel is archived: it accepts no changes."))
