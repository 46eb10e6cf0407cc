"""The bot exports: answered from the channel's one NormSet row.

A conditional request (If-None-Match / If-Modified-Since) that still matches is answered 304
from the cached stamp (norms/stamps.py), or after one query when it is not cached, and no
rendering: these views are plain functions that touch neither the session nor the user, so a
bot polling every minute costs almost nothing.
"""

import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from channels.models import Channel
from portal.pagecache import fragment_get, fragment_set
from portal.replicas import replica_reads

from .exports import norm_keys, one_line, rules_json, rules_text
from .models import NormSet, NormVersion
from .stamps import body_get, body_keep, stamp_get, stamp_set

CACHE_CONTROL = "public, max-age=60"
BODY_TTL = 60 * 60 * 24
JSON, TEXT = "application/json", "text/plain; charset=utf-8"


def _stamp(slug: str, *, fresh: bool = False):
    """(version id, number, published at) of the channel's current version: from the cache,
    or one query."""
    row = None if fresh else stamp_get(slug)
    if row is None:
        row = (
            NormSet.objects.filter(channel__slug=slug, current_version__isnull=False)
            .values_list("current_version_id", "current_number", "current_published_at")
            .first()
        )
        if row is None:
            raise Http404
        stamp_set(slug, tuple(row))
    return row


def _not_modified(request, etag: str, modified: int) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and modified <= since


def _body_response(body: str, variant: str) -> HttpResponse:
    response = HttpResponse(body, content_type=JSON if variant == "json" else TEXT)
    response["X-Content-Type-Options"] = "nosniff"
    if variant == "json":
        response["Access-Control-Allow-Origin"] = "*"  # overlays read it from a browser
    return response


def _conditional(request, slug: str, variant: str, build, *, fresh: bool = False):
    """`build(channel, version)` returns the body, or raises Http404; bodies are cached per
    version, channel name and variant (versions never change)."""
    version_id, number, published_at = _stamp(slug, fresh=fresh)
    etag = f'"rules-{version_id}-{number}-{variant}"'
    modified = int(published_at.timestamp())
    if _not_modified(request, etag, modified):
        response = HttpResponseNotModified()
    elif (body := body_get(remembered := (slug, version_id, variant))) is not None:
        response = _body_response(body, variant)  # this process built or read it a moment ago
    elif (ready := fragment_get("norms.export", slug, version_id, variant)).value is not None:
        # The body as last built for this version, channel name and address: no query. The
        # page's generation moves when the channel changes or publishes (norms/plugin.py).
        body_keep(remembered, ready.value)
        response = _body_response(ready.value, variant)
    else:
        # The 200 path: one more query (the version's channel), and on a cold cache one for
        # the version and the rendering.
        of_version = NormVersion.objects.filter(pk=version_id).values("channel_id")
        channel = Channel.objects.filter(pk__in=of_version).only("slug", "name").first()
        if channel is None or channel.slug != slug:
            if fresh:
                raise Http404
            # A stamp cached before the channel's address changed: ask the database.
            return _conditional(request, slug, variant, build, fresh=True)
        name_hash = hashlib.sha256(channel.name.encode()).hexdigest()[:16]
        key = f"norms:export:{version_id}:{variant}:{name_hash}"
        body = cache.get(key)
        if body is None:
            version = NormVersion.objects.get(pk=version_id)
            body = build(channel, version)
            cache.set(key, body, BODY_TTL)
        fragment_set(ready, body, BODY_TTL)
        body_keep(remembered, body)
        response = _body_response(body, variant)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    return response


@replica_reads
@require_safe
def rules_json_view(request, slug):
    def build(channel: Channel, version: NormVersion) -> str:
        return json.dumps(rules_json(channel=channel, version=version), ensure_ascii=False)

    return _conditional(request, slug, "json", build)


@replica_reads
@require_safe
def rules_txt_view(request, slug):
    return _conditional(
        request, slug, "txt", lambda channel, version: rules_text(channel=channel, version=version)
    )


@replica_reads
@require_safe
def rule_txt_view(request, slug, number):
    def build(channel: Channel, version: NormVersion) -> str:
        if not 1 <= number <= len(version.norms):
            raise Http404
        return one_line(number, version.norms[number - 1])

    return _conditional(request, slug, f"txt{number}", build)


def rule_key_txt_view(request, slug, key):
    """`!rule spam`: the same line as rules/<number>.txt, found by the norm's key."""

    def build(channel: Channel, version: NormVersion) -> str:
        keys = norm_keys(version.norms)
        if key not in keys:
            raise Http404
        number = keys.index(key) + 1
        return one_line(number, version.norms[number - 1])

    return _conditional(request, slug, f"key-{key}", build)
