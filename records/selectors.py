from django.db.models import Prefetch

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
