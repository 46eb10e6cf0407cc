"""The current version's stamp (version id, number, published at) per channel slug, kept in
the cache so a bot's conditional request usually costs no query at all, and one on a miss.

Two levels: each web process remembers a stamp for NORMS_STAMP_LOCAL_SECONDS (1 s by default,
0 in the tests), in front of the shared cache, which keeps it for STAMP_TTL. Publishing
writes the new stamp after its transaction commits. With Redis (production) every process
sees it within the local second; with the in-process development cache another process may
serve the old stamp until STAMP_TTL runs out, no longer than a shared cache may already keep
the export (Cache-Control: max-age=60).
"""

import time

from django.conf import settings
from django.core.cache import cache

STAMP_TTL = 60
LOCAL_MAX = 10_000  # slugs remembered per process before the memo starts over

_local: dict[str, tuple[float, tuple]] = {}


def stamp_key(slug: str) -> str:
    return f"norms:stamp:{slug}"


def stamp_get(slug: str):
    now = time.monotonic()
    remembered = _local.get(slug) if settings.NORMS_STAMP_LOCAL_SECONDS > 0 else None
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    stamp = cache.get(stamp_key(slug))
    if stamp is not None:
        _remember(slug, stamp, now)
    return stamp


def stamp_set(slug: str, stamp: tuple) -> None:
    cache.set(stamp_key(slug), stamp, STAMP_TTL)
    _remember(slug, stamp, time.monotonic())


def _remember(slug: str, stamp: tuple, now: float) -> None:
    _keep(_local, slug, stamp, now)


def _keep(memo: dict, key, value, now: float) -> None:
    seconds = settings.NORMS_STAMP_LOCAL_SECONDS
    if seconds <= 0:
        memo.pop(key, None)
        return
    if len(memo) >= LOCAL_MAX:
        memo.clear()
    memo[key] = (now + seconds, value)


# The bodies of the exports, remembered in the process for the same second as the stamps: a
# bot's 200 then costs what its 304 does. A body goes stale with the channel's name or address
# (its version never changes), which the stamp's second already allows for.
_bodies: dict[tuple, tuple[float, str]] = {}


def body_get(key: tuple) -> str | None:
    if settings.NORMS_STAMP_LOCAL_SECONDS <= 0:
        return None  # no memo (the tests): whatever an earlier setting left is not read
    remembered = _bodies.get(key)
    return remembered[1] if remembered is not None and remembered[0] > time.monotonic() else None


def body_keep(key: tuple, body: str) -> None:
    _keep(_bodies, key, body, time.monotonic())
