"""Checks every service runs on its actor and its channel before it writes."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Channel
from ..permissions import access_for


def ensure_writable(channel: Channel) -> None:
    if channel.is_suspended:
        raise ValidationError(
            _("This channel is suspended by the platform: its team and roles are read-only.")
        )
    if channel.is_archived:
        raise ValidationError(_("This channel is archived: restore it to make changes."))


def actor_capabilities(channel: Channel, actor) -> frozenset[str]:
    return access_for(channel=channel, user=actor).capabilities


def within_actor(
    channel: Channel, actor, capabilities: Iterable[str], field: str, message: str
) -> None:
    if not frozenset(capabilities) <= actor_capabilities(channel, actor):
        raise ValidationError({field: message})
