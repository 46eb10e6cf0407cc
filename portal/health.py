"""Health checks for /healthz: the database, the broker, and optionally a worker round trip."""

import time

from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

from . import replicas
from .celery import app
from .tasks import health_ping


def is_trusted(request: HttpRequest) -> bool:
    """Staff, or a request with `Authorization: Bearer <HEALTHZ_TOKEN>` (constant-time compare)."""
    if request.user.is_authenticated and request.user.is_staff:
        return True
    token = settings.HEALTHZ_TOKEN
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and constant_time_compare(offered, token)


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "ms": round((time.monotonic() - started) * 1000, 1),
    }


def check_broker() -> dict:
    if app.conf.task_always_eager:
        return {"ok": True, "mode": "in-process"}
    started = time.monotonic()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return {"ok": False, "mode": "broker", "error": type(error).__name__}
    return {"ok": True, "mode": "broker", "ms": round((time.monotonic() - started) * 1000, 1)}


def check_worker(timeout: float = 5.0) -> dict:
    started = time.monotonic()
    try:
        result = health_ping.apply_async(expires=timeout)
        result.get(timeout=timeout, disable_sync_subtasks=False)
    except CeleryTimeout:
        return {"ok": False, "error": f"no worker answered within {timeout}s"}
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


def check_replicas() -> dict:
    """Each read replica, checked now: {alias: {ok, lag_seconds[, error]}}."""
    return {
        alias: replicas.replica_health(alias, fresh=True).as_dict()
        for alias in replicas.replica_aliases()
    }
