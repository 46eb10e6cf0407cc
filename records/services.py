"""Keeping service records in step with the team (fed by channels' domain events)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Membership
from channels.services.guards import require_signed_in

from .models import Ending, RolePeriod, ServiceRecord


def _open(channel, user):
    return (
        ServiceRecord.objects.for_channel(channel)
        .filter(user=user, ended_at__isnull=True)
        .order_by("-started_at")
        .first()
    )


def record_joined(*, channel, user, role_names, when=None) -> ServiceRecord:
    when = when or timezone.now()
    record = _open(channel, user)
    if record is None:
        record = ServiceRecord.objects.create(channel=channel, user=user, started_at=when)
    record_roles(channel=channel, user=user, role_names=role_names, when=when, record=record)
    return record


def records_backfill() -> int:
    """Open a service record for every member (not owner) that has none (teams formed before records
    were kept): it starts when the person joined, with the roles they hold now. Not an actor's
    action: the operator's `backfill_service_records` command and the demo run it. Safe to run
    again; returns how many records it opened."""
    opened = 0
    # The owner streams on the channel: like the join events, the backfill keeps no record
    # of owning it.
    members = (
        Membership.objects.filter(is_owner=False)
        .select_related("channel", "user")
        .prefetch_related("roles")
    )
    with_records = set(
        ServiceRecord.objects.filter(ended_at__isnull=True).values_list("channel_id", "user_id")
    )
    for membership in members.order_by("pk").iterator(chunk_size=500):
        if (membership.channel_id, membership.user_id) in with_records:
            continue
        with transaction.atomic():
            record_joined(
                channel=membership.channel,
                user=membership.user,
                role_names=[role.name for role in membership.roles.all()],
                when=membership.joined_at,
            )
        opened += 1
    return opened


def record_roles(*, channel, user, role_names, when=None, record=None) -> None:
    when = when or timezone.now()
    record = record or _open(channel, user)
    if record is None:
        record = ServiceRecord.objects.create(channel=channel, user=user, started_at=when)
    wanted = set(role_names)
    open_periods = list(record.periods.filter(ended_at__isnull=True))
    held = {period.role_name for period in open_periods}
    for period in open_periods:
        if period.role_name not in wanted:
            period.ended_at = when
            period.save(update_fields=["ended_at"])
    RolePeriod.objects.bulk_create(
        RolePeriod(channel=channel, record=record, role_name=name, started_at=when)
        for name in sorted(wanted - held)
    )


def record_ended(*, channel, user, ending, reason="", when=None) -> ServiceRecord | None:
    when = when or timezone.now()
    record = _open(channel, user)
    if record is None:
        return None
    record.periods.filter(ended_at__isnull=True).update(ended_at=when)
    record.ended_at = when
    record.ending = ending
    record.removal_reason = (reason or "")[:500] if ending == Ending.REMOVED else ""
    # A removal stays off the profile until the person chooses to show it.
    record.visible = ending != Ending.REMOVED
    record.save(update_fields=["ended_at", "ending", "removal_reason", "visible"])
    return record


@transaction.atomic
def record_set_visibility(*, record: ServiceRecord, actor, visible: bool) -> ServiceRecord:
    """Only the person whose record it is decides whether an entry shows on their profile."""
    require_signed_in(actor)
    if record.user_id != actor.pk:
        raise PermissionDenied(_("Only the moderator decides what their record shows."))
    if not isinstance(visible, bool):
        raise ValidationError(_("Choose to show or hide the entry."))
    if record.visible != visible:
        record.visible = visible
        record.save(update_fields=["visible"])
    return record


def record_channel_archived(*, channel, when=None) -> int:
    """An archived channel ends every open stint on its team (the event names no members:
    the open records are the team)."""
    when = when or timezone.now()
    open_records = ServiceRecord.objects.for_channel(channel).filter(ended_at__isnull=True)
    RolePeriod.objects.for_channel(channel).filter(
        record__in=open_records, ended_at__isnull=True
    ).update(ended_at=when)
    return open_records.update(ended_at=when, ending=Ending.ARCHIVED)
