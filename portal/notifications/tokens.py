"""One-click unsubscribe tokens: signed, timestamped, naming the user and what to stop."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.translation import gettext as _

from . import registry

if TYPE_CHECKING:
    from portal.models import User

UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
DIGEST_SCOPE = "digest"


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link stops: one event (in one channel), or the daily digest."""

    user: User
    event: str  # an event name, or DIGEST_SCOPE
    channel_id: int | None

    @property
    def is_digest(self) -> bool:
        return self.event == DIGEST_SCOPE

    @property
    def event_label(self) -> str:
        return _("Daily digest") if self.is_digest else registry.label_for(self.event)


def unsubscribe_token(*, user: User, event: str, channel_id: int | None = None) -> str:
    """A signed, timestamped token naming the user and what to stop; no login needed to use it."""
    return signing.dumps({"u": user.pk, "e": event, "c": channel_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_parse(token: str) -> Unsubscribe:
    """Raises signing.SignatureExpired for an old token, signing.BadSignature for any other."""
    if not isinstance(token, str) or len(token) > 400:
        raise signing.BadSignature("Malformed token.")
    payload = signing.loads(
        token, salt=UNSUBSCRIBE_SALT, max_age=settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE
    )
    try:
        user_id, event, channel_id = int(payload["u"]), str(payload["e"]), payload["c"]
        if channel_id is not None:
            channel_id = int(channel_id)
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed payload.") from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise signing.BadSignature("No such user.")
    if event != DIGEST_SCOPE and registry.get_or_none(event) is None:
        raise signing.BadSignature("No such event.")
    return Unsubscribe(user=user, event=event, channel_id=channel_id)
