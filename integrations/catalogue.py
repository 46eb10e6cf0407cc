"""Which domain events a team may send out, at which level, and the payload outsiders get.

An event not declared by any app right now (another feature may add it) is simply not offered.
Payloads carry what the level's readers may already see: never reviewer notes, tokens or email
addresses (keys naming them are dropped, and any value that looks like an address too).
"""

import re

from django.utils import timezone

from portal import events

from .models import LEVEL_RANK, Level

OFFERED = {
    "application.submitted": Level.REVIEW,
    "application.moved": Level.REVIEW,
    "application.trial_started": Level.REVIEW,
    "application.trial_ending": Level.REVIEW,
    "application.accepted": Level.REVIEW,
    "application.declined": Level.REVIEW,
    "invitation.accepted": Level.TEAM,
    "invitation.declined": Level.TEAM,
    "membership.joined": Level.TEAM,
    "membership.left": Level.TEAM,
    "membership.removed": Level.TEAM,
    "membership.roles_changed": Level.TEAM,
    "norms.published": Level.PUBLIC,
    "norms.acknowledgements_overdue": Level.TEAM,
    "debrief.created": Level.TEAM,
    "debrief.lessons_agreed": Level.TEAM,
    "announcement.posted": Level.TEAM,
    "training.overdue": Level.TEAM,
    "twitch.drift_found": Level.TEAM,
    "opening.opened": Level.PUBLIC,
    "opening.closed": Level.PUBLIC,
}
SECRET_KEYS = re.compile(r"email|mail|token|secret|password|note|invitee", re.IGNORECASE)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TEST_KIND = "integrations.test"


def offered(level: str | None = None) -> list:
    """The declared events a team may pick (up to `level`), in declaration order."""
    rank = LEVEL_RANK[level] if level else 99
    return [
        event
        for event in events.catalogue()
        if event.name in OFFERED and LEVEL_RANK[OFFERED[event.name]] <= rank
    ]


def _clean(value, depth=0):
    if depth > 4:
        return None
    if isinstance(value, dict):
        return {
            str(k): _clean(v, depth + 1) for k, v in value.items() if not SECRET_KEYS.search(str(k))
        }
    if isinstance(value, list):
        return [_clean(v, depth + 1) for v in value[:50]]
    if isinstance(value, str):
        return "" if EMAIL.search(value) else value[:500]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)[:500]


def payload_for(occurrence, *, event_id=None) -> dict:
    record = occurrence.record
    channel = occurrence.channel
    actor = occurrence.actor
    keys = set(occurrence.event.data)
    after = {k: v for k, v in dict(occurrence.after).items() if k in keys}
    before = {k: v for k, v in dict(occurrence.before).items() if k in keys}
    label = getattr(record, "target_label", "") if record is not None else ""
    return {
        "type": occurrence.name,
        "label": str(occurrence.event.label),
        "channel": {"slug": channel.slug, "name": channel.name},
        "actor": getattr(actor, "username", None) if actor is not None else None,
        "subject": {
            "type": getattr(record, "target_type", "") or None,
            "id": getattr(record, "target_id", None),
            "label": "" if EMAIL.search(label or "") else label,
        },
        "data": _clean(after),
        "before": _clean(before),
    }


def test_payload(channel) -> dict:
    return {
        "type": TEST_KIND,
        "label": "Test event",
        "channel": {"slug": channel.slug, "name": channel.name},
        "actor": None,
        "subject": {"type": None, "id": None, "label": ""},
        "data": {"message": "A test event from Modportal."},
        "before": {},
        "sent_at": timezone.now().isoformat(),
    }
