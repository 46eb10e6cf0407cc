"""Reads of the resources app, each in a fixed number of queries whatever the data size."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Prefetch, Q, Value

from channels.models import Capability, Channel, Membership, MembershipRole, Role
from channels.selectors import capability_holders

from .kinds import kind_hooks, training_states
from .models import (
    Bookmark,
    ChecklistItem,
    Completion,
    ItemTick,
    Resource,
    ResourceRole,
    ResourceTag,
)
from .services.common import SEARCH_CONFIG

PAGE_SIZE = 20
QUERY_MAX = 200


def search(queryset, query: str):
    """Ranked full-text search on PostgreSQL (GIN-indexed vector); a plain LIKE elsewhere."""
    query = (query or "").replace("\x00", "").strip()[:QUERY_MAX]
    if not query:
        return queryset, False
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        ranked = queryset.filter(search_vector=terms).annotate(
            rank=SearchRank(F("search_vector"), terms)
        )
        return ranked.order_by("-rank", "title", "id"), True
    matches = Resource.objects.filter(
        Q(title__icontains=query)
        | Q(summary__icontains=query)
        | Q(body__icontains=query)
        | Q(tags__name__icontains=query)
    ).values("pk")
    return queryset.filter(pk__in=matches), False


def _with_card_data(queryset):
    return queryset.select_related("channel", "copied_from__channel").prefetch_related(
        Prefetch("tags", queryset=ResourceTag.objects.order_by("name")),
    )


@dataclass(frozen=True)
class LibraryFilters:
    query: str = ""
    tag: str = ""
    role: Role | None = None


def library_page(*, channel: Channel, user, filters: LibraryFilters, page=None):
    """One page of a channel's library, with its tags, roles and whether the viewer is done."""
    resources = Resource.objects.for_channel(channel)
    if filters.tag:
        resources = resources.filter(
            pk__in=ResourceTag.objects.filter(channel=channel, name=filters.tag).values("resource")
        )
    if filters.role is not None:
        resources = resources.filter(
            pk__in=ResourceRole.objects.filter(channel=channel, role=filters.role).values(
                "resource"
            )
        )
    resources, ranked = search(resources, filters.query)
    resources = _with_card_data(resources).prefetch_related(
        Prefetch(
            "role_links",
            queryset=ResourceRole.objects.filter(channel=channel).select_related("role"),
        )
    )
    resources = resources.annotate(
        done=Exists(Completion.objects.filter(resource=OuterRef("pk"), user=user))
    )
    if not ranked:
        resources = resources.order_by("title", "id")
    return Paginator(resources, PAGE_SIZE).get_page(page)


@dataclass(frozen=True)
class StarterGuide:
    resource: Resource
    copy_pk: int | None  # the channel's copy, once added


def starter_guides(channel: Channel) -> list[StarterGuide]:
    """The platform's starter training offered to this channel: the guides in the channel's
    language, or the English ones while its language has none, each with the channel's copy
    if it added it already. Three queries at most, whatever the data size."""
    platform = Resource.objects.community().filter(channel__isnull=True).order_by("pk")
    offered = list(platform.filter(language=channel.language))
    if not offered and channel.language != "en":
        offered = list(platform.filter(language="en"))
    copies = dict(
        Resource.objects.for_channel(channel)
        .filter(copied_from__in=offered)
        .values_list("copied_from_id", "pk")
    )
    return [StarterGuide(resource=r, copy_pk=copies.get(r.pk)) for r in offered]


def channel_tags(channel: Channel) -> list[str]:
    names = ResourceTag.objects.filter(channel=channel).values_list("name", flat=True)
    return sorted(set(names))


def resource_for_member(*, channel: Channel, pk: int, user) -> Resource:
    """A resource of this channel (an id of another channel: DoesNotExist) with what the
    viewer has ticked and whether they are done."""
    return (
        _with_card_data(Resource.objects.for_channel(channel))
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ChecklistItem.objects.filter(channel=channel).annotate(
                    ticked=Exists(ItemTick.objects.filter(item=OuterRef("pk"), user=user))
                ),
            ),
            Prefetch(
                "role_links",
                queryset=ResourceRole.objects.filter(channel=channel).select_related("role"),
            ),
        )
        .annotate(done=Exists(Completion.objects.filter(resource=OuterRef("pk"), user=user)))
        .get(pk=pk)
    )


@dataclass(frozen=True)
class CommunityFilters:
    query: str = ""
    tag: str = ""
    language: str = ""
    bookmarked: bool = False


def community_page(*, user, filters: CommunityFilters, page=None):
    """The community library: featured first (unless searching), then by title."""
    resources = Resource.objects.community()
    if filters.tag:
        resources = resources.filter(
            pk__in=ResourceTag.objects.filter(name=filters.tag).values("resource")
        )
    if filters.language:
        resources = resources.filter(language=filters.language)
    if filters.bookmarked and user.is_authenticated:
        resources = resources.filter(pk__in=Bookmark.objects.filter(user=user).values("resource"))
    resources, ranked = search(resources, filters.query)
    resources = _with_card_data(resources).annotate(bookmarked=_bookmarked(user))
    if not ranked:
        resources = resources.order_by("-is_featured", "title", "id")
    return Paginator(resources, PAGE_SIZE).get_page(page)


def community_tags() -> list[str]:
    names = ResourceTag.objects.filter(resource__in=Resource.objects.community()).values_list(
        "name", flat=True
    )
    return sorted(set(names))[:60]


def community_resource(*, pk: int, user) -> Resource:
    return (
        _with_card_data(Resource.objects.community())
        .prefetch_related("items")
        .annotate(bookmarked=_bookmarked(user))
        .get(pk=pk)
    )


def _bookmarked(user):
    """Whether the user bookmarked each row; visitors have no bookmarks (the library is public)."""
    if not user.is_authenticated:
        return Value(False, output_field=BooleanField())
    return Exists(Bookmark.objects.filter(resource=OuterRef("pk"), user=user))


def managed_channels(user) -> list[Channel]:
    """Channels where the user may add resources (owner, or a role managing resources)."""
    if not user.is_authenticated:
        return []
    return list(
        Channel.objects.filter(
            pk__in=capability_holders(capability=Capability.MANAGE_RESOURCES, user=user).values(
                "channel_id"
            ),
            suspended_at__isnull=True,
            archived_at__isnull=True,
        ).order_by("name")
    )


def copies_in(channels: list[Channel], resource: Resource) -> dict[int, int]:
    """{channel id: id of its copy} of this resource among these channels."""
    return dict(
        Resource.objects.filter(channel__in=channels, copied_from=resource).values_list(
            "channel_id", "pk"
        )
    )


# Required training


def _required_by_role(channel: Channel) -> dict[int, list[Resource]]:
    links = (
        ResourceRole.objects.filter(channel=channel, required=True)
        .select_related("resource")
        .order_by("resource__title", "resource_id")
    )
    by_role: dict[int, list[Resource]] = {}
    for link in links:
        by_role.setdefault(link.role_id, []).append(link.resource)
    return by_role


def _completed(channel: Channel, user_ids=None) -> set[tuple[int, int]]:
    done = Completion.objects.filter(channel=channel)
    if user_ids is not None:
        done = done.filter(user_id__in=user_ids)
    return set(done.values_list("user_id", "resource_id"))


@dataclass
class GridRow:
    member: Membership
    cells: list  # per column: None (not required), else a TrainingState (resources/kinds.py)
    done: int
    total: int


def progress_grid(channel: Channel) -> dict:
    """Members × required resources, each cell a TrainingState: four queries whatever the team
    or library size, plus those of each kind's states (resources/kinds.py)."""
    by_role = _required_by_role(channel)
    columns = {}
    for resources in by_role.values():
        for resource in resources:
            columns[resource.pk] = resource
    columns = sorted(columns.values(), key=lambda r: (r.title.lower(), r.pk))
    members = list(
        Membership.objects.for_channel(channel)
        .select_related("user")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.for_channel(channel)))
        .order_by("user__username")
    )
    states = training_states(columns, [m.user_id for m in members], _completed(channel))
    rows = []
    for member in members:
        required = {r.pk for role in member.roles.all() for r in by_role.get(role.pk, [])}
        cells = [(states[member.user_id, r.pk] if r.pk in required else None) for r in columns]
        finished = sum(1 for cell in cells if cell is not None and cell.done)
        rows.append(GridRow(member=member, cells=cells, done=finished, total=len(required)))
    return {"columns": columns, "rows": rows}


def team_completion(channel: Channel, members: list) -> dict[int, tuple[int, int]]:
    """{membership pk: (done, required)} for the team page: three queries."""
    by_role = _required_by_role(channel)
    member_roles = _role_ids(channel, members)
    done = _completed(channel, [m.user_id for m in members])
    values = {}
    for member in members:
        required = {
            r.pk for role_id in member_roles.get(member.pk, ()) for r in by_role.get(role_id, [])
        }
        finished = sum(1 for pk in required if (member.user_id, pk) in done)
        values[member.pk] = (finished, len(required))
    return values


@dataclass
class TeamTraining:
    done: int
    total: int
    states: list  # (resource, TrainingState) of required resources a kind tracks, not done


def team_training(channel: Channel, members: list) -> dict[int, TeamTraining]:
    """{membership pk: TeamTraining} for the team page's training column: four queries plus
    those of each kind's states (resources/kinds.py)."""
    by_role = _required_by_role(channel)
    member_roles = _role_ids(channel, members)
    resources = {r.pk: r for rs in by_role.values() for r in rs}
    user_ids = [m.user_id for m in members]
    states = training_states(resources.values(), user_ids, _completed(channel, user_ids))
    tracked = {kind.kind for kind in kind_hooks if kind.states is not None}
    values = {}
    for member in members:
        required = sorted(
            {r.pk for role_id in member_roles.get(member.pk, ()) for r in by_role.get(role_id, [])}
        )
        mine = [(resources[pk], states[member.user_id, pk]) for pk in required]
        values[member.pk] = TeamTraining(
            done=sum(1 for _r, state in mine if state.done),
            total=len(mine),
            states=[
                (r, state)
                for r, state in mine
                if r.kind in tracked and state.code != "todo" and not state.done
            ],
        )
    return values


def _role_ids(channel: Channel, members: list) -> dict[int, set[int]]:
    rows = (
        MembershipRole.objects.for_channel(channel)
        .filter(membership_id__in=[m.pk for m in members])
        .values_list("membership_id", "role_id")
    )
    result: dict[int, set[int]] = {}
    for membership_id, role_id in rows:
        result.setdefault(membership_id, set()).add(role_id)
    return result


def todo_for_user(user, limit: int = 8) -> list[Resource]:
    """Required resources of the user's roles, in every channel, not yet done: one query."""
    links = (
        ResourceRole.objects.filter(
            required=True,
            role__membershiprole__membership__user=user,
            role__membershiprole__membership__channel=F("channel"),
        )
        .exclude(Exists(Completion.objects.filter(resource=OuterRef("resource"), user=user)))
        .select_related("resource__channel")
        .order_by("resource__channel__name", "resource__title", "resource_id")
    )
    seen, result = set(), []
    for link in links[: limit * 4]:
        if link.resource_id not in seen:
            seen.add(link.resource_id)
            result.append(link.resource)
    return result[:limit]


def todo_states(user, resources: list[Resource]) -> dict[int, object]:
    """{resource pk: TrainingState} of the user's to-do resources (kinds' own states)."""
    states = training_states(resources, [user.pk], set())
    return {r.pk: states[user.pk, r.pk] for r in resources}
