"""Channels come from the service, so every test channel has an owner, default roles and audit."""

import factory

from channels.models import Membership, Role
from channels.services import channel_create, membership_add
from tests.factories import UserFactory


class ChannelFactory(factory.Factory):
    class Meta:
        model = dict  # built by the service below, never by .save()

    name = factory.Sequence(lambda n: f"Channel {n}")
    slug = factory.Sequence(lambda n: f"channel-{n}")
    platform = "twitch"
    platform_url = factory.LazyAttribute(lambda o: f"https://twitch.tv/{o.slug}")
    visibility = "public"
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *, owner, **kwargs):
        return channel_create(creator=owner, **kwargs)


def role(channel, name: str) -> Role:
    return Role.objects.for_channel(channel).get(name=name)


def add_member(channel, *, user=None, roles=(), actor=None, **user_kwargs) -> Membership:
    """A member added by the owner through the service, holding the named roles."""
    owner = actor or Membership.objects.for_channel(channel).get(is_owner=True).user
    user = user or UserFactory(**user_kwargs)
    return membership_add(
        channel=channel, actor=owner, user=user, roles=[role(channel, name) for name in roles]
    )
