from django.db.models import Prefetch

from resources.kinds import results_of
from resources.models import Completion

from .models import RolePeriod, ServiceRecord


def _with_periods(queryset):
    return queryset.select_related("channel").prefetch_related(
        Prefetch("periods", queryset=RolePeriod.objects.order_by("started_at", "pk"))
    )


def own_record(user):
    """Every entry of the person's own record, hidden ones included (for them only)."""
    return _with_periods(ServiceRecord.objects.filter(user=user))


def public_record(user):
    """What the person's profile shows: current entries and the past ones they chose to show.
    Removal reasons are never part of it."""
    return _with_periods(
        ServiceRecord.objects.filter(user=user, visible=True).defer("removal_reason")
    )


def team_history(channel):
    """The channel's ended stints, newest ending first, with who served, their roles and, for
    a removal, its reason (for the team's managers only: the view checks)."""
    return (
        _with_periods(ServiceRecord.objects.for_channel(channel).filter(ended_at__isnull=False))
        .select_related("user")
        .order_by("-ended_at", "-pk")
    )


def own_training(user) -> list:
    """The person's completed training, newest first, each with `.result` (the score of a
    passed exercise, or None for a resource that is read). Two queries, one more per kind that
    records results."""
    completions = list(
        Completion.objects.filter(user=user)
        .select_related("resource", "channel")
        .order_by("-completed_at", "-id")
    )
    results = results_of(user, completions)
    for completion in completions:
        completion.result = results.get(completion.resource_id)
    return completions
