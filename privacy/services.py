"""Every write of the data-rights features: exports, account erasure, channel deletion.

Rules guarded here, whatever the caller (a view, the admin, a task):
- a person exports and deletes only their own account; platform staff may do either for anyone
  with the permission of its own (`privacy.export_person`, `privacy.erase_person`), for a
  request received by email;
- an account that owns channels cannot be deleted: the owner transfers or deletes them first;
- an erasure runs only for a scheduled deletion whose grace period is over (or when staff erase
  now); it keeps the rows a team relies on, attributed to a "former member" whose name in audit
  logs is a stable pseudonym, and erases the rest (see portal/personal_data.py);
- only the owner deletes a channel, by typing its slug, after a grace period; the team is told.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.models import Channel, Membership
from channels.services import audit_record
from channels.services.guards import require_owner
from portal.notifications import emails
from portal.notifications.services import notify
from portal.ratelimits import over_limit

from . import tasks
from .audit import ACCOUNT_DELETION_SCHEDULED, PrivacyAction, staff_log
from .erasure import new_pseudonym, refuse_owner
from .guards import ERASE_PERMISSION, EXPORT_PERMISSION, require_self_or_staff
from .models import (
    AccountDeletion,
    ChannelDeletion,
    DataExport,
    DeletionState,
    ExportKind,
    ExportState,
)

# --- export ------------------------------------------------------------------------------------


@transaction.atomic
def export_request(*, user, actor) -> DataExport:
    """Start building an archive of everything the portal holds about `user`. One at a time;
    at most PRIVACY_EXPORT_RATE per person (staff requests are not counted against it)."""
    require_self_or_staff(user, actor, EXPORT_PERMISSION)
    running = DataExport.objects.filter(
        user=user, kind=ExportKind.PERSON, state__in=[ExportState.PENDING, ExportState.BUILDING]
    ).first()
    if running is not None:
        return running
    if actor.pk == user.pk and over_limit(
        group="privacy.export", key=str(user.pk), rate=settings.PRIVACY_EXPORT_RATE
    ):
        raise ValidationError(
            _("You have asked for several exports recently. Please try again tomorrow.")
        )
    export = DataExport.objects.create(user=user, requested_by=actor, kind=ExportKind.PERSON)
    staff_log(actor=actor, user=user, message="Data export requested by staff for the person.")
    transaction.on_commit(lambda: tasks.build_export.delay(export.pk))
    return export


def export_for_download(*, export_id: int, user) -> DataExport:
    """The person's own ready, unexpired archive, or LookupError."""
    export = DataExport.objects.filter(
        pk=export_id, user=user, state=ExportState.READY, expires_at__gt=timezone.now()
    ).first()
    if export is None or not export.file:
        raise LookupError(export_id)
    return export


@transaction.atomic
def account_deletion_request(*, user, actor) -> AccountDeletion:
    """Schedule the erasure after the grace period; signing in before then cancels it."""
    require_self_or_staff(user, actor, ERASE_PERMISSION)
    refuse_owner(user)
    due = timezone.now() + timedelta(days=settings.PRIVACY_DELETION_GRACE_DAYS)
    deletion, _created = AccountDeletion.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            "state": DeletionState.PENDING,
            "pseudonym": new_pseudonym(),
            "due_at": due,
            "requested_by": actor,
        },
    )
    if deletion.state == DeletionState.DONE:
        raise ValidationError(_("This account has already been deleted."))
    if deletion.state != DeletionState.PENDING:
        deletion.state, deletion.due_at, deletion.requested_by = DeletionState.PENDING, due, actor
        deletion.save(update_fields=["state", "due_at", "requested_by"])
    notify(
        event=ACCOUNT_DELETION_SCHEDULED,
        recipients=[user],
        context={"due": due.date().isoformat(), "url": emails.absolute(reverse("account_login"))},
    )
    return deletion


def pending_deletion(user) -> AccountDeletion | None:
    if not getattr(user, "pk", None):
        return None
    return AccountDeletion.objects.filter(user=user, state=DeletionState.PENDING).first()


@transaction.atomic
def account_deletion_cancel(*, user, actor) -> bool:
    """Signing in during the grace period calls this: the account stays."""
    require_self_or_staff(user, actor, ERASE_PERMISSION)
    return bool(
        AccountDeletion.objects.filter(user=user, state=DeletionState.PENDING).update(
            state=DeletionState.CANCELLED
        )
    )


# --- channel deletion -----------------------------------------------------------------------------


@transaction.atomic
def channel_deletion_request(*, channel: Channel, actor, confirm_slug: str) -> ChannelDeletion:
    """The owner, typing the slug: a final export for them, the team told, and everything
    channel-owned deleted after the grace period."""
    require_owner(channel, actor)
    if (confirm_slug or "").strip() != channel.slug:
        raise ValidationError({"confirm_slug": _("Type the channel's address exactly.")})
    due = timezone.now() + timedelta(days=settings.PRIVACY_CHANNEL_GRACE_DAYS)
    deletion = ChannelDeletion.objects.select_for_update().filter(channel=channel).first()
    if deletion is not None and deletion.state == DeletionState.PENDING:
        return deletion
    export = DataExport.objects.create(
        user=actor, requested_by=actor, kind=ExportKind.CHANNEL, channel_slug=channel.slug
    )
    if deletion is None:
        deletion = ChannelDeletion(channel=channel, channel_slug=channel.slug)
    deletion.requested_by, deletion.export = actor, export
    deletion.state, deletion.due_at = DeletionState.PENDING, due
    deletion.save()
    audit_record(
        channel=channel,
        actor=actor,
        action=PrivacyAction.CHANNEL_DELETION_SCHEDULED,
        target=channel,
        after={"due": due.date().isoformat()},
    )
    notify(
        event=PrivacyAction.CHANNEL_DELETION_SCHEDULED,
        recipients=Membership.objects.filter(channel=channel).values("user_id"),
        channel=channel,
        actor=actor,
        context={"channel_name": channel.name, "due": due.date().isoformat()},
    )
    transaction.on_commit(lambda: tasks.build_export.delay(export.pk))
    return deletion


@transaction.atomic
def channel_deletion_cancel(*, channel: Channel, actor) -> bool:
    require_owner(channel, actor)
    cancelled = ChannelDeletion.objects.filter(channel=channel, state=DeletionState.PENDING).update(
        state=DeletionState.CANCELLED
    )
    if cancelled:
        audit_record(
            channel=channel,
            actor=actor,
            action=PrivacyAction.CHANNEL_DELETION_CANCELLED,
            target=channel,
        )
        notify(
            event=PrivacyAction.CHANNEL_DELETION_CANCELLED,
            recipients=Membership.objects.filter(channel=channel).values("user_id"),
            channel=channel,
            actor=actor,
            context={"channel_name": channel.name},
        )
    return bool(cancelled)


def channel_deletion_pending(channel: Channel) -> ChannelDeletion | None:
    return ChannelDeletion.objects.filter(channel=channel, state=DeletionState.PENDING).first()
