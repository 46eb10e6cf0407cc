"""Debriefs built through their services, so audit and outbox rows are real."""

from datetime import timedelta

from django.utils import timezone

from debriefs.services import debrief_create


def write_debrief(
    channel, actor, *, norms=(1,), actions=None, title="Raid during the marathon", **extra
):
    fields = {
        "title": title,
        "happened_at": timezone.now() - timedelta(days=1),
        "duration_minutes": 15,
        "context": "Saturday marathon",
        "what_happened": "A raid of **bots** posted slurs.",
        "went_well": "We reacted fast.",
        "do_differently": "Turn on followers-only mode sooner.",
        "norm_numbers": list(norms),
        "actions": actions if actions is not None else [{"moderator": actor, "action": "ban"}],
        **extra,
    }
    return debrief_create(channel=channel, actor=actor, **fields)
