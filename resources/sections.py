"""What training resources show on the pages that gather every app (registered from
plugin.py): featured resources on the home page and the hub, the hub's required training, and
the team-health training section. Each runs a fixed number of queries."""

from django.db.models import Count, F

from channels.models import Channel
from channels.selectors import role_coverage

from .models import Completion, Resource, ResourceRole
from .selectors import todo_for_user

HUB_ITEMS = 5
FEATURED = 4


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def featured_resources(limit: int = FEATURED) -> list[Resource]:
    """One query."""
    return list(
        Resource.objects.community().filter(is_featured=True).order_by("-shared_at", "-id")[:limit]
    )


def featured(request) -> dict:
    return {"featured": featured_resources()}


def training_waiting(user) -> list:
    return todo_for_user(user, limit=HUB_ITEMS)


def training_section(channel: Channel) -> dict:
    """Per role: members, required resources and completed (member, resource) pairs, each
    counted in the database: three queries whatever the team or library size."""
    roles = role_coverage(channel)
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
