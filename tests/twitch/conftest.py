"""Fixtures of the Twitch sync tests: a local server answering as Twitch, accounts connected
as allauth stores them (SocialAccount + SocialToken), a channel linked to its broadcaster."""

from types import SimpleNamespace

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.utils import timezone

from tests.factories import role
from tests.twitch.fake_twitch import CLIENT_ID, CLIENT_SECRET, FakeTwitch
from twitch import services


@pytest.fixture
def fake_twitch(settings):
    fake = FakeTwitch().start()
    settings.TWITCH_CLIENT_ID = CLIENT_ID
    settings.TWITCH_CLIENT_SECRET = CLIENT_SECRET
    settings.TWITCH_SYNC_ENABLED = True
    settings.TWITCH_API_BASE_URL = f"{fake.url}/helix"
    settings.TWITCH_TOKEN_URL = f"{fake.url}/oauth2/token"
    settings.TWITCH_ID_BASE_URL = fake.url
    yield fake
    fake.stop()


def connect(user, uid: str, login: str, *, token: str = "", refresh: str = "", expires_at=None):
    """The user's Twitch login as allauth keeps it, with a token when given."""
    account = SocialAccount.objects.create(
        user=user, provider="twitch", uid=uid, extra_data={"login": login}
    )
    if token:
        SocialToken.objects.create(
            account=account, token=token, token_secret=refresh, expires_at=expires_at
        )
    return account


def link_channel(fake, channel, owner, *, uid="1000", login="novastreams", mods=(), vips=()):
    """The owner connects Twitch (token on the fake server) and links the channel."""
    fake.user(uid, login)
    fake.channel(uid, mods=mods, vips=vips)
    fake.grant(uid, access=f"token-{uid}", refresh=f"refresh-{uid}")
    expires = timezone.now() + timezone.timedelta(hours=4)
    connect(owner, uid, login, token=f"token-{uid}", refresh=f"refresh-{uid}", expires_at=expires)
    return services.link_create(channel=channel, actor=owner)


def mark(team, role_name: str, status: str):
    services.role_status_set(
        channel=team.channel, actor=team.owner, role=role(team.channel, role_name), status=status
    )


@pytest.fixture
def linked(team, fake_twitch):
    """The team's channel linked to broadcaster 1000, its Moderator role marked "moderator on
    Twitch"; the moderator (2001) and trainee (2002) have connected Twitch."""
    fake_twitch.user("2001", "modmia")
    fake_twitch.user("2002", "traineetom")
    connect(team.moderator, "2001", "modmia")
    connect(team.trainee, "2002", "traineetom")
    mark(team, "Moderator", "moderator")  # before linking: nothing to send yet
    link = link_channel(fake_twitch, team.channel, team.owner, mods=["2001"])
    return SimpleNamespace(link=link, fake=fake_twitch, team=team)
