"""Schemathesis against the generated OpenAPI schema: no 5xx and every answer valid against
the schema, with a token of each scope and with wrong, expired, revoked and other channels'
tokens (which get 401/404, never data)."""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header

from api.api import api
from api.models import ApiToken, Scope
from api.services import token_create, token_revoke
from channels.models import Membership

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

KINDS = [*Scope.values, "wrong", "expired", "revoked", "other_channel"]


def _raw(team, kind):
    if kind == "wrong":
        return "mpt_000000000000_not-a-token"
    channel, owner = team.channel, team.owner
    if kind == "other_channel":
        channel = team.other_channel
        owner = Membership.objects.get(channel=channel, is_owner=True).user
    scopes = [kind] if kind in Scope.values else list(Scope.values)
    token, raw = token_create(channel=channel, actor=owner, name=kind, scopes=scopes)
    if kind == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    if kind == "revoked":
        token_revoke(channel=channel, actor=owner, pk=token.pk)
    return raw


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Schemathesis calls the WSGI application itself, not through Django's test client, so
    each request's end would close the connection that holds the test's transaction (Django's
    client disconnects the same handler for the same reason)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("kind", KINDS)
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case, kind, team, client):
    # One token for all of hypothesis's examples of this test (the team is the same).
    if not hasattr(team, "api_raw"):
        team.api_raw = _raw(team, kind)
    raw = team.api_raw
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {raw}"}
    case.path_parameters = {**(case.path_parameters or {}), "slug": team.channel.slug}
    response = case.call()
    assert response.status_code < 500
    if response.status_code == 405:  # schemathesis's coverage phase tries other methods too
        return
    if case.path == "/credentials/verify/" or case.path.endswith("/credentials/verify/"):
        # Needs no token: any token, or none, gets the same answer.
        case.validate_response(response, excluded_checks=[ignored_auth, missing_required_header])
        return
    if kind in ("wrong", "expired", "revoked"):
        assert response.status_code == 401
    else:
        assert response.status_code != 401
    if kind == "other_channel":
        assert response.status_code in (404, 422)
    if response.status_code != 304:
        # Our token replaces the auth schemathesis makes up (or leaves out), so its own auth
        # probes do not apply: the token kinds above check authentication.
        case.validate_response(response, excluded_checks=[ignored_auth, missing_required_header])
