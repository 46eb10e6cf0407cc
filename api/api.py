"""The read API, /api/v1/: django-ninja, bearer tokens of one channel each (api/services.py).

Every operation names the channel in its path and goes through `_channel()`: a token of
another channel gets 404 (as if the channel did not exist), a token without the scope 403.
Reads carry an ETag and answer 304 to a matching If-None-Match.
"""

import hashlib

from django.http import Http404, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.security import HttpBearer

from channels.models import Capability, Membership, Role
from channels.selectors import team_list
from community.models import Announcement
from integrations.models import ChannelEvent, Level
from moderators.models import Application, Opening
from norms import selectors as norms_selectors
from norms.exports import keyed_norms
from norms.models import NormVersion
from portal.ratelimits import over_limit
from records import verification
from resources.selectors import team_completion

from . import schemas as s
from .models import Scope
from .pagination import MAX_KEY, PageQuery, cursor_page
from .services import token_authenticate

RATE = "300/m"  # per token


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    openapi_description = "A channel's API token: `Authorization: Bearer mpt_…`"

    def authenticate(self, request, token):
        found = token_authenticate(token)
        if found is None:
            return None
        if over_limit(group="api.token", key=str(found.pk), rate=RATE):
            raise RateLimited
        return found


class PortalAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        patch_vary_headers(response, ["Authorization"])
        if request.method == "GET" and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            response["Cache-Control"] = "private, no-cache"
            wanted = request.headers.get("If-None-Match", "")
            if etag in [tag.strip().removeprefix("W/") for tag in wanted.split(",")]:
                unchanged = HttpResponseNotModified()
                unchanged["ETag"] = etag
                patch_vary_headers(unchanged, ["Authorization"])
                return unchanged
        return response


api = PortalAPI(
    title="Modportal read API",
    version="1",
    description=(
        "Read a channel's team, norms, openings, applications, training progress and "
        "announcements with a token its owner created. Lists are paginated by cursor: pass "
        "the `next` of one page as `cursor` for the next. Reads carry an ETag."
    ),
    auth=TokenAuth(),
    urls_namespace="api_v1",
    docs_url=None,
    openapi_url="/openapi.json",
)


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(
        request, {"detail": _("Too many requests for this token: wait a minute.")}, status=429
    )
    response["Retry-After"] = "60"
    return response


ERRORS = {
    400: s.Error,
    401: s.Error,
    403: s.Error,
    404: s.Error,
    422: s.ValidationErrors,
    429: s.Error,
}


def _channel(request, slug: str, scope: Scope | None = None):
    token = request.auth
    if token.channel.slug != slug:
        raise Http404
    if scope is not None and scope not in token.scopes:
        raise HttpError(403, _("This token may not read that: it lacks the “%s” scope.") % scope)
    return token.channel


def _get(name, path, response, **kwargs):
    return api.get(path, response={200: response, **ERRORS}, url_name=name, **kwargs)


@_get("channel", "/channels/{slug}/", s.ChannelOut, summary="The channel")
def channel(request, slug: str):
    ch = _channel(request, slug)
    return {
        "slug": ch.slug,
        "name": ch.name,
        "platform": ch.platform,
        "platform_url": ch.platform_url,
        "description": ch.description,
        "languages": [str(code) for code in ch.languages or ()],
        "time_zone": ch.time_zone,
        "language": ch.language,
        "visibility": ch.visibility,
        "read_only": ch.is_read_only,
        "scopes": request.auth.scopes,
    }


@_get("team", "/channels/{slug}/team/", s.MemberPage, summary="Members and their roles")
def team(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.TEAM)

    def shape(rows):
        return [
            {
                "id": m.pk,
                "name": m.user.shown_name,
                "username": m.user.username,
                "is_owner": m.is_owner,
                "joined_at": m.joined_at,
                "roles": [{"id": r.pk, "name": r.name} for r in m.roles.all()],
            }
            for m in rows
        ]

    return cursor_page(team_list(channel=ch), cursor=page.cursor, limit=page.limit, shape=shape)


@_get("roles", "/channels/{slug}/roles/", s.RolePage, summary="The team's roles")
def roles(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.TEAM)

    def shape(rows):
        return [
            {
                "id": r.pk,
                "name": r.name,
                "description": r.description,
                "colour": r.colour,
                "position": r.position,
                "capabilities": [c for c in Capability.values if getattr(r, c, False)],
            }
            for r in rows
        ]

    return cursor_page(
        Role.objects.for_channel(ch), cursor=page.cursor, limit=page.limit, shape=shape
    )


def _summary(version: NormVersion) -> dict:
    return {
        "number": version.number,
        "summary": version.summary,
        "is_material": version.is_material,
        "published_at": version.published_at,
        "published_by": version.published_by_name,
    }


def _version(version: NormVersion) -> dict:
    return {**_summary(version), "norms": keyed_norms(version.norms)}


@_get("norms", "/channels/{slug}/norms/", s.VersionOut, summary="The current norms")
def norms_current(request, slug: str):
    ch = _channel(request, slug, Scope.NORMS)
    version = norms_selectors.current_version(channel=ch)
    if version is None:
        raise HttpError(404, _("This channel has not published its norms yet."))
    return _version(version)


@_get("versions", "/channels/{slug}/norms/versions/", s.VersionPage, summary="Every version")
def norms_versions(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.NORMS)
    versions = NormVersion.objects.for_channel(ch).defer("norms", "norm_ids")
    return cursor_page(
        versions, cursor=page.cursor, limit=page.limit, shape=lambda rows: map(_summary, rows)
    )


@_get("version", "/channels/{slug}/norms/versions/{number}/", s.VersionOut, summary="A version")
def norms_version(request, slug: str, number: int):
    ch = _channel(request, slug, Scope.NORMS)
    version = None
    if 0 < number <= MAX_KEY:
        version = NormVersion.objects.for_channel(ch).filter(number=number).first()
    if version is None:
        raise Http404
    return _version(version)


@_get("openings", "/channels/{slug}/openings/", s.OpeningPage, summary="Openings")
def openings(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.OPENINGS)
    rows = Opening.objects.for_channel(ch).select_related("role").prefetch_related("questions")

    def shape(found):
        return [
            {
                "id": o.pk,
                "title": o.title,
                "role": o.role.name if o.role else None,
                "description": o.description,
                "state": o.state,
                "time_zone": o.time_zone,
                "hours": o.hours,
                "experience": o.experience,
                "closes_on": o.closes_on,
                "opened_at": o.opened_at,
                "closed_at": o.closed_at,
                "questions": _questions(o),
            }
            for o in found
        ]

    return cursor_page(rows, cursor=page.cursor, limit=page.limit, shape=shape)


def _questions(opening) -> list[dict]:
    return [
        {
            "prompt": q.prompt,
            "help_text": q.help_text,
            "kind": q.kind,
            "required": q.required,
            "choices": [str(c) for c in q.choices or ()],
        }
        for q in sorted(opening.questions.all(), key=lambda q: (q.position, q.pk))
    ]


@_get(
    "applications",
    "/channels/{slug}/applications/",
    s.ApplicationPage,
    summary="Applications with their answers",
)
def applications(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.APPLICATIONS)
    rows = (
        Application.objects.for_channel(ch)
        .select_related("opening", "applicant")
        .prefetch_related("answers")
    )

    def shape(found):
        return [
            {
                "id": a.pk,
                "opening_id": a.opening_id,
                "opening": a.opening.title,
                "applicant": a.applicant.shown_name if a.applicant else "",
                "state": a.state,
                "message": a.message,
                "submitted_at": a.submitted_at,
                "decided_at": a.decided_at,
                "withdrawn_at": a.withdrawn_at,
                "answers": [
                    {"question": x.question_text, "kind": x.kind, "value": x.value}
                    for x in sorted(a.answers.all(), key=lambda x: (x.position, x.pk))
                ],
            }
            for a in found
        ]

    return cursor_page(rows, cursor=page.cursor, limit=page.limit, shape=shape)


@_get("training", "/channels/{slug}/training/", s.TrainingPage, summary="Training progress")
def training(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.TRAINING)

    def shape(members):
        counts = team_completion(ch, members)
        return [
            {
                "member_id": m.pk,
                "name": m.user.shown_name,
                "completed": counts[m.pk][0],
                "required": counts[m.pk][1],
            }
            for m in members
        ]

    members = Membership.objects.for_channel(ch).select_related("user")
    return cursor_page(members, cursor=page.cursor, limit=page.limit, shape=shape)


@_get(
    "announcements",
    "/channels/{slug}/announcements/",
    s.AnnouncementPage,
    summary="Announcements to the team (read team scope)",
)
def announcements(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug, Scope.TEAM)
    rows = Announcement.objects.for_channel(ch).select_related("author")

    def shape(found):
        return [
            {
                "id": a.pk,
                "title": a.title,
                "body": a.body,
                "is_pinned": a.is_pinned,
                "author": a.author.shown_name if a.author else None,
                "created_at": a.created_at,
            }
            for a in found
        ]

    return cursor_page(rows, cursor=page.cursor, limit=page.limit, shape=shape)


# The event feed: the same events the webhooks send (integrations' ChannelEvent log), for
# receivers that prefer polling. A token sees public events, team events with the read team
# scope and recruitment events with the read applications scope, as a webhook endpoint does
# at each level.
FEED_LEVELS = {Level.PUBLIC: None, Level.TEAM: Scope.TEAM, Level.REVIEW: Scope.APPLICATIONS}


@_get(
    "events",
    "/channels/{slug}/events/",
    s.EventPage,
    summary="The channel's event feed, oldest first (a cursor per page)",
)
def events(request, slug: str, page: Query[PageQuery]):
    ch = _channel(request, slug)
    scopes = set(request.auth.scopes)
    levels = [level for level, needed in FEED_LEVELS.items() if needed is None or needed in scopes]
    rows = ChannelEvent.objects.for_channel(ch).filter(level__in=levels)

    def shape(found):
        return [
            {
                "id": e.pk,
                "type": e.kind,
                "level": e.level,
                "occurred_at": e.occurred_at,
                "label": e.payload.get("label", ""),
                "actor": e.payload.get("actor"),
                "subject": e.payload.get("subject") or {"type": None, "id": None, "label": ""},
                "data": e.payload.get("data") or {},
                "before": e.payload.get("before") or {},
            }
            for e in found
        ]

    return cursor_page(rows, cursor=page.cursor, limit=page.limit, shape=shape)


@api.post(
    "/credentials/verify/",
    auth=None,
    response={200: s.VerificationOut, 400: s.Error, 422: s.ValidationErrors, 429: s.Error},
    url_name="credential_verify",
    summary="Verify a moderator's credential (no token needed)",
    description=(
        "Checks a VC-JWT's signature against its issuer's did:web keys (this portal's, or "
        "another Modportal instance's did.json), its dates and its revocation status. "
        "Rate-limited per address; the same result as the page /credentials/verify/."
    ),
)
def credential_verify(request, payload: s.CredentialIn):
    if verification.over_verify_limit(request):
        response = api.create_response(
            request,
            {"detail": _("Too many verifications from here: wait an hour.")},
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    return verification.verify_token(payload.credential).as_dict()
