"""Twitch's EventSub webhook: moderator and VIP changes made on Twitch, told as they happen.

Each message is checked as Twitch documents: the HMAC-SHA256 of message id + timestamp + body
with the subscription's secret (TWITCH_EVENTSUB_SECRET) must match Twitch-Eventsub-Message-
Signature; a timestamp more than ten minutes old (or ahead) is refused, and so is a message id
seen before. A verification request is answered with its challenge. A notification about a
linked broadcaster's moderators or VIPs fetches that channel's lists again, so the difference
shows on the sync page (never applied silently).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EventSubMessage, TwitchLink

MAX_AGE = timedelta(minutes=10)
EVENTS = {
    "channel.moderator.add",
    "channel.moderator.remove",
    "channel.vip.add",
    "channel.vip.remove",
}


class Refused(Exception):
    """The message is not Twitch's, or is too old."""


class AlreadySeen(Exception):
    """Twitch's own message, delivered again: Twitch delivers at least once and asks for a 2xx
    to a duplicate, which is then ignored (a refusal would count as a failed delivery)."""


def signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(
        secret.encode(), message_id.encode() + timestamp.encode() + body, hashlib.sha256
    ).hexdigest()
    return f"sha256={digest}"


def _parse_time(value: str) -> datetime:
    # RFC 3339 with up to nanoseconds: Python takes microseconds.
    value = value.strip().replace("Z", "+00:00")
    if "." in value:
        head, rest = value.split(".", 1)
        digits = rest[: len(rest) - len(rest.lstrip("0123456789"))]
        zone = rest[len(digits) :]
        value = f"{head}.{digits[:6]}{zone}"
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("no time zone")
    return parsed


def verify(*, headers, body: bytes, now: datetime | None = None) -> dict:
    """The message's JSON when it is Twitch's, fresh and new; raises Refused when it is not
    Twitch's or not fresh, AlreadySeen when its id was handled before."""
    secret = settings.TWITCH_EVENTSUB_SECRET
    message_id = headers.get("Twitch-Eventsub-Message-Id", "")
    timestamp = headers.get("Twitch-Eventsub-Message-Timestamp", "")
    given = headers.get("Twitch-Eventsub-Message-Signature", "")
    if not secret or not message_id or not timestamp or len(message_id) > 100:
        raise Refused("missing headers")
    if not hmac.compare_digest(signature(secret, message_id, timestamp, body), given):
        raise Refused("bad signature")
    try:
        sent = _parse_time(timestamp)
    except ValueError:
        raise Refused("bad timestamp") from None
    now = now or timezone.now()
    if abs(now - sent) > MAX_AGE:
        raise Refused("too old")
    try:
        payload = json.loads(body)
    except ValueError:
        raise Refused("not JSON") from None
    try:
        with transaction.atomic():
            EventSubMessage.objects.create(message_id=message_id)
    except IntegrityError:
        raise AlreadySeen(message_id) from None
    return payload if isinstance(payload, dict) else {}


def linked_channels_for(payload: dict) -> list[int]:
    """Link ids of the broadcaster a moderator/VIP notification is about."""
    subscription = payload.get("subscription") or {}
    event = payload.get("event") or {}
    if subscription.get("type") not in EVENTS:
        return []
    broadcaster = str(event.get("broadcaster_user_id", ""))[:40]
    if not broadcaster:
        return []
    return list(TwitchLink.objects.filter(broadcaster_id=broadcaster).values_list("pk", flat=True))


def forget_old(*, now: datetime | None = None) -> int:
    """Message ids older than a replay could be accepted are no longer needed."""
    cutoff = (now or timezone.now()) - MAX_AGE * 2
    return EventSubMessage.objects.filter(received_at__lt=cutoff).delete()[0]
