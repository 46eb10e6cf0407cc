"""Reads with their joins. Each states how many queries it runs, whatever the data size."""

from datetime import datetime, time

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.text import names_in

from .models import AuditEvent, Capability, Channel, Membership, MembershipRole, Role, Visibility

AUDIT_PAGE_SIZE = 50


def _roles(channel: Channel) -> Prefetch:
    return Prefetch(
        "roles", queryset=Role.objects.for_channel(channel).order_by("position", "name")
    )


def team_list(*, channel: Channel) -> QuerySet[Membership]:
    """Members with user, who added them and roles: two queries, however big the team."""
    return (
        Membership.objects.for_channel(channel)
        .select_related("user", "added_by")
        .prefetch_related(_roles(channel))
        .order_by("-is_owner", "user__username")
    )


def capability_holders(
    *, capability: Capability, channel: Channel | None = None, user=None
) -> QuerySet[Membership]:
    """Memberships that hold the capability: the owner's, or one with a role that has the
    flag; narrowed to a channel, a user or both. One query when evaluated; use
    `.values("user_id")` or `.values("channel_id")` as a subquery."""
    capability = Capability(capability)
    with_flag = MembershipRole.objects.filter(**{f"role__{capability.value}": True})
    holders = Membership.objects.filter(
        Q(is_owner=True) | Q(pk__in=with_flag.values("membership_id"))
    )
    if channel is not None:
        holders = holders.filter(channel=channel)
    if user is not None:
        holders = holders.filter(user=user)
    return holders


def public_team(*, channel: Channel) -> QuerySet[Membership]:
    """Members who chose to be listed, with roles: two queries."""
    return team_list(channel=channel).filter(is_listed=True)


def role_list(*, channel: Channel) -> QuerySet[Role]:
    """Roles in order, with how many members hold each: one query."""
    return (
        Role.objects.for_channel(channel)
        .annotate(member_count=Count("memberships"))
        .order_by("position", "name")
    )


def memberships_for_user(*, user) -> list[Membership]:
    """The user's memberships with channel and roles, for the dashboard: two queries."""
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("channel")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.order_by("position", "name")))
        .order_by("-is_owner", "channel__name")
    )
    return list(memberships)


def member_channel_ids(user) -> list[int]:
    """The ids of the channels the user is on the team of: one query."""
    return list(Membership.objects.filter(user=user).values_list("channel_id", flat=True))


def public_channels(*, query: str = "") -> QuerySet[Channel]:
    """Channels listed in the directory: public, not archived, not suspended."""
    channels = Channel.objects.filter(
        visibility=Visibility.PUBLIC, archived_at__isnull=True, suspended_at__isnull=True
    )
    if query:
        channels = channels.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return channels.order_by("name")


def audit_log_page(
    *,
    channel: Channel,
    actor: str = "",
    action: str = "",
    since=None,
    until=None,
    page: int | str | None = 1,
) -> Page:
    """One page of the audit log, newest first: a count and a page query, no joins."""
    events = AuditEvent.objects.for_channel(channel)
    if actor:
        events = events.filter(actor_name=actor)
    if action:
        events = events.filter(action=action)
    tz = timezone.get_current_timezone()
    if since:
        events = events.filter(
            created_at__gte=timezone.make_aware(datetime.combine(since, time.min), tz)
        )
    if until:
        events = events.filter(
            created_at__lte=timezone.make_aware(datetime.combine(until, time.max), tz)
        )
    events = events.order_by("-created_at", "-id")
    return Paginator(events, AUDIT_PAGE_SIZE).get_page(page)


def team_usernames(*, channel: Channel) -> list[str]:
    """Usernames on the team, for the audit filter's suggestions: one query."""
    members = Membership.objects.for_channel(channel).order_by("user__username")
    return list(members.values_list("user__username", flat=True))


def usernames_in(*, channel: Channel, texts) -> list[str]:
    """The team's usernames mentioned in any of `texts` (as `name` or `@name`, any case, a whole
    word): the case-study rule of debriefs and exercises. One query."""
    return names_in(team_usernames(channel=channel), texts)


def role_coverage(channel: Channel) -> list[Role]:
    """Roles with `member_count`: one query (a LEFT JOIN counts empty roles as 0)."""
    return list(
        Role.objects.for_channel(channel)
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("position", "name")
    )
