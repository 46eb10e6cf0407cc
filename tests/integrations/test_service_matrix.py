"""Every public integrations service (integrations.services) × every kind of actor, called
directly (tests/service_matrix.py), plus "capable": a member holding only "manage integrations"
(no default role holds it: the owner, and whoever the owner gives it to).

The world's channel has a signed webhook the owner added, and one test delivery to it. Webhook
addresses are local (the setting that allows them, as in development): nothing is sent, the
deliveries wait for a worker. Adding a public function to integrations.services without a row
(or a NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

import pytest
from django.test.utils import override_settings

from channels.models import Capability
from channels.services import membership_set_roles
from integrations import services
from integrations.models import Delivery, Endpoint
from tests.factories import RoleFactory
from tests.service_matrix import (
    ACTORS,
    CAPABLE,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MATRIX_ACTORS = (*ACTORS, CAPABLE)
NEEDS = {Capability.MANAGE_INTEGRATIONS.value}
MANAGERS = {"owner", CAPABLE}
LOCAL = override_settings(WEBHOOKS_ALLOW_PRIVATE_HOSTS=True)
URL = "https://127.0.0.1/in"

NOT_ACTIONS = {
    "new_secret": "makes a random signing secret",
    "check_url": "the address check endpoint_create runs",
    "sending_allows_local": "a read of a setting",
    "record_event": "the domain-event subscriber (integrations/plugin.py), inside the service "
    "that checked its actor",
}


def _build(world):
    with LOCAL:
        endpoint, _secret = services.endpoint_create(
            channel=world.channel,
            actor=world.actor("owner"),
            name="Bot",
            kind="signed",
            url=URL,
            level="review",
            events=["application.submitted"],
        )
    world.add("endpoint", endpoint)
    world.add(
        "delivery",
        services.send_test(channel=world.channel, actor=world.actor("owner"), endpoint=endpoint),
    )


world = world_fixture(_build)


def _create(w, a):
    with LOCAL:
        services.endpoint_create(
            channel=w.channel,
            actor=a,
            name="Discord relay",
            kind="signed",
            url=URL,
            level="review",
            events=["application.submitted"],
        )


def _endpoint(w):
    return Endpoint.objects.get(pk=w.pk("endpoint"))


ROWS = {
    "endpoint_create": Row(_create, ok=MANAGERS, needs=NEEDS),
    "endpoint_update": Row(
        lambda w, a: services.endpoint_update(
            channel=w.channel,
            actor=a,
            endpoint=_endpoint(w),
            name="Bot (paused)",
            level="review",
            events=["application.submitted"],
            is_enabled=False,
        ),
        ok=MANAGERS,
        needs=NEEDS,
    ),
    "endpoint_rotate_secret": Row(
        lambda w, a: services.endpoint_rotate_secret(
            channel=w.channel, actor=a, endpoint=_endpoint(w)
        ),
        ok=MANAGERS,
        needs=NEEDS,
    ),
    "endpoint_delete": Row(
        lambda w, a: services.endpoint_delete(channel=w.channel, actor=a, endpoint=_endpoint(w)),
        ok=MANAGERS,
        needs=NEEDS,
    ),
    "send_test": Row(
        lambda w, a: services.send_test(channel=w.channel, actor=a, endpoint=_endpoint(w)),
        ok=MANAGERS,
        needs=NEEDS,
    ),
    "resend": Row(
        lambda w, a: services.resend(channel=w.channel, actor=a, delivery=w.get("delivery")),
        ok=MANAGERS,
        needs=NEEDS,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], MATRIX_ACTORS)


def _calls_on_our_webhook(channel, actor, world):
    endpoint, delivery = _endpoint(world), Delivery.objects.get(pk=world.pk("delivery"))
    common = {"channel": channel, "actor": actor}
    return [
        lambda: services.endpoint_update(
            **common,
            endpoint=endpoint,
            name="Mine now",
            level="review",
            events=["application.submitted"],
            is_enabled=True,
        ),
        lambda: services.endpoint_rotate_secret(**common, endpoint=endpoint),
        lambda: services.endpoint_delete(**common, endpoint=endpoint),
        lambda: services.send_test(**common, endpoint=endpoint),
        lambda: services.resend(**common, delivery=delivery),
    ]


def test_the_other_owner_cannot_reach_our_webhook_through_their_channel(world):
    for call in _calls_on_our_webhook(world.other_channel, world.actor("other_owner"), world):
        assert_refused(call)


def test_a_deactivated_integrations_manager_changes_nothing(world):
    hooks = RoleFactory(channel=world.channel, name="Hooks", capabilities=sorted(NEEDS))
    gone = world.membership("deactivated")
    membership_set_roles(
        membership=gone, roles=[*gone.roles.all(), hooks], actor=world.actor("owner")
    )
    for call in _calls_on_our_webhook(world.channel, world.actor("deactivated"), world):
        assert_refused(call)
    assert_refused(lambda: _create(world, world.actor("deactivated")))
