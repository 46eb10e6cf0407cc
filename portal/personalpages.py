"""Signed-in pages from the shared cache, one copy per person, stale after any change they may
show.

A page a signed-in person reads often and that changes seldom (the dashboard, the hub, a
team's pages) declares itself once, from its app's plug-in module:

    personalpages.register_page(name="channels.team")               # a /c/<slug>/ page
    personalpages.register_page(
        name="portal.dashboard",
        channels=member_channel_ids,         # the channels it shows, for a page outside /c/
        stale_on=lambda: panels.events_shown(panels.dashboard_panels),
    )

and its view wears the matching decorator, below `channel_view` (who may see the page is
always decided afresh; only what they are shown comes from the cache):

    @require_GET
    @channel_view(Capability.MANAGE_TEAM)
    @personalpages.personal_page("channels.team")
    def team(request): ...

A copy is keyed by the person, the URL, the language and time zone, the htmx headers, the
CSRF cookie (the page's forms carry a token for it) and the generations of everything it may
show. It goes stale (its generation moves) after:
- any domain event in a channel it shows, and any event that has no channel (a person-level
  fact such as a profile change);
- the events the page declares in `stale_on`: what it shows from elsewhere than the person's
  channels (openings on the board, invitations and applications to other channels);
- any write the person makes (a POST, PUT, PATCH or DELETE that succeeds): the channel of the
  URL, or everyone's pages for a write outside a channel's area (a profile, the admin), since
  not every write is a domain event (a training item marked done, an exercise attempt); and
  any request that changed their session, for their own pages;
- `timeout` seconds (one minute by default): the bound for what changes with no request or
  event (time passing, a scheduled task, a direct database edit); sooner when what the page
  shows says when it changes by itself (`changes_at(when)`: a cool-down that ends).

A request is never served a copy, nor is its page stored, when it carries a message to show
(after a redirect), a credential other than the session, or when the page set a cookie,
changed the session or was not a 200. Responses carry an ETag (a conditional request that
still matches gets 304), `Cache-Control: private, no-cache` and `Vary: Cookie, HX-Request,
Accept-Language`: no shared cache between the person and the portal ever keeps them.

Signed-out visitors are portal/pagecache.py's; this module is part of the base layer too.
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import events, pagecache
from .registry import Registry

DEFAULT_TIMEOUT = 60
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
EVERYONE = "pagecache:pgen:everyone"


@dataclass(frozen=True)
class PersonalPage:
    """A signed-in page kept per person. `channels(user)` gives the ids of the channels a
    page outside /c/<slug>/ shows; `stale_on` (a tuple, or a function returning the names,
    for a page gathering other apps' registrations) the events from elsewhere that change it."""

    name: str
    channels: Callable[..., Iterable[int]] | None = None
    stale_on: tuple[str, ...] | Callable[[], Iterable[str]] = ()
    timeout: int = DEFAULT_TIMEOUT

    def __post_init__(self):
        if not callable(self.stale_on):
            object.__setattr__(self, "stale_on", tuple(self.stale_on))
        if self.timeout <= 0:
            raise ValueError(f"A personal page expires after some seconds: {self.name}")

    def events(self) -> frozenset[str]:
        return frozenset(self.stale_on() if callable(self.stale_on) else self.stale_on)


pages: Registry[PersonalPage] = Registry("personal page")


def register_page(
    *,
    name: str,
    channels: Callable[..., Iterable[int]] | None = None,
    stale_on: tuple[str, ...] | Callable[[], Iterable[str]] = (),
    timeout: int = DEFAULT_TIMEOUT,
) -> PersonalPage:
    """Declare a signed-in page kept per person (from the app's plugin.py)."""
    return pages.register(
        PersonalPage(name=name, channels=channels, stale_on=stale_on, timeout=timeout)
    )


# --- generations ------------------------------------------------------------------------------


def channel_key(channel_id: int) -> str:
    return f"pagecache:pgen:channel:{channel_id}"


def person_key(user_id: int) -> str:
    return f"pagecache:pgen:person:{user_id}"


def page_key(name: str) -> str:
    return f"pagecache:pgen:page:{name}"


def make_stale(*keys: str) -> None:
    """Every copy keyed by one of these generations is stale from now on (the generations
    never expire: were one to, copies of an earlier one could be read again)."""
    if keys:
        token = secrets.token_hex(6)
        cache.set_many(dict.fromkeys(keys, token), None)


def make_stale_on_event(occurrence: events.Occurrence) -> None:
    """Subscribed to every event, in the transaction and on commit (portal/pages/plugin.py)."""
    channel = occurrence.channel
    keys = [channel_key(channel.pk) if channel is not None else EVERYONE]
    keys += [page_key(page.name) for page in pages if occurrence.name in page.events()]
    make_stale(*keys)


def make_stale_after_write(request, response) -> None:
    """A signed-in person's write that succeeded: their own pages, and the pages of the
    channel it was made in (or everyone's, for a write outside a channel's area). A request
    of any method that changed their session makes their own pages stale (a page may show
    what the session holds: the invitation link they opened)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    if request.method not in WRITES:
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            make_stale(person_key(user.pk))
        return
    if response.status_code >= 400:
        return
    channel = getattr(request, "channel", None)  # set by channel_view for a /c/<slug>/ page
    make_stale(person_key(user.pk), channel_key(channel.pk) if channel is not None else EVERYONE)


class WritesMakeStaleMiddleware:
    """After AuthenticationMiddleware: see `make_stale_after_write`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        make_stale_after_write(request, response)
        return response


# --- what changes by itself -------------------------------------------------------------------

_changes_at: ContextVar[datetime | None] = ContextVar("personal_page_changes_at", default=None)


def changes_at(when: datetime | None) -> None:
    """What is being rendered changes by itself at `when` (a cool-down ends): a copy of the page
    being rendered is kept no longer than that. Harmless outside a personal page."""
    if when is None:
        return
    current = _changes_at.get()
    if current is None or when < current:
        _changes_at.set(when)


def _lifetime(page: PersonalPage, changes: datetime | None) -> int:
    """Seconds to keep the copy: the page's timeout, or less; 0 when it has already changed."""
    if changes is None:
        return page.timeout
    return max(0, min(page.timeout, math.ceil((changes - timezone.now()).total_seconds())))


# --- the cached copy --------------------------------------------------------------------------


def _pending_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(messages.get_messages(request)) > 0


def copy_allowed(request) -> bool:
    """A signed-in GET with no message waiting to be shown and no credential but the
    session."""
    user = getattr(request, "user", None)
    if request.method != "GET" or user is None or not user.is_authenticated:
        return False
    if request.META.get("HTTP_AUTHORIZATION") or _pending_messages(request):
        return False
    return bool(request.COOKIES.get(settings.CSRF_COOKIE_NAME))


def _copy_key(page: PersonalPage, request) -> str:
    channel = getattr(request, "channel", None)
    if channel is not None:
        ids = [channel.pk]
    elif page.channels is not None:
        ids = sorted(page.channels(request.user))
    else:
        ids = []
    keys = [EVERYONE, page_key(page.name), person_key(request.user.pk)]
    keys += [channel_key(channel_id) for channel_id in ids]
    found = cache.get_many(keys)
    raw = "\x1f".join(
        [
            page.name,
            *(f"{key}={found.get(key, '0')}" for key in keys),
            str(request.user.pk),
            timezone.get_current_timezone_name(),
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            *pagecache.request_parts(request),
        ]
    )
    return f"pagecache:person:{hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # Django re-sends the CSRF cookie whenever a page uses its token, to renew its expiry; a
    # copy is stored only when that token is for the cookie the request came with.
    if request.META.get("CSRF_COOKIE") != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    return not (storage is not None and storage.used)


def _private(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, pagecache.VARY)
    patch_cache_control(response, private=True)
    return response


def personal_page(name: str):
    """Serve the view's page to its signed-in reader from their own cached copy (see the
    module's docstring). Put it below the decorators that decide who may see the page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            page = pages[name]
            if not settings.PAGE_CACHE or not copy_allowed(request):
                return _private(view(request, *args, **kwargs))
            key = _copy_key(page, request)
            stored = cache.get(key)
            if stored is not None:
                response = pagecache.response_from(stored)
                return pagecache.copy_response(request, response, stored, "hit", private=True)
            reset = _changes_at.set(None)
            try:
                response = view(request, *args, **kwargs)
                lifetime = _lifetime(page, _changes_at.get())
            finally:
                _changes_at.reset(reset)
            if not lifetime or not _storable(request, response):
                return _private(response)
            stored = pagecache.stored_copy(response, tag="u")
            cache.set(key, stored, lifetime)
            return pagecache.copy_response(request, response, stored, "miss", private=True)

        wrapper.personal_page = name
        return wrapper

    return decorator
