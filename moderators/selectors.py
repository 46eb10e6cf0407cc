"""Reads for recruitment, with their joins. Each states its query count, whatever the data size."""

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from channels.models import Capability, Channel, Visibility
from channels.selectors import capability_holders

from .models import (
    ENDED_STATES,
    Application,
    ApplicationAnswer,
    ApplicationMove,
    ApplicationNote,
    ApplicationState,
    ApplicationVote,
    Invitation,
    InvitationBlock,
    InvitationState,
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningState,
    VoteChoice,
    hash_token,
)

BOARD_PAGE_SIZE = 20
TEAM_PAGE_SIZE = 25
MY_APPLICATIONS_PAGE_SIZE = 20


def application_count(*, opening: Opening) -> int:
    """Applications that count against the limit (all but withdrawn ones): one query."""
    return (
        Application.objects.filter(opening=opening)
        .exclude(state=ApplicationState.WITHDRAWN)
        .count()
    )


def reviewers(*, channel: Channel) -> QuerySet:
    """Active members who can review applications (the owner, or a role with the flag)."""
    holders = capability_holders(capability=Capability.REVIEW_APPLICATIONS, channel=channel)
    return get_user_model().objects.filter(is_active=True, pk__in=holders.values("user_id"))


def _open_now(openings: QuerySet) -> QuerySet:
    today = timezone.localdate()
    return openings.filter(state=OpeningState.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def _with_display(openings: QuerySet) -> QuerySet:
    return openings.select_related("channel", "role").prefetch_related(
        Prefetch("language_rows", queryset=OpeningLanguage.objects.order_by("code"))
    )


@dataclass(frozen=True)
class BoardFilters:
    query: str = ""
    language: str = ""
    role: str = ""
    platform: str = ""
    time_zone: str = ""


def board_openings(*, filters: BoardFilters) -> QuerySet[Opening]:
    """Open openings of listed channels (public, not archived, not suspended), newest first."""
    openings = _open_now(Opening.objects.all()).filter(
        channel__visibility=Visibility.PUBLIC,
        channel__archived_at__isnull=True,
        channel__suspended_at__isnull=True,
    )
    if filters.query:
        openings = openings.filter(
            Q(title__icontains=filters.query)
            | Q(description__icontains=filters.query)
            | Q(channel__name__icontains=filters.query)
        )
    if filters.language:
        openings = openings.filter(
            pk__in=OpeningLanguage.objects.filter(code=filters.language).values("opening_id")
        )
    if filters.role:
        openings = openings.filter(role__name__iexact=filters.role)
    if filters.platform:
        openings = openings.filter(channel__platform=filters.platform)
    if filters.time_zone:
        openings = openings.filter(time_zone=filters.time_zone)
    return _with_display(openings).order_by("-opened_at", "-id")


def board_page(*, filters: BoardFilters, page: int | str | None) -> Page:
    """One page of the board: a count, the page with channel and role, and its languages —
    three queries, however many openings there are."""
    return Paginator(board_openings(filters=filters), BOARD_PAGE_SIZE).get_page(page)


def board_facets() -> dict[str, list[str]]:
    """Role names and time zones that open openings use, for the filter menus: two queries."""
    listed = _open_now(Opening.objects.all()).filter(
        channel__visibility=Visibility.PUBLIC,
        channel__archived_at__isnull=True,
        channel__suspended_at__isnull=True,
    )
    roles = (
        listed.exclude(role__isnull=True)
        .order_by("role__name")
        .values_list("role__name", flat=True)
        .distinct()
    )
    zones = listed.exclude(time_zone="").order_by("time_zone").values_list("time_zone", flat=True)
    return {"roles": list(roles), "time_zones": list(zones.distinct())}


def channel_open_openings(*, channel: Channel) -> list[Opening]:
    """A channel's open positions for its public page: two queries."""
    openings = _open_now(Opening.objects.for_channel(channel))
    return list(_with_display(openings).order_by("-opened_at", "-id"))


def _count_per_opening(rows: QuerySet):
    """A correlated count, so two counts don't multiply each other's rows in one join."""
    counted = (
        rows.filter(opening=OuterRef("pk"))
        .order_by()
        .values("opening")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def team_openings_page(*, channel: Channel, state: str = "", page: int | str | None = 1) -> Page:
    """The team's openings with their question and application counts: a count, the page
    and its languages, three queries."""
    openings = Opening.objects.for_channel(channel)
    if state:
        openings = openings.filter(state=state)
    openings = _with_display(openings).annotate(
        question_count=_count_per_opening(OpeningQuestion.objects.all()),
        active_count=_count_per_opening(Application.objects.exclude(state__in=ENDED_STATES)),
    )
    ordered = openings.order_by("-created_at", "-id")
    return Paginator(ordered, TEAM_PAGE_SIZE).get_page(page)


def opening_for_team(*, channel: Channel, pk: int) -> Opening:
    """One opening of the channel with its questions (raises Opening.DoesNotExist): three
    queries."""
    openings = Opening.objects.for_channel(channel).select_related("channel", "role")
    return openings.prefetch_related(
        Prefetch("language_rows", queryset=OpeningLanguage.objects.order_by("code")),
        Prefetch("questions", queryset=OpeningQuestion.objects.order_by("position", "id")),
    ).get(pk=pk)


def opening_public(*, pk: int) -> Opening:
    """An opening as anyone may read it (raises Opening.DoesNotExist): three queries."""
    openings = Opening.objects.select_related("channel", "role").prefetch_related(
        Prefetch("language_rows", queryset=OpeningLanguage.objects.order_by("code")),
        Prefetch("questions", queryset=OpeningQuestion.objects.order_by("position", "id")),
    )
    return openings.get(pk=pk)


def applications_for_applicant_page(*, user, page: int | str | None = 1) -> Page:
    """The user's own applications, newest first, with opening, channel, role, answers, the
    trial and the team's messages to them (never notes or votes): four queries."""
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("opening", "opening__role", "channel", "trial")
        .prefetch_related(
            Prefetch("answers", queryset=ApplicationAnswer.objects.order_by("position", "id")),
            Prefetch(
                "moves",
                queryset=ApplicationMove.objects.exclude(message="").order_by("created_at", "id"),
                to_attr="messages_to_applicant",
            ),
        )
        .order_by("-submitted_at", "-id")
    )
    return Paginator(applications, MY_APPLICATIONS_PAGE_SIZE).get_page(page)


# The review pipeline (issue 13).

REVIEW_PAGE_SIZE = 25
REVIEW_SORTS = {
    "newest": ("-submitted_at", "-id"),
    "oldest": ("submitted_at", "id"),
    "votes": ("-votes_for", "-submitted_at", "-id"),
}


def _with_tally(applications: QuerySet) -> QuerySet:
    def count(choice):
        return Coalesce(
            Subquery(
                ApplicationVote.objects.filter(application=OuterRef("pk"), choice=choice)
                .order_by()
                .values("application")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    return applications.annotate(
        votes_for=count(VoteChoice.FOR),
        votes_against=count(VoteChoice.AGAINST),
        votes_unsure=count(VoteChoice.UNSURE),
    )


def review_counts(*, channel: Channel, opening_id: int | None = None) -> dict[str, int]:
    """Applications per state (for the state filter's counts): one query."""
    applications = Application.objects.for_channel(channel)
    if opening_id:
        applications = applications.filter(opening_id=opening_id)
    rows = applications.order_by().values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def review_page(
    *,
    channel: Channel,
    state: str = "",
    opening_id: int | None = None,
    sort: str = "newest",
    page: int | str | None = 1,
) -> Page:
    """The channel's applications with applicant, opening, role, trial and vote tally:
    a count and the page, two queries whatever the number of applications."""
    applications = Application.objects.for_channel(channel)
    if state:
        applications = applications.filter(state=state)
    if opening_id:
        applications = applications.filter(opening_id=opening_id)
    applications = _with_tally(
        applications.select_related("applicant", "opening", "opening__role", "trial")
    ).order_by(*REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"]))
    return Paginator(applications, REVIEW_PAGE_SIZE).get_page(page)


def review_row(*, channel: Channel, pk: int) -> Application:
    """One row of the review list, as review_page shows it (raises DoesNotExist): one query."""
    applications = Application.objects.for_channel(channel).select_related(
        "applicant", "opening", "opening__role", "trial"
    )
    return _with_tally(applications).get(pk=pk)


def application_for_team(*, channel: Channel, pk: int) -> Application:
    """One application of the channel with answers, notes, votes and moves (raises
    Application.DoesNotExist for an id of another channel): five queries."""
    applications = Application.objects.for_channel(channel).select_related(
        "applicant", "opening", "opening__role", "trial"
    )
    return (
        _with_tally(applications)
        .prefetch_related(
            Prefetch("answers", queryset=ApplicationAnswer.objects.order_by("position", "id")),
            Prefetch(
                "notes",
                queryset=ApplicationNote.objects.select_related("author").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "votes",
                queryset=ApplicationVote.objects.select_related("voter").order_by("updated_at"),
            ),
            Prefetch(
                "moves",
                queryset=ApplicationMove.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .get(pk=pk)
    )


def channel_openings_for_filter(*, channel: Channel) -> list[tuple[int, str]]:
    """(id, title) of the channel's openings for the filter: one query."""
    return list(
        Opening.objects.for_channel(channel)
        .order_by("-created_at", "-id")
        .values_list("id", "title")
    )


# Invitations


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, or None: one query. The hash is looked up by its
    unique index and compared again in constant time, so timing says nothing about near
    misses."""
    if not isinstance(token, str) or not token or len(token) > 100 or "\x00" in token:
        return None
    digest = hash_token(token)
    invitation = (
        Invitation.objects.select_related("channel", "inviter", "invited_user")
        .filter(token_hash=digest)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token_hash, digest):
        return None
    return invitation


def pending_for_user(*, user) -> QuerySet[Invitation]:
    """The user's open invitations (to the account, or to one of its verified addresses),
    newest first, with channel, inviter and roles: one query, and one more for the roles
    when there are any."""
    if user is None or not user.is_authenticated:
        return Invitation.objects.none()
    addresses = (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )
    addressed = Q(invited_user=user) | Q(invited_user__isnull=True, email__in=addresses)
    return (
        Invitation.objects.filter(addressed, state=InvitationState.PENDING)
        .filter(expires_at__gt=timezone.now())
        .select_related("channel", "inviter")
        .prefetch_related("roles")
        .order_by("-created_at", "-id")
    )


def pending_for_channel(*, channel: Channel) -> QuerySet[Invitation]:
    """The channel's pending invitations (expired ones too, for re-sending): two queries."""
    return (
        Invitation.objects.for_channel(channel)
        .filter(state__in=[InvitationState.PENDING, InvitationState.EXPIRED])
        .select_related("invited_user", "inviter")
        .prefetch_related("roles")
        .order_by("-created_at", "-id")
    )


def invitation_blocked(*, channel: Channel, user_ids: Iterable[int], now) -> bool:
    """Whether any of these people blocks invitations from the channel: one query."""
    return (
        InvitationBlock.objects.for_channel(channel)
        .filter(user_id__in=list(user_ids))
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .exists()
    )


def team_managers(*, channel: Channel) -> QuerySet:
    """Active members who can manage the team (the owner, or a role with the flag)."""
    holders = capability_holders(capability=Capability.MANAGE_TEAM, channel=channel)
    return get_user_model().objects.filter(is_active=True, pk__in=holders.values("user_id"))
