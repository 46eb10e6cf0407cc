"""The read API's rows: the owner's token pages, the docs, and the token-only API (a session
is not a token: every actor gets 401 from /api/v1/ without one)."""

from django.urls import reverse

from api.models import Scope
from api.services import token_create
from tests.access import everyone, private

UNAUTHORISED = 401
API_NAMES = [
    "channel",
    "team",
    "roles",
    "norms",
    "versions",
    "version",
    "openings",
    "applications",
    "training",
    "announcements",
]

MATRIX = {
    "api:tokens": private(owner_only=True),
    "api:token_revoke": private(owner_only=True),
    "api:docs": everyone(200),
    "api_v1:openapi-json": everyone(200),
    **{f"api_v1:{name}": everyone(UNAUTHORISED) for name in API_NAMES},
}
NOT_HTML = {"api_v1:openapi-json", *(f"api_v1:{name}" for name in API_NAMES)}
CHANGES = ("api:",)


def _token(team):
    token, _raw = token_create(
        channel=team.channel, actor=team.owner, name="matrix", scopes=[Scope.TEAM]
    )
    return token


def url(name, team):
    if name == "api:token_revoke":
        return reverse(name, kwargs={"slug": team.channel.slug, "pk": _token(team).pk})
    if name == "api:tokens":
        return reverse(name, kwargs={"slug": team.channel.slug})
    if name == "api:docs" or name == "api_v1:openapi-json":
        return reverse(name)
    if name == "api_v1:version":
        return reverse(name, kwargs={"slug": team.channel.slug, "number": 1})
    if name.startswith("api_v1:"):
        return reverse(name, kwargs={"slug": team.channel.slug})
    return None


def post_data(name, team):
    if name == "api:tokens":
        return {"name": "bot", "scopes": [Scope.NORMS]}
    if name == "api:token_revoke":
        return {}
    return None


def write_requests(team):
    slug = team.channel.slug
    return [
        (
            "owner",
            reverse("api:tokens", kwargs={"slug": slug}),
            {"name": "x", "scopes": ["read_team"]},
        ),
        (
            "owner",
            reverse("api:token_revoke", kwargs={"slug": slug, "pk": _token(team).pk}),
            {},
        ),
    ]
