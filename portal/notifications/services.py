"""Every write of the notifications app: notify, read, preferences, unsubscribe, delivery.

Delivery is an outbox: `notify()` writes rows inside the caller's transaction and enqueues their
ids only once it commits. A task claims each row with a conditional UPDATE before sending, so a
message delivered twice (late ack, sweep, retry) sends one email; the sweep re-enqueues rows a
lost message or a killed worker left behind.
"""

from __future__ import annotations

import json
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import emails, registry
from .models import Notification, NotificationPreference, State
from .registry import Delivery

if TYPE_CHECKING:
    from channels.models import Channel
    from portal.models import User

log = logging.getLogger(__name__)

EMAIL_MODES = (Delivery.IMMEDIATE, Delivery.DIGEST)
UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
DIGEST_SCOPE = "digest"
PREFERENCE_LOOKUP_CHUNK = 2000


# --- notify -------------------------------------------------------------------------------------


def notify(
    *,
    event: str,
    recipients: Iterable[User],
    channel: Channel | None = None,
    actor: User | None = None,
    target: models.Model | None = None,
    context: dict | None = None,
) -> list[Notification]:
    """Write one outbox row per recipient who wants this event; deliver emails after commit.

    The actor is never notified of their own action, inactive accounts never, and a recipient
    whose preference is "off" gets no row. Call it inside the action's transaction: if that rolls
    back, no row exists and nothing is enqueued.
    """
    event_type = registry.get(event)
    context = dict(context or {})
    try:
        json.dumps(context)
    except (TypeError, ValueError) as error:
        raise TypeError(f"notify(context=...) must be JSON-serialisable: {error}") from None
    users = _unique_recipients(recipients, actor=actor)
    if not users:
        return []
    if channel is not None and channel.pk is None:
        raise ValueError("notify(channel=...) needs a saved channel.")

    deliveries = _deliveries_for(
        user_ids=[u.pk for u in users], event_type=event_type, channel=channel
    )
    content_type, target_id, target_label, target_url = _describe_target(target, context)
    summary = event_type.render_summary(
        context=context, actor=actor, channel=channel, target_label=target_label
    )
    now = timezone.now()
    rows = []
    for user in users:
        mode = deliveries[user.pk]
        if mode == Delivery.OFF:
            continue
        emails_wanted = mode in EMAIL_MODES and bool(user.email)
        rows.append(
            Notification(
                recipient=user,
                event=event_type.name,
                channel=channel,
                actor=actor,
                target_content_type=content_type,
                target_id=target_id,
                target_label=target_label,
                target_url=target_url,
                summary=summary,
                context=context,
                email_mode=mode,
                state=State.PENDING if emails_wanted else State.SKIPPED,
                last_error="" if emails_wanted or mode == Delivery.IN_APP else "No email address.",
                queued_at=now if emails_wanted and mode == Delivery.IMMEDIATE else None,
            )
        )
    created = Notification.objects.bulk_create(rows, batch_size=1000)
    immediate = [row.pk for row in created if row.queued_at is not None]
    if immediate:
        transaction.on_commit(partial(enqueue_delivery, immediate))
    return created


def _unique_recipients(recipients: Iterable[User], *, actor: User | None) -> list[User]:
    users: dict[int, User] = {}
    for user in recipients:
        if user.pk is None or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        users.setdefault(user.pk, user)
    return list(users.values())


def _deliveries_for(
    *, user_ids: list[int], event_type: registry.EventType, channel: Channel | None
) -> dict[int, str]:
    """Each user's delivery: their channel override, else their default, else the event's."""
    result = dict.fromkeys(user_ids, event_type.default_delivery)
    in_channel = channel is not None and event_type.per_channel
    for start in range(0, len(user_ids), PREFERENCE_LOOKUP_CHUNK):
        chunk = user_ids[start : start + PREFERENCE_LOOKUP_CHUNK]
        preferences = NotificationPreference.objects.filter(
            event=event_type.name, user_id__in=chunk
        )
        if in_channel:
            preferences = preferences.filter(Q(channel__isnull=True) | Q(channel=channel))
        else:
            preferences = preferences.filter(channel__isnull=True)
        # Global rows first, so a channel override, read later, wins.
        ordered = preferences.order_by(F("channel_id").asc(nulls_first=True))
        for user_id, delivery in ordered.values_list("user_id", "delivery"):
            result[user_id] = delivery
    return result


def _describe_target(target: models.Model | None, context: dict):
    url = context.get("url", "")
    if target is None:
        return None, "", "", safe_local_url(url)
    get_absolute_url = getattr(target, "get_absolute_url", None)
    if callable(get_absolute_url):
        url = get_absolute_url()
    content_type = ContentType.objects.get_for_model(target)
    return content_type, str(target.pk), str(target)[:200], safe_local_url(url)


def safe_local_url(url) -> str:
    """A path on this site, or "": stored links must never send a reader elsewhere."""
    if not isinstance(url, str) or len(url) > 500:
        return ""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return ""
    if any(ord(char) < 32 or ord(char) == 127 for char in url):
        return ""
    return url


def enqueue_delivery(notification_ids: list[int]) -> int:
    """Send ids to the workers in chunks. A broker outage is logged; the sweep catches up."""
    from .tasks import deliver

    chunk = max(1, settings.NOTIFICATIONS_DELIVERY_CHUNK)
    sent = 0
    for start in range(0, len(notification_ids), chunk):
        try:
            deliver.delay(notification_ids[start : start + chunk])
        except Exception:
            # The rows stay pending: notifications_requeue_stale() enqueues them again later.
            log.warning(
                "Could not enqueue %d notification(s) for delivery; the sweep will retry them.",
                len(notification_ids) - start,
                exc_info=True,
            )
            break
        sent += 1
    return sent


# --- inbox --------------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(
    *, user: User, channel_id: int | None = None, event: str | None = None
) -> int:
    """Mark the user's unread notifications read (within a filter, when given)."""
    rows = Notification.objects.for_user(user).unread()
    if channel_id is not None:
        rows = rows.filter(channel_id=channel_id)
    if event:
        rows = rows.filter(event=event)
    return rows.update(read_at=timezone.now())


# --- preferences --------------------------------------------------------------------------------


def preference_set(
    *, user: User, event: str, delivery: str | None, channel_id: int | None = None
) -> NotificationPreference | None:
    """Set how `user` gets `event` (in one channel when `channel_id`); None clears the choice.

    A channel-wide choice exists only for events that are per channel. Clearing a channel choice
    falls back to the user's default for the event; clearing the default to the event's own.
    """
    event_type = registry.get_or_none(event)
    if event_type is None:
        raise ValidationError({"event": _("Choose one of the listed notification types.")})
    if delivery is not None and delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Choose one of the listed delivery options.")})
    if channel_id is not None:
        if not event_type.per_channel:
            raise ValidationError({"channel": _("This notification has no per-channel setting.")})
        channel_model = NotificationPreference._meta.get_field("channel").related_model
        if not channel_model.objects.filter(pk=channel_id).exists():
            raise ValidationError({"channel": _("Choose one of your channels.")})
    rows = NotificationPreference.objects.filter(user=user, event=event, channel_id=channel_id)
    if delivery is None:
        rows.delete()
        return None
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, event=event, channel_id=channel_id, defaults={"delivery": delivery}
    )
    return preference


@transaction.atomic
def preferences_save(*, user: User, choices: dict[tuple[str, int | None], str | None]) -> int:
    """Apply a whole preferences form: {(event, channel_id or None): delivery or None}.

    A default equal to the event's own is stored as no row, so a later change of the event's
    default reaches users who never chose. Returns how many choices changed.
    """
    current = {
        (pref.event, pref.channel_id): pref.delivery
        for pref in NotificationPreference.objects.filter(user=user)
    }
    changed = 0
    for (event, channel_id), delivery in choices.items():
        event_type = registry.get_or_none(event)
        if event_type is None:
            raise ValidationError({"event": _("Choose one of the listed notification types.")})
        if channel_id is None and delivery == event_type.default_delivery:
            delivery = None
        if current.get((event, channel_id)) == delivery:
            continue
        preference_set(user=user, event=event, delivery=delivery, channel_id=channel_id)
        changed += 1
    return changed


def delivery_for(*, user: User, event: str, channel_id: int | None = None) -> str:
    event_type = registry.get(event)
    rows = NotificationPreference.objects.filter(user=user, event=event)
    if channel_id is not None and event_type.per_channel:
        rows = rows.filter(Q(channel__isnull=True) | Q(channel_id=channel_id))
    else:
        rows = rows.filter(channel__isnull=True)
    chosen = dict(rows.values_list("channel_id", "delivery"))
    return chosen.get(channel_id) or chosen.get(None) or event_type.default_delivery


# --- one-click unsubscribe ----------------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribe:
    """What an unsubscribe link stops: one event (in one channel), or the daily digest."""

    user: User
    event: str  # an event name, or DIGEST_SCOPE
    channel_id: int | None

    @property
    def is_digest(self) -> bool:
        return self.event == DIGEST_SCOPE

    @property
    def event_label(self) -> str:
        return _("Daily digest") if self.is_digest else registry.label_for(self.event)


def unsubscribe_token(*, user: User, event: str, channel_id: int | None = None) -> str:
    """A signed, timestamped token naming the user and what to stop; no login needed to use it."""
    return signing.dumps({"u": user.pk, "e": event, "c": channel_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_parse(token: str) -> Unsubscribe:
    """Raises signing.SignatureExpired for an old token, signing.BadSignature for any other."""
    from django.contrib.auth import get_user_model

    if not isinstance(token, str) or len(token) > 400:
        raise signing.BadSignature("Malformed token.")
    payload = signing.loads(
        token, salt=UNSUBSCRIBE_SALT, max_age=settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE
    )
    try:
        user_id, event, channel_id = int(payload["u"]), str(payload["e"]), payload["c"]
        if channel_id is not None:
            channel_id = int(channel_id)
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed payload.") from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise signing.BadSignature("No such user.")
    if event != DIGEST_SCOPE and registry.get_or_none(event) is None:
        raise signing.BadSignature("No such event.")
    return Unsubscribe(user=user, event=event, channel_id=channel_id)


@transaction.atomic
def unsubscribe_apply(*, unsubscribe: Unsubscribe) -> int:
    """Stop the emails the link names, keeping the inbox entries. Returns preferences changed.

    Only that preference changes: one event (in one channel for per-channel events), or, for a
    digest link, every event the user receives as a digest.
    """
    user = unsubscribe.user
    if not unsubscribe.is_digest:
        event_type = registry.get(unsubscribe.event)
        channel_id = unsubscribe.channel_id if event_type.per_channel else None
        if delivery_for(user=user, event=event_type.name, channel_id=channel_id) in EMAIL_MODES:
            preference_set(
                user=user, event=event_type.name, delivery=Delivery.IN_APP, channel_id=channel_id
            )
            return 1
        return 0
    changed = NotificationPreference.objects.filter(user=user, delivery=Delivery.DIGEST).update(
        delivery=Delivery.IN_APP
    )
    explicit = set(
        NotificationPreference.objects.filter(user=user, channel__isnull=True).values_list(
            "event", flat=True
        )
    )
    for event_type in registry.all_events():
        if event_type.default_delivery == Delivery.DIGEST and event_type.name not in explicit:
            preference_set(user=user, event=event_type.name, delivery=Delivery.IN_APP)
            changed += 1
    return changed


# --- delivery -----------------------------------------------------------------------------------


def is_transient(error: BaseException) -> bool:
    """4xx replies and network errors are worth retrying; 5xx replies and the rest are final."""
    import smtplib

    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, OSError)


def _describe_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


class _Connection:
    """One email connection for a batch, opened on first use so its failure counts as an attempt."""

    def __init__(self):
        self.backend = get_connection()
        self.opened = False

    def send(self, message) -> None:
        if not self.opened:
            self.backend.open()
            self.opened = True
        message.connection = self.backend
        message.send()

    def close(self) -> None:
        if self.opened:
            try:
                self.backend.close()
            except OSError:
                log.debug("Closing the email connection failed.", exc_info=True)


def notification_claim(*, notification_id: int) -> datetime | None:
    """Take one immediate-email row for sending; the claim time is the token, None if not ours.

    The conditional UPDATE is the lock: of two workers given the same id, one matches the row.
    A row claimed longer ago than NOTIFICATIONS_STALE_SECONDS belongs to a worker that died.
    """
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)
    claimed = (
        Notification.objects.filter(pk=notification_id, email_mode=Delivery.IMMEDIATE)
        .filter(Q(state=State.PENDING) | Q(state=State.SENDING, claimed_at__lt=stale))
        .update(state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return now if claimed else None


def notification_deliver(
    *, notification_id: int, connection: _Connection | None = None, final_attempt: bool = False
) -> str:
    """Email one notification at most once. Returns the row's state afterwards, or "taken".

    A transient error puts the row back to pending and re-raises for the task to retry; after
    the last attempt, or for a permanent error, the row is failed with the reason.
    """
    claimed_at = notification_claim(notification_id=notification_id)
    if claimed_at is None:
        return "taken"
    ours = Notification.objects.filter(
        pk=notification_id, state=State.SENDING, claimed_at=claimed_at
    )
    notification = Notification.objects.select_related("recipient", "actor", "channel").get(
        pk=notification_id
    )
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        ours.update(state=State.SKIPPED, last_error="No email address or inactive account.")
        return State.SKIPPED
    own_connection = connection is None
    connection = connection or _Connection()
    try:
        connection.send(emails.notification_message(notification))
    except Exception as error:
        out_of_attempts = (
            final_attempt or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        )
        if is_transient(error) and not out_of_attempts:
            ours.update(
                state=State.PENDING, last_error=_describe_error(error), queued_at=timezone.now()
            )
            raise
        log.warning("Notification %s failed for good: %s", notification_id, error)
        ours.update(state=State.FAILED, last_error=_describe_error(error))
        return State.FAILED
    finally:
        if own_connection:
            connection.close()
    ours.update(state=State.SENT, sent_at=timezone.now(), last_error="")
    return State.SENT


def notifications_deliver(*, notification_ids: list[int], final_attempt: bool = False) -> dict:
    """Deliver a batch over one connection. A transient error stops the batch and is re-raised:
    the retry runs the whole batch again, and the rows already sent are not taken twice."""
    counts: dict[str, int] = {}
    connection = _Connection()
    try:
        for pk in notification_ids:
            outcome = notification_deliver(
                notification_id=pk, connection=connection, final_attempt=final_attempt
            )
            counts[outcome] = counts.get(outcome, 0) + 1
    finally:
        connection.close()
    return counts


def notifications_requeue_stale(*, now: datetime | None = None) -> int:
    """The sweep: enqueue again immediate rows left pending or sending past the stale limit.

    Such a row lost its broker message (outage at commit, worker killed before acking) or its
    worker died mid-send. Re-enqueued rows get a new queued_at, so the next sweep leaves them be.
    Digest rows stuck in sending go back to pending for the next digest.
    """
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)
    stuck = Notification.objects.filter(email_mode=Delivery.IMMEDIATE).filter(
        Q(state=State.PENDING, queued_at__lt=stale)
        | Q(state=State.PENDING, queued_at__isnull=True)
        | Q(state=State.SENDING, claimed_at__lt=stale)
    )
    ids = list(
        stuck.order_by("id").values_list("pk", flat=True)[: settings.NOTIFICATIONS_SWEEP_LIMIT]
    )
    if ids:
        Notification.objects.filter(pk__in=ids).update(queued_at=now)
        log.info("Sweep: re-enqueuing %d notification(s).", len(ids))
        enqueue_delivery(ids)
    Notification.objects.filter(
        email_mode=Delivery.DIGEST, state=State.SENDING, claimed_at__lt=stale
    ).update(state=State.PENDING)
    return len(ids)


@transaction.atomic
def notifications_resend(*, notification_ids: Iterable[int]) -> int:
    """Give failed rows a fresh set of attempts (the admin's "re-send" action)."""
    failed = Notification.objects.filter(pk__in=list(notification_ids), state=State.FAILED)
    immediate = list(failed.filter(email_mode=Delivery.IMMEDIATE).values_list("pk", flat=True))
    count = failed.update(
        state=State.PENDING, attempts=0, last_error="", claimed_at=None, queued_at=timezone.now()
    )
    if immediate:
        transaction.on_commit(partial(enqueue_delivery, immediate))
    return count


# --- daily digest -------------------------------------------------------------------------------


def local_hour(*, time_zone: str, now: datetime) -> int:
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return now.astimezone(zone).hour


def digest_due_user_ids(*, now: datetime | None = None) -> list[int]:
    """Users with digest rows waiting for whom it is now NOTIFICATIONS_DIGEST_HOUR locally."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(email_mode=Delivery.DIGEST, state=State.PENDING)
        .values_list("recipient_id", "recipient__time_zone")
        .distinct()
    )
    return sorted(
        user_id
        for user_id, time_zone in waiting
        if local_hour(time_zone=time_zone, now=now) == settings.NOTIFICATIONS_DIGEST_HOUR
    )


def digest_send(*, user_id: int, final_attempt: bool = False) -> int:
    """Email a user's waiting digest rows in one message; returns how many it carried.

    The rows are claimed with one conditional UPDATE first, so a row is in at most one digest
    even if two runs overlap, and rows written while sending wait for the next digest.
    """
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(
        recipient_id=user_id, email_mode=Delivery.DIGEST, state=State.PENDING
    ).update(state=State.SENDING, claimed_at=claimed_at, attempts=F("attempts") + 1)
    if not claimed:
        return 0
    ours = Notification.objects.filter(
        recipient_id=user_id, email_mode=Delivery.DIGEST, state=State.SENDING, claimed_at=claimed_at
    )
    rows = list(ours.select_related("recipient", "actor", "channel").order_by("created_at", "id"))
    recipient = rows[0].recipient
    if not recipient.email or not recipient.is_active:
        ours.update(state=State.SKIPPED, last_error="No email address or inactive account.")
        return 0
    connection = _Connection()
    try:
        connection.send(emails.digest_message(recipient, rows))
    except Exception as error:
        out_of_attempts = final_attempt or max(row.attempts for row in rows) >= (
            settings.NOTIFICATIONS_MAX_ATTEMPTS
        )
        if is_transient(error) and not out_of_attempts:
            ours.update(state=State.PENDING, last_error=_describe_error(error))
            raise
        ours.update(state=State.FAILED, last_error=_describe_error(error))
        return 0
    finally:
        connection.close()
    ours.update(state=State.SENT, sent_at=timezone.now(), last_error="")
    return len(rows)
