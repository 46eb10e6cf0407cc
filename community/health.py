"""The team-health sections the community app adds to `/c/<slug>/health/` (registered from
community/plugin.py; norms, training, recruitment and debriefs register their own). Each
context function runs a fixed number of queries, counted in the database."""

from django.utils.translation import gettext as _

from channels.models import AuditEvent, Channel, Membership

from . import selectors
from .services.profiles import utc_offset_hours

CELL = 18
LEFT = 44
TOP = 22
LEVELS = 4
RECENT_CHANGES = 8


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def roles_section(channel: Channel) -> dict:
    """Two queries."""
    roles = selectors.role_coverage(channel)
    return {
        "members": Membership.objects.for_channel(channel).count(),
        "roles": roles,
        "empty_roles": [role for role in roles if role.member_count == 0],
    }


def weekday_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def coverage_section(channel: Channel) -> dict:
    """The week by hour in the channel's time zone: one query, plus the away list's one."""
    counts = selectors.shift(selectors.week_coverage(channel), utc_offset_hours(channel.time_zone))
    peak = max(counts) or 1
    days = weekday_names()
    cells, rows = [], []
    for day, name in enumerate(days):
        day_counts = counts[day * 24 : day * 24 + 24]
        rows.append({"day": name, "counts": day_counts})
        for hour, count in enumerate(day_counts):
            level = 0 if count == 0 else max(1, round(LEVELS * count / peak))
            cells.append(
                {
                    "x": LEFT + hour * CELL,
                    "y": TOP + day * CELL,
                    "level": level,
                    "count": count,
                    "day": name,
                    "hour": hour,
                }
            )
    uncovered = sum(1 for count in counts if count == 0)
    return {
        "time_zone": channel.time_zone,
        "cells": cells,
        "rows": rows,
        "hours": list(range(24)),
        "day_labels": [{"name": n, "y": TOP + d * CELL + CELL - 5} for d, n in enumerate(days)],
        "hour_labels": [{"hour": h, "x": LEFT + h * CELL + CELL // 2} for h in range(0, 24, 3)],
        "size": CELL - 2,
        "width": LEFT + 24 * CELL + 4,
        "height": TOP + 7 * CELL + 4,
        "uncovered_hours": uncovered,
        "covered_percent": _percent(len(counts) - uncovered, len(counts)),
        "away": selectors.away_members(channel),
    }


def changes_section(channel: Channel) -> dict:
    """The latest joins, role changes and departures: one query."""
    events = AuditEvent.objects.for_channel(channel).filter(action__startswith="membership.")
    return {"events": list(events.order_by("-created_at", "-id")[:RECENT_CHANGES])}
