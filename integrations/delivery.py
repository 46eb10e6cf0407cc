"""The outbox: rows written in the event's transaction, attempts made by the worker.

An attempt claims its row (a short lease), sends, logs the attempt and decides: delivered,
try again later (timeouts, connection errors, 429 honouring Retry-After, 5xx), or give up
(another 4xx, or the retry window of WEBHOOKS_RETRY_HOURS is over). Every attempt of one
delivery carries the same `webhook-id`. An endpoint failing for WEBHOOKS_DISABLE_AFTER_DAYS
is turned off and the people who manage integrations are told.
"""

import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import formats, sending
from .catalogue import test_payload
from .failing import endpoint_disable_failing
from .models import Attempt, Delivery, DeliveryState, EndpointKind

BACKOFF = [10, 30, 120, 600, 1800, 3600, 7200, 14400, 28800]  # then every 8 hours


def new_webhook_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def backoff(attempts: int) -> int:
    return BACKOFF[min(attempts - 1, len(BACKOFF) - 1)]


def envelope(delivery) -> dict:
    if delivery.event_id is None:
        body = test_payload(delivery.endpoint.channel)
        body["occurred_at"] = delivery.created_at.isoformat()
    else:
        body = dict(delivery.event.payload)
        body["occurred_at"] = delivery.event.occurred_at.isoformat()
        body["event_id"] = delivery.event_id
    return body


def request_for(delivery) -> tuple[bytes, dict]:
    endpoint = delivery.endpoint
    data = envelope(delivery)
    if endpoint.kind == EndpointKind.DISCORD:
        return json.dumps(formats.discord_body(data, endpoint.mention_role)).encode(), {}
    body = json.dumps({"type": data["type"], "timestamp": data["occurred_at"], "data": data})
    body = body.encode()
    now = timezone.now()
    live = [endpoint.secret]
    if endpoint.previous_secret and (endpoint.previous_secret_until or now) > now:
        live.append(endpoint.previous_secret)
    return body, formats.signed_headers(live, delivery.webhook_id, int(now.timestamp()), body)


def _claim(delivery_id: int):
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, state=DeliveryState.PENDING)
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
            .first()
        )
        if delivery is None:
            return None
        delivery.locked_until = now + timedelta(seconds=settings.WEBHOOKS_LEASE_SECONDS)
        delivery.save(update_fields=["locked_until"])
    return delivery


def attempt(delivery_id: int) -> str:
    """One attempt of one delivery. Returns its outcome; safe to run twice."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return "skipped"
    endpoint = delivery.endpoint
    if not endpoint.is_enabled:
        Delivery.objects.filter(pk=delivery.pk).update(locked_until=None)
        return "endpoint off"
    body, headers = request_for(delivery)
    answer = sending.post(endpoint.url, body, headers)
    now = timezone.now()
    ok = answer.status is not None and 200 <= answer.status < 300
    retryable = answer.status is None or answer.status == 429 or answer.status >= 500
    with transaction.atomic():
        Attempt.objects.create(
            channel_id=delivery.channel_id,
            delivery=delivery,
            at=now,
            status_code=answer.status,
            duration_ms=answer.duration_ms,
            error=answer.error[:200],
            excerpt=answer.excerpt[:200],
        )
        delivery.attempts += 1
        delivery.locked_until = None
        if ok:
            delivery.state = DeliveryState.DELIVERED
            delivery.delivered_at = now
            outcome = "delivered"
        elif retryable and now < delivery.created_at + timedelta(
            hours=settings.WEBHOOKS_RETRY_HOURS
        ):
            wait = backoff(delivery.attempts)
            if answer.status == 429 and answer.retry_after:
                wait = max(wait, answer.retry_after)
            delivery.next_attempt_at = now + timedelta(seconds=wait)
            outcome = "retry"
        else:
            delivery.state = DeliveryState.FAILED
            outcome = "failed"
        delivery.save()
        if not delivery.is_test:
            _track_health(endpoint, ok=ok, now=now)
    return outcome


def _track_health(endpoint, *, ok: bool, now) -> None:
    if ok:
        if endpoint.failing_since is not None:
            type(endpoint).objects.filter(pk=endpoint.pk).update(failing_since=None)
        return
    if endpoint.failing_since is None:
        type(endpoint).objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
            failing_since=now
        )
    elif now - endpoint.failing_since >= timedelta(days=settings.WEBHOOKS_DISABLE_AFTER_DAYS):
        endpoint_disable_failing(endpoint)


def due(limit: int = 500) -> list[int]:
    now = timezone.now()
    return list(
        Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .filter(endpoint__is_enabled=True)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
