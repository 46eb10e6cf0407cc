"""Every public Twitch sync service (twitch.services) × every kind of actor, called directly
(tests/service_matrix.py), against a local server answering as Twitch (tests/twitch).

The world's channel is linked to broadcaster 1000 (the owner's connected account), its Moderator
role is marked "moderator on Twitch", and Twitch's lists were fetched once: on Twitch, "twitcher"
(a portal account with Twitch connected, not on the team) is a moderator and the portal's
moderator is not, so there is a difference to revert or adopt. One change the worker could not
deliver has failed. The personal rule: a join link opens only for the Twitch account it names.
Adding a public function to twitch.services without a row (or a NOT_ACTIONS entry) fails
`test_every_service_has_a_row`."""

import pytest
from allauth.socialaccount.models import SocialToken
from django.test.utils import override_settings
from django.utils import timezone

from tests.factories import UserFactory, role
from tests.service_matrix import ACTORS, Row, check_rows, run_row, world_fixture
from tests.twitch.conftest import connect
from tests.twitch.fake_twitch import CLIENT_ID, CLIENT_SECRET, FakeTwitch
from twitch import services
from twitch.models import TwitchChange, TwitchDrift, TwitchListEntry

pytestmark = pytest.mark.django_db

MATRIX_ACTORS = (*ACTORS, "twitcher")
MANAGERS = {"lead", "owner"}  # can_manage_team

NOT_ACTIONS = {
    "twitch_account": "a read of the user's own connection",
    "join_link_read": "checks a link's signature",
}
# The outbox's event subscribers (twitch/outbox.py, plugged in from twitch/plugin.py) run inside
# the team services that checked their actor; they are not in twitch.services.


def _twitch_settings(fake) -> dict:
    return {
        "TWITCH_CLIENT_ID": CLIENT_ID,
        "TWITCH_CLIENT_SECRET": CLIENT_SECRET,
        "TWITCH_SYNC_ENABLED": True,
        "TWITCH_API_BASE_URL": f"{fake.url}/helix",
        "TWITCH_TOKEN_URL": f"{fake.url}/oauth2/token",
        "TWITCH_ID_BASE_URL": fake.url,
    }


def _build(world):
    fake = world.fake = FakeTwitch().start()
    channel, owner = world.channel, world.actor("owner")
    with override_settings(**_twitch_settings(fake)):
        fake.user("1000", "novastreams")
        fake.user("2001", "modmia")
        fake.user("2011", "twitcher")
        fake.channel("1000", mods=["2011"])
        fake.grant("1000", access="token-1000", refresh="refresh-1000")
        expires = timezone.now() + timezone.timedelta(hours=4)
        connect(
            owner,
            "1000",
            "novastreams",
            token="token-1000",
            refresh="refresh-1000",
            expires_at=expires,
        )
        connect(world.actor("moderator"), "2001", "modmia")
        twitcher = UserFactory(username="twitcher")
        connect(twitcher, "2011", "twitcher")
        world.add_user("twitcher", twitcher)
        services.role_status_set(
            channel=channel, actor=owner, role=role(channel, "Moderator"), status="moderator"
        )
        services.link_create(channel=channel, actor=owner)
        services.lists_refresh(channel=channel, actor=owner)
    entry = TwitchListEntry.objects.for_channel(channel).get(twitch_user_id="2011")
    world.add("entry", entry)
    world.add("drift", TwitchDrift.objects.for_channel(channel).get(user=world.actor("moderator")))
    url = services.import_links(channel=channel, actor=world.actor("lead"), entries=[entry])
    world.token = url[entry.pk].rstrip("/").split("/")[-1]
    # Only the worker marks a change failed, after Twitch refused it: written as it would.
    world.add(
        "failed",
        TwitchChange.objects.create(
            channel=channel, label="modmia", to_status="vip", reason="roles", state="failed"
        ),
    )


world = world_fixture(_build)


@pytest.fixture(scope="module", autouse=True)
def _fake_twitch_stops(world):
    yield
    world.fake.stop()


@pytest.fixture(autouse=True)
def _twitch_at_the_fake(settings, world):
    for name, value in _twitch_settings(world.fake).items():
        setattr(settings, name, value)


def _unlink_and_reconnect(w):
    """Unlinking drops the owner's token: they connect Twitch again (allauth's rows)."""
    owner = w.actor("owner")
    services.link_delete(channel=w.channel, actor=owner)
    SocialToken.objects.create(
        account=services.twitch_account(owner), token="token-1000", token_secret="refresh-1000"
    )


ROWS = {
    # Owner only: the link acts with the owner's own Twitch token.
    "link_create": Row(
        lambda w, a: services.link_create(channel=w.channel, actor=a),
        ok={"owner"},
        setup=_unlink_and_reconnect,
    ),
    "link_delete": Row(lambda w, a: services.link_delete(channel=w.channel, actor=a), ok={"owner"}),
    "role_status_set": Row(
        lambda w, a: services.role_status_set(
            channel=w.channel, actor=a, role=role(w.channel, "Trainee"), status="vip"
        ),
        ok=MANAGERS,
    ),
    "change_retry": Row(
        lambda w, a: services.change_retry(change=w.get("failed"), actor=a), ok=MANAGERS
    ),
    "lists_refresh": Row(
        lambda w, a: services.lists_refresh(channel=w.channel, actor=a), ok=MANAGERS
    ),
    "import_invite": Row(
        lambda w, a: services.import_invite(channel=w.channel, actor=a, entry=w.get("entry")),
        ok=MANAGERS,
    ),
    # Writes nothing: signed links for the names on Twitch's list.
    "import_links": Row(
        lambda w, a: services.import_links(channel=w.channel, actor=a, entries=[w.get("entry")]),
        ok=MANAGERS,
        writes=False,
    ),
    # Personal: only the Twitch account the link names; the invitation is the lead's.
    "join_link_accept": Row(
        lambda w, a: services.join_link_accept(token=w.token, actor=a), ok={"twitcher"}
    ),
    "drift_revert": Row(
        lambda w, a: services.drift_revert(drift=w.get("drift"), actor=a), ok=MANAGERS
    ),
    "drift_adopt": Row(
        lambda w, a: services.drift_adopt(drift=w.get("drift"), actor=a), ok=MANAGERS
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], MATRIX_ACTORS)


def test_refused_reads_reach_no_twitch(world):
    """The matrix refused lists_refresh to everyone but managers before any request left."""
    before = len(world.fake.requests)
    refused = Row(ROWS["lists_refresh"].call)  # everyone below is refused
    run_row(world, refused, ("outsider", "other_member", "trainee", "moderator", "staff"))
    assert len(world.fake.requests) == before
