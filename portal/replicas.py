"""Read replicas: which reads may go to a PostgreSQL streaming replica, and which replica.

DATABASE_REPLICA_URLS adds aliases `replica_1`, `replica_2`, … (none by default). Only the GET and
HEAD requests of the views decorated with `replica_reads` read
from a replica; everything else reads from the primary (`default`):

- every write, and every read after a write in the same request;
- every read inside a transaction (`atomic()` on the primary);
- every Celery task, management command and shell (nothing marks them for a replica);
- the access check of a channel page (`primary_reads()` in channels.permissions), so a member
  removed a second ago is not let in by a replica that has not heard of it yet;
- every request within REPLICA_PIN_SECONDS of a request of the same browser that wrote (the
  `REPLICA_PIN_COOKIE` cookie), so a person always sees their own writes.

A replica that does not answer, is not streaming from the primary, or lags more than
REPLICA_MAX_LAG_SECONDS is skipped until a later check (every REPLICA_CHECK_SECONDS, per process)
finds it well. A replica that fails in the middle of a page makes the page run again on the
primary.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger("portal.replicas")

PRIMARY = "default"
# Tables that always read from the primary: a session or login written a moment ago must be found.
PRIMARY_ONLY_APPS = frozenset({"sessions"})


@dataclass
class _Route:
    replica: str | None = None  # the alias this request may read from, if any
    wrote: bool = False
    forced_primary: int = 0  # depth of primary_reads() blocks
    used: set = field(default_factory=set)  # aliases this request read from


_route: contextvars.ContextVar[_Route | None] = contextvars.ContextVar(
    "replica_route", default=None
)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


# Health, per process ---------------------------------------------------------------------------

LAG_SQL = """
SELECT pg_is_in_recovery(),
       (SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


@dataclass
class Health:
    ok: bool
    checked: float
    lag_seconds: float | None = None
    error: str = ""

    def as_dict(self) -> dict:
        answer = {"ok": self.ok, "lag_seconds": self.lag_seconds}
        if self.error:
            answer["error"] = self.error
        return answer


_health: dict[str, Health] = {}
_health_lock = threading.Lock()


def check_replica(alias: str) -> Health:
    """Ask one replica whether it is streaming and how far behind it is; never raises."""
    now = time.monotonic()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, streaming, lag = cursor.fetchone()
    except Exception as error:  # a replica that is down must not take the page down
        connections[alias].close()
        return Health(ok=False, checked=now, error=type(error).__name__)
    lag = round(float(lag), 3)
    if not in_recovery:
        return Health(ok=False, checked=now, lag_seconds=lag, error="not a replica")
    if not streaming:
        return Health(ok=False, checked=now, lag_seconds=lag, error="not streaming")
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return Health(ok=False, checked=now, lag_seconds=lag, error="lagging")
    return Health(ok=True, checked=now, lag_seconds=lag)


def replica_health(alias: str, *, fresh: bool = False) -> Health:
    with _health_lock:
        known = _health.get(alias)
    if fresh or known is None or time.monotonic() - known.checked >= settings.REPLICA_CHECK_SECONDS:
        known = check_replica(alias)
        if not known.ok:
            log.warning("replica %s skipped: %s", alias, known.error)
        with _health_lock:
            _health[alias] = known
    return known


def mark_down(alias: str, error: str) -> None:
    with _health_lock:
        _health[alias] = Health(ok=False, checked=time.monotonic(), error=error)
    log.warning(
        "replica %s failed during a request (%s): skipped until the next check", alias, error
    )


def healthy_replica() -> str | None:
    """A replica that answered its last check well, chosen at random; None when there is none."""
    aliases = replica_aliases()
    random.shuffle(aliases)
    for alias in aliases:
        if replica_health(alias).ok:
            return alias
    return None


# Routing ---------------------------------------------------------------------------------------


@contextmanager
def primary_reads():
    """Inside this block every read goes to the primary (authorization data, for one)."""
    route = _route.get()
    if route is None:
        yield
        return
    route.forced_primary += 1
    try:
        yield
    finally:
        route.forced_primary -= 1


def replica_reads(view):
    """Mark a public, read-only view whose GETs may read from a replica: the view declares it,
    no central list does. Put it outermost (above the other decorators)."""
    view.replica_reads = True
    return view


class ReplicaRouter:
    """Django database router: see the module's docstring for the rules."""

    def db_for_read(self, model, **hints):
        route = _route.get()
        if (
            route is None
            or route.replica is None
            or route.wrote
            or route.forced_primary
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        route.used.add(route.replica)
        return route.replica

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is not None:
            route.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # replicas copy the primary; nothing migrates them


def view_may_use_replica(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or request.method not in ("GET", "HEAD"):
        return False
    func = match.func
    if getattr(func, "channel_private", False):
        return False  # a team page is never read from a replica, however it is marked
    return bool(getattr(func, "replica_reads", False))


class ReplicaMiddleware:
    """Route the reads of listed public views to a healthy replica, and pin writers to the
    primary for REPLICA_PIN_SECONDS. Does nothing without DATABASE_REPLICA_URLS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(replica_aliases())

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        route = _Route()
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if route.wrote:
            response.set_cookie(
                settings.REPLICA_PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        if settings.DEBUG or getattr(settings, "REPLICA_DEBUG_HEADER", False):
            response["X-Database"] = ",".join(sorted(route.used)) or PRIMARY
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        route = _route.get()
        if route is None or request.COOKIES.get(settings.REPLICA_PIN_COOKIE):
            return None
        if view_may_use_replica(request):
            route.replica = healthy_replica()
        return None

    def process_exception(self, request, exception):
        """A replica that failed mid-page: skip it and run the (read-only) view on the primary."""
        route = _route.get()
        if route is None or route.replica is None or not isinstance(exception, DatabaseError):
            return None
        failed = route.replica
        if failed not in route.used:
            return None  # the primary failed, not the replica: nothing to retry
        mark_down(failed, type(exception).__name__)
        with contextlib.suppress(Exception):  # the connection may be as broken as its server
            connections[failed].close()
        route.replica = None
        route.used.discard(failed)
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)
