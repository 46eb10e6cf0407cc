"""The read API's rows: the owner's token pages, the docs, and the token-only API (a session
is not a token: every actor gets 401 from /api/v1/ without one)."""

from django.urls import reverse

from api.models import ApiToken, Scope
from api.services import token_create
from norms.services import norm_create, norms_publish
from tests.access import NOT_ALLOWED, everyone, private

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
    "events",
]

MATRIX = {
    "api:tokens": private(owner_only=True),
    "api:token_revoke": private(owner_only=True),
    "api:docs": everyone(200),
    "norms:rule_key_txt": everyone(200),
    "api_v1:api-root": everyone(404),
    "api_v1:openapi-json": everyone(200),
    **{f"api_v1:{name}": everyone(UNAUTHORISED) for name in API_NAMES},
    # POST only, and needs no token: a GET is 405 for everyone.
    "api_v1:credential_verify": everyone(NOT_ALLOWED),
}
NOT_HTML = {
    "api_v1:openapi-json",
    "api_v1:api-root",
    "norms:rule_key_txt",
    "api_v1:credential_verify",
    *(f"api_v1:{name}" for name in API_NAMES),
}
# The token-less verify endpoint answers anyone the same; it writes nothing. (The matrix
# POSTs a form, not JSON: ninja says it can't parse the body.)
POST_MATRIX = {"api_v1:credential_verify": everyone(400)}
CHANGES = ("api:",)


def _token(team):
    if team.channel.is_read_only:  # suspended by a test: the service would refuse
        return ApiToken.objects.create(
            channel=team.channel,
            name="matrix",
            prefix="suspended",
            digest="x",
            scopes=["read_team"],
        )
    token, _raw = token_create(
        channel=team.channel, actor=team.owner, name="matrix", scopes=[Scope.TEAM]
    )
    return token


def url(name, team):
    if name == "norms:rule_key_txt":
        # As the norms rows build it (tests/test_access_matrix.py: norms_url).
        if not hasattr(team, "norm"):
            norm_create(channel=team.channel, actor=team.owner, title="Be kind", explanation="Y")
            norms_publish(channel=team.channel, actor=team.owner, summary="First", is_material=True)
            team.norm = norm_create(channel=team.channel, actor=team.owner, title="No spoilers")
        return reverse(name, kwargs={"slug": team.channel.slug, "key": "be-kind"})
    if name == "api_v1:api-root":
        return reverse(name)
    if name == "api:token_revoke":
        return reverse(name, kwargs={"slug": team.channel.slug, "pk": _token(team).pk})
    if name == "api:tokens":
        return reverse(name, kwargs={"slug": team.channel.slug})
    if name in ("api:docs", "api_v1:openapi-json", "api_v1:credential_verify"):
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
    if name == "api_v1:credential_verify":
        return {"credential": "a.b.c"}
    return None


def write_requests(team):
    slug = team.channel.slug
    if team.channel.is_read_only:  # suspended by a test: no token can be made to revoke
        return [
            (
                "owner",
                reverse("api:tokens", kwargs={"slug": slug}),
                {"name": "x", "scopes": ["read_team"]},
            )
        ]
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
