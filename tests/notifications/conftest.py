from types import SimpleNamespace

import pytest

from channels.services import channel_create
from portal.celery import app
from portal.notifications.registry import Delivery, EventType, register, unregister
from tests.factories import UserFactory
from tests.notifications.smtp import SmtpSink
from tests.processes import reset_broker_pools

# Test-only event types: the registry lets a test declare its own, then remove them.
POKED = EventType(
    name="test.poked",
    label="Test poke",
    summary="{{ actor }} poked you{% if channel %} in {{ channel }}{% endif %}"
    "{% if note %}: {{ note }}{% endif %}",
    default_delivery=Delivery.IMMEDIATE,
    per_channel=True,
    description="Someone poked you (test event).",
)
WAVED = EventType(
    name="test.waved",
    label="Test wave",
    summary="{{ actor }} waved at you.",
    default_delivery=Delivery.IN_APP,
)


@pytest.fixture
def events():
    register(POKED)
    register(WAVED)
    yield SimpleNamespace(poked=POKED, waved=WAVED)
    unregister(POKED.name)
    unregister(WAVED.name)


def make_channel(*, owner, name: str, slug: str):
    """Channels come from the channels app's service, so they are complete."""
    return channel_create(
        creator=owner,
        name=name,
        slug=slug,
        platform="twitch",
        platform_url=f"https://twitch.tv/{slug}",
    )


@pytest.fixture
def people(db):
    return SimpleNamespace(
        owner=UserFactory(username="owner"),
        alice=UserFactory(username="alice"),
        bob=UserFactory(username="bob"),
    )


@pytest.fixture
def channels(people):
    return SimpleNamespace(
        lounge=make_channel(owner=people.owner, name="Lounge", slug="lounge"),
        arena=make_channel(owner=people.owner, name="Arena", slug="arena"),
    )


def use_broker(url: str) -> None:
    """Point this process's Celery app at `url` with fresh connection pools."""
    app.conf.broker_url = url
    reset_broker_pools()


@pytest.fixture
def broker(redis_broker):
    use_broker(redis_broker)
    yield redis_broker
    use_broker(redis_broker)


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()
