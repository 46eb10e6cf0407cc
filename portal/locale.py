"""A person's language and clock, for what is rendered outside their request: emails,
notification texts written by a worker, the digest.

Pages get the same through `portal.middleware.PersonalLocaleMiddleware`.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation


def zone_or_utc(name: str | None) -> zoneinfo.ZoneInfo:
    """The named zone; UTC for an empty or unknown name, which must never fail a delivery."""
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def language_of(user) -> str:
    """The language to write to `user` in: their saved one, else the site's default."""
    code = getattr(user, "language", "") or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


@contextmanager
def personal_locale(user) -> Iterator[None]:
    """Render inside this block in `user`'s language and time zone."""
    with (
        translation.override(language_of(user)),
        timezone.override(zone_or_utc(getattr(user, "time_zone", ""))),
    ):
        yield
