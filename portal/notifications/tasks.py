"""Celery entry points and the functions that enqueue them. Safe to run twice; see delivery.py.

Imports flow one way: services enqueue through this module, and the tasks call delivery, which
imports no service and no task.
"""

import logging

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings

from . import delivery

log = logging.getLogger(__name__)

RETRY = {
    # smtplib's errors are OSErrors; delivery re-raises only the transient ones.
    "autoretry_for": (OSError,),
    "retry_backoff": 15,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": settings.NOTIFICATIONS_MAX_ATTEMPTS - 1,
}


@shared_task(
    bind=True, name="notifications.deliver", acks_late=True, reject_on_worker_lost=True, **RETRY
)
def deliver(self, notification_ids: list[int]) -> dict:
    final = self.request.retries >= self.max_retries
    return delivery.notifications_deliver(notification_ids=notification_ids, final_attempt=final)


@shared_task(
    bind=True,
    name="notifications.deliver_outbound",
    acks_late=True,
    reject_on_worker_lost=True,
    **RETRY,
)
def deliver_outbound(self, email_ids: list[int]) -> dict:
    final = self.request.retries >= self.max_retries
    return delivery.outbound_deliver_many(email_ids=email_ids, final_attempt=final)


def _enqueue(task, ids: list[int], *, what: str) -> int:
    """Send ids to the workers in chunks. A broker outage is logged; the sweep catches up."""
    chunk = max(1, settings.NOTIFICATIONS_DELIVERY_CHUNK)
    sent = 0
    for start in range(0, len(ids), chunk):
        try:
            task.delay(ids[start : start + chunk])
        except Retry as retry:
            # Tasks run in-process (no broker) and the first try met a transient error: the
            # rows wait as pending, and the sweep tries them again.
            log.warning("Delivering %s failed for now (%s); the sweep will retry.", what, retry)
            sent += 1
            continue
        except Exception:
            # The rows stay pending: the sweep enqueues them again later.
            log.warning(
                "Could not enqueue %d %s for delivery; the sweep will retry them.",
                len(ids) - start,
                what,
                exc_info=True,
            )
            break
        sent += 1
    return sent


def enqueue_delivery(notification_ids: list[int]) -> int:
    return _enqueue(deliver, notification_ids, what="notification(s)")


def enqueue_outbound(email_ids: list[int]) -> int:
    return _enqueue(deliver_outbound, email_ids, what="account email(s)")


@shared_task(name="notifications.sweep", acks_late=True)
def sweep() -> int:
    """Enqueue again the rows a lost broker message or a killed worker left unsent."""
    notification_ids = delivery.stale_notification_ids()
    email_ids = delivery.stale_outbound_ids()
    if notification_ids or email_ids:
        log.info(
            "Sweep: re-enqueuing %d notification(s) and %d account email(s).",
            len(notification_ids),
            len(email_ids),
        )
    enqueue_delivery(notification_ids)
    enqueue_outbound(email_ids)
    return len(notification_ids) + len(email_ids)


@shared_task(name="notifications.digest_dispatch", acks_late=True)
def digest_dispatch() -> int:
    """Hourly: one digest task per user for whom it is digest time in their own time zone."""
    user_ids = delivery.digest_due_user_ids()
    for user_id in user_ids:
        digest_send.delay(user_id)
    return len(user_ids)


@shared_task(
    bind=True, name="notifications.digest_send", acks_late=True, reject_on_worker_lost=True, **RETRY
)
def digest_send(self, user_id: int) -> int:
    final = self.request.retries >= self.max_retries
    return delivery.digest_send(user_id=user_id, final_attempt=final)
