"""Reads of a channel's debriefs, each with its query count."""

from datetime import timedelta

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone

from channels.models import Channel
from norms.models import DraftNorm

from .models import ActionKind, Debrief, DebriefComment, DebriefNorm, ModeratorAction, NormChange


def debrief_list(*, channel: Channel):
    """Newest incident first, with comment counts and norms: paginate it; a page is two
    queries (rows, their norms) plus the paginator's count."""
    return (
        Debrief.objects.for_channel(channel)
        .annotate(comment_count=Count("comments", distinct=True))
        .prefetch_related(Prefetch("norm_links", queryset=DebriefNorm.objects.for_channel(channel)))
        .order_by("-happened_at", "-id")
    )


def debrief_get(*, channel: Channel, pk) -> Debrief | None:
    """One debrief with its norms, actions, thread and proposals: five queries."""
    return (
        Debrief.objects.for_channel(channel)
        .filter(pk=pk)
        .select_related("case_study", "version")
        .prefetch_related(
            Prefetch("norm_links", queryset=DebriefNorm.objects.for_channel(channel)),
            Prefetch("actions", queryset=ModeratorAction.objects.for_channel(channel)),
            Prefetch("comments", queryset=DebriefComment.objects.for_channel(channel)),
            Prefetch(
                "norm_changes",
                queryset=NormChange.objects.for_channel(channel).select_related("version"),
            ),
        )
        .first()
    )


def norm_get(*, channel: Channel, pk) -> DraftNorm | None:
    return DraftNorm.objects.for_channel(channel).filter(pk=pk).first()


def debriefs_for_norm(*, channel: Channel, norm: DraftNorm):
    """The debriefs that involved a norm, newest first: paginate it (two queries a page)."""
    return (
        Debrief.objects.for_channel(channel)
        .filter(norm_links__norm=norm)
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-happened_at", "-id")
    )


def ladder_counts(*, channel: Channel, norm: DraftNorm) -> list[tuple[str, int]]:
    """How often each action was taken in incidents involving the norm, every action listed
    in the ladder's order: one query."""
    counts = dict(
        ModeratorAction.objects.for_channel(channel)
        .filter(debrief__norm_links__norm=norm)
        .values_list("action")
        .annotate(n=Count("id", distinct=True))
        .values_list("action", "n")
    )
    return [(kind.label, counts.get(kind.value, 0)) for kind in ActionKind]


MONTHS_SHOWN = 12


def health(channel: Channel) -> dict:
    """Debriefs per month over the last year and the norms most involved: two queries."""
    now = timezone.now()
    start = (now - timedelta(days=31 * (MONTHS_SHOWN - 1))).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    per_month = dict(
        Debrief.objects.for_channel(channel)
        .filter(happened_at__gte=start)
        .annotate(month=TruncMonth("happened_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    months, cursor = [], start
    while cursor <= now:
        months.append(
            (cursor, sum(n for month, n in per_month.items() if month.date() == cursor.date()))
        )
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    top = list(
        DebriefNorm.objects.for_channel(channel)
        .filter(norm__isnull=False)
        .values("norm_id", "norm__title")
        .annotate(n=Count("debrief_id", distinct=True))
        .order_by("-n", "norm__title")[:5]
    )
    return {
        "slug": channel.slug,
        "months": months,
        "peak": max((n for _, n in months), default=0),
        "total": sum(n for _, n in months),
        "norms": [(row["norm_id"], row["norm__title"], row["n"]) for row in top],
    }
