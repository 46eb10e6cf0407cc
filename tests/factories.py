"""Factories and shared helpers for every app's tests. Rows with side effects come from
their services, never from .save(), so audit and outbox rows stay true."""

from dataclasses import dataclass

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from channels.models import Capability, Membership, Role
from channels.services import channel_create, membership_join, role_create

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in: usable password and a verified primary email."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        if extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


# Channels: built by their services, so every test channel has an owner, default roles, audit
# rows and outbox rows, exactly as in production.


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


def channel_owner(channel):
    return Membership.objects.for_channel(channel).select_related("user").get(is_owner=True).user


class RoleFactory(factory.Factory):
    """A role created by the channel's owner through role_create."""

    class Meta:
        model = dict

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    description = ""
    colour = "#6d28d9"
    capabilities = ()

    @classmethod
    def _create(cls, model_class, *, channel, actor=None, **kwargs):
        return role_create(channel=channel, actor=actor or channel_owner(channel), **kwargs)


class MembershipFactory(factory.Factory):
    """A member who joined through membership_join on the owner's (or `actor`'s) authority,
    holding `roles`, as after accepting their invitation (tests/moderators covers the
    invitation itself)."""

    class Meta:
        model = dict

    channel = factory.SubFactory(ChannelFactory)
    user = factory.SubFactory(UserFactory)
    roles = ()

    @classmethod
    def _create(cls, model_class, *, channel, user, roles, actor=None):
        return membership_join(
            channel=channel,
            user=user,
            roles=list(roles),
            granted_by=actor or channel_owner(channel),
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )


def role(channel, name: str) -> Role:
    return Role.objects.for_channel(channel).get(name=name)


def add_member(channel, *, user=None, roles=(), actor=None, **user_kwargs) -> Membership:
    """A member added through the service, holding the named roles."""
    return MembershipFactory(
        channel=channel,
        user=user or UserFactory(**user_kwargs),
        roles=[role(channel, name) for name in roles],
        actor=actor,
    )


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


def build_team() -> Team:
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


def page_queries(client, url) -> int:
    """How many queries one GET of `url` runs (which must answer 200) to render the page: never
    a copy from the page caches (tests/test_pagecache.py, tests/test_personalpages.py)."""
    with override_settings(PAGE_CACHE=False), CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)
