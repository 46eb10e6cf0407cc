"""Small helpers for the review pipeline's templates."""

import datetime

from django import template
from django.utils import timezone

from moderators.models import TRANSITIONS, TRIAL_DAYS_DEFAULT, ApplicationState

register = template.Library()


@register.filter
def next_states(state: str) -> list[tuple[str, str]]:
    """(value, label) of the states an application in `state` may move to."""
    return [(s, ApplicationState(s).label) for s in TRANSITIONS.get(state, ())]


@register.filter
def count_of(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.simple_tag
def default_trial_end() -> str:
    return (timezone.localdate() + datetime.timedelta(days=TRIAL_DAYS_DEFAULT)).isoformat()
