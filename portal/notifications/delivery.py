"""Sending the outbox: one claim-send-mark path for notifications, digests and account emails.

A job claims its rows with one conditional UPDATE (pending, or sending with a claim gone stale),
so of two workers given the same rows, one gets them; it builds one message from what it
claimed, sends it, and records sent, failed, or back to pending for a retry. A message
delivered twice (late ack, sweep, retry) therefore sends one email, and a worker killed
between the server's "accepted" and the row's "sent" re-sends with the same Message-ID.

Nothing here enqueues: the tasks module does, so this module imports no task and no service.
"""

from __future__ import annotations

import logging
import smtplib
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from . import emails
from .models import Notification, OutboundEmail, State
from .registry import Delivery

log = logging.getLogger(__name__)

TAKEN = "taken"  # another job holds the rows, or they are done


class Skip(Exception):
    """The claimed rows have no one to send to; the message is the recorded reason."""


class Outcome(NamedTuple):
    state: str  # State.SENT, FAILED, SKIPPED, or TAKEN
    rows: int  # how many rows the job claimed


def is_transient(error: BaseException) -> bool:
    """4xx replies and network errors are worth retrying; 5xx replies and the rest are final."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, OSError)


def _describe_error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


class Connection:
    """One email connection for a batch, opened on first use so its failure counts as an attempt."""

    def __init__(self):
        self.backend = get_connection()
        self.opened = False

    def send(self, message: EmailMessage) -> None:
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


def _stale_before(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.NOTIFICATIONS_STALE_SECONDS)


def claim_send_mark(
    *,
    scope: QuerySet,
    build: Callable[[QuerySet], EmailMessage],
    take_stale_claims: bool = True,
    forget_when_done: dict | None = None,
    connection: Connection | None = None,
    final_attempt: bool = False,
) -> Outcome:
    """Claim the unsent rows of `scope`, send the one message `build` makes of them, mark them.

    The claim time is the token: the rows this job owns are those of `scope` in "sending" with
    exactly that claim. `build` gets them as a queryset and returns the message, or raises
    Skip. A transient error puts the rows back to pending and re-raises for the task to retry;
    after the last attempt, or for a permanent error, the rows are failed with the reason.
    `forget_when_done` are field values written with "sent" or "failed" (never before: a
    re-send after a crash needs the message).
    """
    forget = forget_when_done or {}
    now = timezone.now()
    claimable = Q(state=State.PENDING)
    if take_stale_claims:
        claimable |= Q(state=State.SENDING, claimed_at__lt=_stale_before(now))
    claimed = scope.filter(claimable).update(
        state=State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return Outcome(TAKEN, 0)
    ours = scope.filter(state=State.SENDING, claimed_at=now)
    own_connection = connection is None
    connection = connection or Connection()
    try:
        try:
            message = build(ours)
        except Skip as reason:
            ours.update(state=State.SKIPPED, last_error=str(reason))
            return Outcome(State.SKIPPED, claimed)
        connection.send(message)
    except Exception as error:
        attempts = max(ours.values_list("attempts", flat=True), default=0)
        out_of_attempts = final_attempt or attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        if is_transient(error) and not out_of_attempts:
            ours.update(
                state=State.PENDING, last_error=_describe_error(error), queued_at=timezone.now()
            )
            raise
        log.warning("%s row(s) failed for good: %s", scope.model.__name__, error)
        ours.update(state=State.FAILED, last_error=_describe_error(error), **forget)
        return Outcome(State.FAILED, claimed)
    finally:
        if own_connection:
            connection.close()
    ours.update(state=State.SENT, sent_at=timezone.now(), last_error="", **forget)
    return Outcome(State.SENT, claimed)


def deliver_each(
    ids: Iterable[int], deliver_one: Callable[..., str], *, final_attempt: bool = False
) -> dict:
    """Deliver a batch over one connection. A transient error stops the batch and is re-raised:
    the retry runs the whole batch again, and the rows already sent are not taken twice."""
    counts: dict[str, int] = {}
    connection = Connection()
    try:
        for pk in ids:
            outcome = deliver_one(pk, connection=connection, final_attempt=final_attempt)
            counts[outcome] = counts.get(outcome, 0) + 1
    finally:
        connection.close()
    return counts


# --- notifications, one email each ---------------------------------------------------------------


def _notification_email(claimed: QuerySet) -> EmailMessage:
    notification = claimed.select_related("recipient", "actor", "channel").get()
    recipient = notification.recipient
    if not recipient.email or not recipient.is_active:
        raise Skip("No email address or inactive account.")
    return emails.notification_message(notification)


def notification_deliver(
    notification_id: int, *, connection: Connection | None = None, final_attempt: bool = False
) -> str:
    """Email one immediate notification at most once. Returns the row's state, or "taken"."""
    scope = Notification.objects.filter(pk=notification_id, email_mode=Delivery.IMMEDIATE)
    return claim_send_mark(
        scope=scope, build=_notification_email, connection=connection, final_attempt=final_attempt
    ).state


def notifications_deliver(*, notification_ids: list[int], final_attempt: bool = False) -> dict:
    return deliver_each(notification_ids, notification_deliver, final_attempt=final_attempt)


# --- the daily digest ----------------------------------------------------------------------------


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


def _digest_email(claimed: QuerySet) -> EmailMessage:
    rows = list(
        claimed.select_related("recipient", "actor", "channel").order_by("created_at", "id")
    )
    recipient = rows[0].recipient
    if not recipient.email or not recipient.is_active:
        raise Skip("No email address or inactive account.")
    return emails.digest_message(recipient, rows)


def digest_send(*, user_id: int, final_attempt: bool = False) -> int:
    """Email a user's waiting digest rows in one message; returns how many it carried.

    The rows are claimed together, so a row is in at most one digest even if two runs overlap,
    and rows written while sending wait for the next digest. A digest claim never goes stale
    here: the sweep puts such rows back to pending for the next digest.
    """
    scope = Notification.objects.filter(recipient_id=user_id, email_mode=Delivery.DIGEST)
    outcome = claim_send_mark(
        scope=scope, build=_digest_email, take_stale_claims=False, final_attempt=final_attempt
    )
    return outcome.rows if outcome.state == State.SENT else 0


# --- account emails ------------------------------------------------------------------------------


def _account_email(claimed: QuerySet) -> EmailMessage:
    return emails.outbound_message(claimed.get())


def outbound_deliver(
    email_id: int, *, connection: Connection | None = None, final_attempt: bool = False
) -> str:
    """Send one queued account email at most once. Returns the row's state, or "taken".

    Once sent (or failed for good) the bodies are blanked: they can hold a password-reset or
    verification link, which should not outlive its one use in a table or a backup.
    """
    scope = OutboundEmail.objects.filter(pk=email_id)
    return claim_send_mark(
        scope=scope,
        build=_account_email,
        forget_when_done={"text_body": "", "html_body": ""},
        connection=connection,
        final_attempt=final_attempt,
    ).state


def outbound_deliver_many(*, email_ids: list[int], final_attempt: bool = False) -> dict:
    return deliver_each(email_ids, outbound_deliver, final_attempt=final_attempt)


# --- the sweep -----------------------------------------------------------------------------------


def _take_stale(rows: QuerySet, *, now: datetime) -> list[int]:
    """Rows left pending or sending past the stale limit, stamped as queued again now."""
    stale = _stale_before(now)
    stuck = rows.filter(
        Q(state=State.PENDING, queued_at__lt=stale)
        | Q(state=State.PENDING, queued_at__isnull=True)
        | Q(state=State.SENDING, claimed_at__lt=stale)
    )
    ids = list(
        stuck.order_by("id").values_list("pk", flat=True)[: settings.NOTIFICATIONS_SWEEP_LIMIT]
    )
    if ids:
        rows.filter(pk__in=ids).update(queued_at=now)
    return ids


def stale_notification_ids(*, now: datetime | None = None) -> list[int]:
    """Immediate rows a lost broker message or a killed worker left behind, to enqueue again.

    Re-enqueued rows get a new queued_at, so the next sweep leaves them be. Digest rows stuck
    in sending go back to pending for the next digest.
    """
    now = now or timezone.now()
    ids = _take_stale(Notification.objects.filter(email_mode=Delivery.IMMEDIATE), now=now)
    Notification.objects.filter(
        email_mode=Delivery.DIGEST, state=State.SENDING, claimed_at__lt=_stale_before(now)
    ).update(state=State.PENDING)
    return ids


def stale_outbound_ids(*, now: datetime | None = None) -> list[int]:
    """Account emails a mail or broker outage left behind, to enqueue again."""
    return _take_stale(OutboundEmail.objects.all(), now=now or timezone.now())
