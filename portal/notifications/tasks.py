"""Celery entry points: load by id, call a service. Safe to run twice; see services.py."""

from celery import shared_task
from django.conf import settings

from . import services

RETRY = {
    # smtplib's errors are OSErrors; the services re-raise only the transient ones.
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
    return services.notifications_deliver(notification_ids=notification_ids, final_attempt=final)


@shared_task(name="notifications.sweep", acks_late=True)
def sweep() -> int:
    return services.notifications_requeue_stale()


@shared_task(name="notifications.digest_dispatch", acks_late=True)
def digest_dispatch() -> int:
    """Hourly: one digest task per user for whom it is digest time in their own time zone."""
    user_ids = services.digest_due_user_ids()
    for user_id in user_ids:
        digest_send.delay(user_id)
    return len(user_ids)


@shared_task(
    bind=True, name="notifications.digest_send", acks_late=True, reject_on_worker_lost=True, **RETRY
)
def digest_send(self, user_id: int) -> int:
    final = self.request.retries >= self.max_retries
    return services.digest_send(user_id=user_id, final_attempt=final)
