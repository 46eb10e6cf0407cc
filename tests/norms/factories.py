"""Norms built through their services, so audit and outbox rows are real."""

from norms.services import norm_create, norms_publish

LADDER = {
    "first_action": "remind",
    "repeated_action": "timeout",
    "repeated_timeout": 10,
    "severe_action": "ban",
}


def add_norms(channel, actor, titles, **fields):
    return [
        norm_create(channel=channel, actor=actor, title=title, **{**LADDER, **fields})
        for title in titles
    ]


def publish(channel, actor, summary="Changes", material=True):
    return norms_publish(channel=channel, actor=actor, summary=summary, is_material=material)


def published(channel, actor, titles=("Be kind", "No spam", "No spoilers")):
    """Version 1 with the given norms; returns (version, draft norms)."""
    norms = add_norms(channel, actor, titles, explanation="Because **we** care.")
    return publish(channel, actor, summary="Our first rules"), norms
