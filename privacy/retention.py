"""Retention: delivery rows and archives that have done their job are purged in batches by a
beat task. The ages are settings (PRIVACY_RETENTION_DAYS, documented in the README)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from moderators.models import Invitation, InvitationState
from portal.notifications.models import Notification, OutboundEmail, State
from twitch.models import EventSubMessage

from .models import DataExport, ExportState


def _before(kind: str):
    return timezone.now() - timedelta(days=settings.PRIVACY_RETENTION_DAYS[kind])


def _purge(queryset, *, batch: int) -> int:
    """Delete in batches of `batch` rows (short transactions, no long locks)."""
    total = 0
    while True:
        ids = list(queryset.order_by().values_list("pk", flat=True)[:batch])
        if not ids:
            return total
        total += (
            queryset.model._default_manager.filter(pk__in=ids)
            .delete()[1]
            .get(queryset.model._meta.label, 0)
        )
        if len(ids) < batch:
            return total


def purge_notifications(batch: int) -> int:
    """Notifications delivered (or in-app only) longer ago than the age."""
    old = Notification.objects.filter(
        state__in=[State.SENT, State.SKIPPED], created_at__lt=_before("notifications")
    )
    return _purge(old, batch=batch)


def purge_emails(batch: int) -> int:
    old = OutboundEmail.objects.filter(state=State.SENT, sent_at__lt=_before("emails"))
    return _purge(old, batch=batch)


def purge_eventsub(batch: int) -> int:
    return _purge(EventSubMessage.objects.filter(received_at__lt=_before("eventsub")), batch=batch)


def purge_invitations(batch: int) -> int:
    old = Invitation.objects.filter(
        Q(state=InvitationState.EXPIRED) | Q(state=InvitationState.PENDING),
        expires_at__lt=_before("invitations"),
    )
    return _purge(old, batch=batch)


def purge_exports(batch: int) -> int:
    """Archives past their expiry: the file is deleted, the row says it expired."""
    done = 0
    due = DataExport.objects.filter(
        state=ExportState.READY, expires_at__lte=timezone.now()
    ).order_by("pk")[:batch]
    for export in due:
        if export.file:
            export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(state=ExportState.EXPIRED, file="")
        done += 1
    return done


def purge_all(batch: int | None = None) -> dict:
    batch = batch or settings.PRIVACY_RETENTION_BATCH
    return {
        "notifications": purge_notifications(batch),
        "emails": purge_emails(batch),
        "eventsub": purge_eventsub(batch),
        "invitations": purge_invitations(batch),
        "exports": purge_exports(batch),
    }
