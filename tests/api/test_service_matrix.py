"""Every public API-token service (api.services) × every kind of actor, called directly
(tests/service_matrix.py). The world's channel has one token the owner made: tokens are the
owner's alone. Adding a public function to api.services without a row (or a NOT_ACTIONS entry)
fails `test_every_service_has_a_row`."""

import pytest
from django.contrib.auth import get_user_model

from api import services
from tests.service_matrix import ACTORS, Row, assert_refused, check_rows, run_row, world_fixture

pytestmark = pytest.mark.django_db

NOT_ACTIONS = {
    "token_authenticate": "finds the active token a request's secret belongs to (the API's "
    "authentication); it acts for no one",
}


def _build(world):
    token, _raw = services.token_create(
        channel=world.channel, actor=world.actor("owner"), name="Bot", scopes=["read_team"]
    )
    world.add("token", token)


world = world_fixture(_build)

ROWS = {
    "token_create": Row(
        lambda w, a: services.token_create(
            channel=w.channel, actor=a, name="Stats", scopes=["read_norms"]
        ),
        ok={"owner"},
    ),
    "token_revoke": Row(
        lambda w, a: services.token_revoke(channel=w.channel, actor=a, pk=w.pk("token")),
        ok={"owner"},
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_a_deactivated_owner_makes_and_revokes_no_token(world):
    """Found by the service matrix: the owner check did not ask whether the account was active."""
    owner = world.actor("owner")
    get_user_model().objects.filter(pk=owner.pk).update(is_active=False)
    owner = world.actor("owner")
    assert_refused(
        lambda: services.token_create(
            channel=world.channel, actor=owner, name="Late", scopes=["read_team"]
        )
    )
    assert_refused(
        lambda: services.token_revoke(channel=world.channel, actor=owner, pk=world.pk("token"))
    )
