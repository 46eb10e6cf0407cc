from dataclasses import dataclass

import pytest

from channels.models import Membership
from tests.channels.factories import ChannelFactory, add_member
from tests.factories import UserFactory


@dataclass
class Team:
    """One channel with a member per default role, plus people outside it."""

    channel: object
    owner: object
    lead: object
    moderator: object
    trainee: object
    outsider: object
    other_member: object
    staff: object
    other_channel: object

    def user(self, actor: str):
        return None if actor == "anonymous" else getattr(self, actor)

    def membership(self, actor: str) -> Membership:
        return Membership.objects.get(channel=self.channel, user=self.user(actor))


@pytest.fixture
def team(db):
    owner = UserFactory(username="owner")
    channel = ChannelFactory(name="Nova Streams", slug="nova", owner=owner)
    lead = add_member(channel, username="lead", roles=["Lead Moderator"]).user
    moderator = add_member(channel, username="moderator", roles=["Moderator"]).user
    trainee = add_member(channel, username="trainee", roles=["Trainee"]).user
    other_owner = UserFactory(username="otherowner")
    other_channel = ChannelFactory(name="Other Place", slug="other", owner=other_owner)
    other_member = add_member(other_channel, username="othermember", roles=["Moderator"]).user
    return Team(
        channel=channel,
        owner=owner,
        lead=lead,
        moderator=moderator,
        trainee=trainee,
        outsider=UserFactory(username="outsider"),
        other_member=other_member,
        staff=UserFactory(username="staffer", is_staff=True, is_superuser=True),
        other_channel=other_channel,
    )
