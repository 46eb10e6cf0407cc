"""A task executed by a real worker process, through Redis."""

import pytest

from portal import health
from portal.tasks import health_ping

pytestmark = pytest.mark.worker


def test_a_real_worker_runs_the_health_task(celery_worker_process):
    result = health_ping.delay()
    assert result.get(timeout=30)  # an ISO timestamp written by the worker
    assert health.check_worker()["ok"] is True


def test_healthz_reports_the_worker(client, celery_worker_process, settings):
    settings.HEALTHZ_TOKEN = "monitor-token-123"
    headers = {"Authorization": "Bearer monitor-token-123"}
    body = client.get("/healthz?worker=1", headers=headers).json()
    assert body["worker"]["ok"] is True
    assert body["broker"] == {"ok": True, "mode": "broker", "ms": body["broker"]["ms"]}


def test_health_reports_a_missing_worker(redis_broker, db):
    assert health.check_worker(timeout=1)["ok"] is False
