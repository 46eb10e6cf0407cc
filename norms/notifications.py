"""The notifications norms send: their kinds, and the subscribers that send them when a
domain event is recorded, inside the recording service's transaction (both registered from
norms/plugin.py)."""

from django.utils.translation import gettext_lazy as _

from channels.models import Membership
from portal.events import Occurrence
from portal.notifications.registry import Delivery, EventType
from portal.notifications.services import notify

from .services import norms_welcome

EVENTS = [
    EventType(
        name="norms.published",
        label=_("Your channel published norms you need to acknowledge"),
        summary=_(
            "{{ actor }} published version {{ number }} of the norms of {{ channel_name }}: "
            "read and acknowledge it."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="norms.reminder",
        label=_("A reminder to acknowledge your channel's norms"),
        summary=_(
            "Please read and acknowledge version {{ number }} of the norms of {{ channel_name }}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="norms.welcome",
        label=_("You joined a team: read and acknowledge its norms"),
        summary=_(
            "Welcome to the team of {{ channel_name }}: read and acknowledge its norms "
            "(version {{ number }})."
        ),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


# --- subscribers ------------------------------------------------------------------------------


def notify_members_of_version(occurrence: Occurrence) -> None:
    """`norms.published`: a material change asks every member (but the publisher) to read it."""
    version, channel = occurrence.target, occurrence.channel
    if not version.is_material:
        return
    members = Membership.objects.for_channel(channel).select_related("user")
    notify(
        event="norms.published",
        recipients=[m.user for m in members],
        channel=channel,
        actor=occurrence.actor,
        target=version,
        context={"channel_name": channel.name, "number": version.number},
    )


def welcome_new_member(occurrence: Occurrence) -> None:
    """`membership.joined`: a new member is asked to acknowledge the current norms."""
    norms_welcome(membership=occurrence.target)
