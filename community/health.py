"""The team-health sections the community app adds to `/c/<slug>/health/`, including those
for the norms, training and recruitment apps' data (registered here so those apps stay as
they are). Each context function runs a fixed number of queries, counted in the database."""

from django.db.models import Count, F
from django.utils.translation import gettext as _

from channels.health import register_health_section
from channels.models import AuditEvent, Channel, Membership
from norms.selectors import ack_counts, current_version
from resources.models import Completion, ResourceRole

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


def norms_section(channel: Channel) -> dict:
    """Three queries."""
    version = current_version(channel=channel)
    done, team = ack_counts(channel=channel, version=version)
    return {"version": version, "done": done, "team": team, "percent": _percent(done, team)}


def training_section(channel: Channel) -> dict:
    """Per role: members, required resources and completed (member, resource) pairs, each
    counted in the database: three queries whatever the team or library size."""
    roles = selectors.role_coverage(channel)
    required = dict(
        ResourceRole.objects.filter(channel=channel, required=True)
        .values("role")
        .annotate(n=Count("resource", distinct=True))
        .values_list("role", "n")
    )
    # A completion counts for a role when its resource is required by that role and its user
    # holds the role in this channel.
    done = dict(
        Completion.objects.filter(
            channel=channel,
            resource__role_links__channel=channel,
            resource__role_links__required=True,
            resource__role_links__role__membershiprole__channel=channel,
            resource__role_links__role__membershiprole__membership__user=F("user"),
        )
        .values("resource__role_links__role")
        .annotate(n=Count("id", distinct=True))
        .values_list("resource__role_links__role", "n")
    )
    rows = []
    for role in roles:
        needed = required.get(role.pk, 0) * role.member_count
        rows.append(
            {
                "role": role,
                "required": required.get(role.pk, 0),
                "done": done.get(role.pk, 0),
                "needed": needed,
                "percent": _percent(done.get(role.pk, 0), needed),
            }
        )
    return {"rows": [row for row in rows if row["required"]]}


def recruitment_section(channel: Channel) -> dict:
    return selectors.recruitment_figures(channel)


def changes_section(channel: Channel) -> dict:
    """The latest joins, role changes and departures: one query."""
    events = AuditEvent.objects.for_channel(channel).filter(action__startswith="membership.")
    return {"events": list(events.order_by("-created_at", "-id")[:RECENT_CHANGES])}


def register_health_sections() -> None:
    for name, context, order in [
        ("community.roles", roles_section, 10),
        ("community.coverage", coverage_section, 20),
        ("community.norms", norms_section, 30),
        ("community.training", training_section, 40),
        ("community.recruitment", recruitment_section, 50),
        ("community.changes", changes_section, 70),
    ]:
        short = name.split(".")[1]
        register_health_section(
            name=name,
            template=f"partials/community/health_{short}.html",
            context=context,
            order=order,
        )
