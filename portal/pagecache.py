"""Public pages from the shared cache, made stale by the domain events that change them.

A page declares itself once, from its app's plug-in module, with the events after which what
it shows may have changed:

    pagecache.register_page(
        name="norms.rules",
        stale_on=(NormsAction.PUBLISHED, "channel.updated"),
        per_channel=True,               # keyed by the URL's channel slug
    )

and its view wears the matching decorator, outermost:

    @pagecache.public_page("norms.rules")
    @replica_reads
    @require_GET
    @channel_view(public=True)
    def rules(request): ...

For a signed-out visitor (a GET with no cookie but the CSRF and language ones, no
Authorization header), the response is read from the cache (shared by every web process, Redis
in production), keyed by what the page shows: the path, the query, the language, the htmx
request headers and the page's generation. On a miss the view renders once, from the primary,
and its 200 is stored, unless it carries something of one visitor's (a cookie it sets, a CSRF
token it used, a session it wrote): such a response is served but never stored. Every response
carries an ETag and Last-Modified, a conditional request that still matches gets 304, and
`Vary: Cookie, HX-Request, Accept-Language`. A signed-in visitor never reads or fills the cache:
their page is rendered for them as before (`Cache-Control: private`).

Staleness: an event subscriber (in the change's transaction and again on commit) moves the
generation of every page that declared the event, for the event's channel when the page is per
channel (for every channel when the event has none, a person-level fact), so the next request
misses and renders fresh. Entries also
expire after the page's `timeout` (five minutes by default): the bound for what changes with no
event (a closing date that passes, an admin edit outside the services).

Templates know a cached render by `request.public_page`: the base layout leaves the per-visitor
CSRF token out of `hx-headers` then. This module is part of the base layer: it imports no app.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from . import events
from .registry import Registry
from .replicas import primary_reads

DEFAULT_TIMEOUT = 300
VARY = ("Cookie", "HX-Request", "Accept-Language")
# The request headers a cached copy is keyed by besides the URL and the language: htmx asks
# for fragments with them.
HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_TRIGGER", "HTTP_HX_BOOSTED")
# Response headers a stored copy keeps (the middleware adds the rest again on every request).
KEPT_HEADERS = ("Content-Type", "Content-Language")


@dataclass(frozen=True)
class CachedPage:
    """A public page served from the shared cache to signed-out visitors.

    `stale_on` names the domain events after which the page may show something else;
    `per_channel` pages are keyed by the URL's `slug` and made stale by their channel's events
    only."""

    name: str
    stale_on: tuple[str, ...]
    per_channel: bool = False
    timeout: int = DEFAULT_TIMEOUT

    def __post_init__(self):
        object.__setattr__(self, "stale_on", tuple(self.stale_on))
        if not self.stale_on:
            raise ValueError(f"A cached page declares the events that make it stale: {self.name}")
        if self.timeout <= 0:
            raise ValueError(f"A cached page expires after some seconds: {self.name}")


pages: Registry[CachedPage] = Registry("cached page")


def register_page(
    *,
    name: str,
    stale_on,
    per_channel: bool = False,
    timeout: int = DEFAULT_TIMEOUT,
) -> CachedPage:
    """Declare a cached public page (from the app's plugin.py)."""
    return pages.register(
        CachedPage(name=name, stale_on=stale_on, per_channel=per_channel, timeout=timeout)
    )


def pages_stale_on(event_name: str) -> list[CachedPage]:
    return [page for page in pages if event_name in page.stale_on]


# --- generations ------------------------------------------------------------------------------


def _generation_key(name: str, scope: str | None) -> str:
    return f"pagecache:gen:{name}" if scope is None else f"pagecache:gen:{name}:{scope}"


def generation(page: CachedPage, scope: str | None = None) -> str:
    """The page's current generation (for one channel's slug when it is per channel): one
    round trip to the cache."""
    keys = [_generation_key(page.name, None)]
    if page.per_channel and scope is not None:
        keys.append(_generation_key(page.name, scope))
    found = cache.get_many(keys)
    return ".".join(str(found.get(key, "0")) for key in keys)


def make_stale(name: str, scope: str | None = None) -> None:
    """Every cached copy of the page (of one channel's, with `scope`) is stale from now on."""
    page = pages[name]
    # Kept without expiry (a few bytes per page and channel): were it to expire, the copies
    # of the first generation would be read again.
    cache.set(_generation_key(page.name, scope), secrets.token_hex(6), None)


def _channel_slugs(occurrence: events.Occurrence) -> set[str]:
    slugs = set()
    if occurrence.channel is not None:
        slugs.add(occurrence.channel.slug)
    for data in (occurrence.before, occurrence.after):
        slug = data.get("slug") if data else None
        if isinstance(slug, str) and slug:
            slugs.add(slug)  # a channel that changed its address: the old one goes stale too
    return slugs


def make_stale_on_event(occurrence: events.Occurrence) -> None:
    """After a change commits, the pages that declared its event render fresh next time
    (subscribed to every event, in the transaction and on commit, from
    portal/pages/plugin.py)."""
    for page in pages_stale_on(occurrence.name):
        slugs = _channel_slugs(occurrence) if page.per_channel else set()
        if not slugs:
            make_stale(page.name)
        for slug in slugs:
            make_stale(page.name, slug)


@dataclass(frozen=True)
class Fragment:
    """Something a page builds (a body, a section), kept until the page goes stale: read with
    `fragment_get`, stored with `fragment_set`."""

    key: str
    generation: str
    value: object = None


def fragment_get(name: str, scope: str | None, *parts) -> Fragment:
    """The fragment for these parts, if one was stored under the page's current generation:
    one round trip to the cache, for the generation and the fragment together."""
    page = pages[name]
    raw = "\x1f".join([page.name, str(scope), *(str(part) for part in parts)])
    key = f"pagecache:part:{hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()}"
    generations = [_generation_key(page.name, None)]
    if page.per_channel and scope is not None:
        generations.append(_generation_key(page.name, scope))
    found = cache.get_many([*generations, key])
    current = ".".join(str(found.get(gen, "0")) for gen in generations)
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == current:
        return Fragment(key=key, generation=current, value=stored[1])
    return Fragment(key=key, generation=current)


def fragment_set(fragment: Fragment, value, timeout: int) -> None:
    """Store `value` for the generation `fragment` was read under: if the page went stale
    since, the next read sees a newer generation and builds afresh."""
    cache.set(fragment.key, (fragment.generation, value), timeout)


# --- who may be served a shared copy ----------------------------------------------------------


def _shared_cookies() -> frozenset[str]:
    """Cookies that say nothing about who the visitor is: the CSRF secret (never rendered
    into a cached copy) and the language choice (part of the key)."""
    return frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def shared_copy_allowed(request) -> bool:
    """A signed-out GET carrying nothing personal: no session or other cookie, no credentials."""
    if request.method != "GET":
        return False
    if set(request.COOKIES) - _shared_cookies():
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def request_parts(request) -> list[str]:
    """What of a request a cached copy is keyed by, for both caches: the path, the query (in
    a stable order), the language and the htmx request headers."""
    query = "&".join(
        f"{name}={value}" for name, values in sorted(request.GET.lists()) for value in values
    )
    htmx = [request.META.get(header, "") for header in HTMX_HEADERS]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return [request.path, query, language, *htmx]


def _page_key(page: CachedPage, scope: str | None, request) -> str:
    raw = "\x1f".join([page.name, generation(page, scope), *request_parts(request)])
    return f"pagecache:page:{hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()}"


def _storable(request, response) -> bool:
    """Nothing of one visitor's is in the response: no cookie set, no CSRF token rendered, no
    session written, nothing marked private."""
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def stored_copy(response, *, tag: str = "p") -> dict:
    """What a cache keeps of a response: its body, the headers worth keeping, an ETag (a hash
    of the body, `tag` telling the caches' ETags apart) and when it was made."""
    content = response.content
    return {
        "content": content,
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "etag": f'"{tag}-{hashlib.blake2b(content, digest_size=12).hexdigest()}"',
        "modified": int(time.time()),
    }


def response_from(stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response[name] = value
    return response


def copy_response(request, response: HttpResponse, stored: dict, state: str, *, private=False):
    """The response for a copy (`state`: hit or miss), with its validators and caching headers,
    or a 304 when the request's still match. A `private` copy is one person's."""
    cache_control = {"no_cache": True, **({"private": True} if private else {})}
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(stored["modified"])
    conditional = get_conditional_response(
        request, etag=stored["etag"], last_modified=stored["modified"], response=response
    )
    if conditional is not None:
        response = conditional
    response["X-Page-Cache"] = state
    patch_cache_control(response, **cache_control)
    patch_vary_headers(response, VARY)
    return response


def public_page(name: str):
    """Serve the view's page to signed-out visitors from the shared cache (see the module's
    docstring). Put it outermost, above the other decorators; `name` is a registered page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            page = pages[name]
            if not settings.PAGE_CACHE:
                return view(request, *args, **kwargs)
            if not shared_copy_allowed(request):
                response = view(request, *args, **kwargs)
                patch_vary_headers(response, VARY)
                if request.method in ("GET", "HEAD"):
                    patch_cache_control(response, private=True)
                return response
            scope = kwargs.get("slug") if page.per_channel else None
            key = _page_key(page, scope, request)
            stored = cache.get(key)
            if stored is not None:
                return copy_response(request, response_from(stored), stored, "hit")
            request.public_page = True  # the templates leave out per-visitor parts
            with primary_reads():  # a copy many will read is never rendered from a replica
                response = view(request, *args, **kwargs)
            if not _storable(request, response):
                patch_vary_headers(response, VARY)
                return response
            stored = stored_copy(response)
            cache.set(key, stored, page.timeout)
            return copy_response(request, response, stored, "miss")

        wrapper.cached_page = name
        return wrapper

    return decorator
