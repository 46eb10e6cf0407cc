"""Periodic work: reminders before shifts, and gap alerts 24 hours before a short stream."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from channels.models import Channel, Membership
from portal.notifications.services import notify

from .models import Sent, Stream
from .selectors import schedule
from .twitch_import import import_all

REMINDER_BEFORE = timedelta(hours=2)
GAP_BEFORE = timedelta(hours=24)


def _once(kind, occurrence, user_id=None) -> bool:
    try:
        with transaction.atomic():
            Sent.objects.create(
                kind=kind, stream=occurrence.stream, occurs_on=occurrence.occurs_on, user_id=user_id
            )
    except IntegrityError:
        return False
    return True


def _managers(channel) -> list[int]:
    return [
        m.user_id
        for m in Membership.objects.for_channel(channel).prefetch_related("roles")
        if m.is_owner or any(r.can_manage_team for r in m.roles.all())
    ]


def send_due(now=None) -> dict:
    now = now or timezone.now()
    counts = {"reminders": 0, "gaps": 0}
    for channel in Channel.objects.filter(pk__in=Stream.objects.values("channel")):
        for occurrence in schedule(channel=channel, now=now, days=2):
            if occurrence.cancelled or occurrence.starts_at < now:
                continue
            context = {
                "title": occurrence.stream.title,
                "channel_name": channel.name,
                "starts_at": occurrence.starts_at.isoformat(),
            }
            if occurrence.starts_at - now <= REMINDER_BEFORE:
                for shift in occurrence.shifts:
                    with transaction.atomic():
                        if _once("reminder", occurrence, shift.user_id):
                            notify(
                                event="shift.reminder",
                                recipients=[shift.user_id],
                                channel=channel,
                                target=occurrence.stream,
                                context=context,
                            )
                            counts["reminders"] += 1
            if occurrence.starts_at - now <= GAP_BEFORE and occurrence.missing:
                with transaction.atomic():
                    if _once("gap", occurrence):
                        notify(
                            event="stream.short",
                            recipients=_managers(channel),
                            channel=channel,
                            target=occurrence.stream,
                            context={**context, "missing": occurrence.missing},
                        )
                        counts["gaps"] += 1
    return counts


@shared_task(name="shifts.send_due")
def send_due_task() -> dict:
    return send_due()


@shared_task(name="shifts.import_twitch", acks_late=True)
def import_twitch_task() -> int:
    if not settings.TWITCH_SYNC_ENABLED:
        return 0
    return import_all()
