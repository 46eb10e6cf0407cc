"""Celery entry points: one attempt of one delivery, and the sweep that sends what is due
(retries, and whatever a lost message or a killed worker left behind)."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import delivery

log = logging.getLogger(__name__)


@shared_task(name="integrations.deliver", acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id: int) -> str:
    outcome = delivery.attempt(delivery_id)
    if outcome == "retry" and not deliver.request.is_eager:
        row = delivery.Delivery.objects.filter(pk=delivery_id).first()
        if row is not None:
            wait = max(0, (row.next_attempt_at - timezone.now()).total_seconds())
            deliver.apply_async((delivery_id,), countdown=wait)
    return outcome


@shared_task(name="integrations.sweep")
def sweep() -> int:
    pks = delivery.due()
    for pk in pks:
        deliver.delay(pk)
    return len(pks)


def enqueue(delivery_ids: list[int]) -> None:
    """After the caller's transaction commits; a broker outage is left to the sweep."""

    def send():
        for pk in delivery_ids:
            try:
                deliver.delay(pk)
            except Exception:
                log.warning("Could not enqueue webhook delivery %s; the sweep will.", pk)

    if delivery_ids:
        transaction.on_commit(send)
