"""The spam guards of every service that sends one person's text to others: django-ratelimit
counting in the shared cache, so every web process agrees."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django_ratelimit.core import is_ratelimited

_waived: ContextVar[bool] = ContextVar("rate_limits_waived", default=False)


def over_limit(*, group: str, key: str, rate: str) -> bool:
    """Count one more action for `key` in `group` and say whether it goes over `rate`
    ("20/h"). Inside `rate_limits_waived()` nothing is counted and nothing is over."""
    if _waived.get():
        return False
    return is_ratelimited(
        None, group=group, key=lambda _group, _request: key, rate=rate, increment=True
    )


@contextmanager
def rate_limits_waived() -> Iterator[None]:
    """Seeding demo data acts for the demo people through the services, but it is not them
    writing: it neither uses up their limits in the shared cache nor stops at them. Only code
    enters this (the seed_demo command); no request does."""
    token = _waived.set(True)
    try:
        yield
    finally:
        _waived.reset(token)
