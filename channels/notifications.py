"""The notifications channels sends: their kinds, and the subscribers that send them when the
domain event is recorded (registered from channels/plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.events import Occurrence
from portal.notifications.registry import Delivery, EventType
from portal.notifications.services import notify

from .audit import ChannelAction
from .models import Membership

EVENTS = [
    EventType(
        name=ChannelAction.MEMBERSHIP_ADDED,
        label=_("You were added to a channel's team"),
        summary=_(
            "{{ actor }} added you to the team of {{ channel_name }}"
            "{% if roles %} as {{ roles|join:', ' }}{% endif %}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
    ),
    EventType(
        name=ChannelAction.MEMBERSHIP_ROLES_CHANGED,
        label=_("Your roles in a channel changed"),
        summary=_(
            "{{ actor }} changed your roles in {{ channel_name }} to "
            "{% if roles %}{{ roles|join:', ' }}{% else %}no role{% endif %}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name=ChannelAction.MEMBERSHIP_REMOVED,
        label=_("You were removed from a channel's team"),
        summary=_(
            "{{ actor }} removed you from the team of {{ channel_name }}"
            "{% if reason %}: {{ reason }}{% endif %}"
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
    ),
    EventType(
        name=ChannelAction.OWNERSHIP_TRANSFERRED,
        label=_("A channel was handed to you"),
        summary=_("{{ actor }} made you the owner of {{ channel_name }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
    ),
    EventType(
        name=ChannelAction.CHANNEL_SUSPENDED,
        label=_("Your channel was suspended"),
        summary=_("{{ channel_name }} was suspended by the platform: {{ reason }}"),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
    ),
]


def member_channels(user) -> list[tuple[int, str]]:
    """The channels a user is on the team of, for per-channel notification choices: one query."""
    return list(Membership.objects.filter(user=user).values_list("channel_id", "channel__name"))


# --- subscribers: the domain event is recorded, the person it concerns is told ------------------


def notify_roles_changed(occurrence: Occurrence) -> None:
    """A change `via` recruitment (an accepted application) is told by recruitment itself."""
    if "via" in occurrence.after:
        return
    membership, channel = occurrence.target, occurrence.channel
    notify(
        event=ChannelAction.MEMBERSHIP_ROLES_CHANGED,
        recipients=[membership.user],
        channel=channel,
        actor=occurrence.actor,
        target=channel,
        context={"channel_name": channel.name, "roles": occurrence.after["roles"]},
    )


def notify_removed(occurrence: Occurrence) -> None:
    membership, channel = occurrence.target, occurrence.channel
    notify(
        event=ChannelAction.MEMBERSHIP_REMOVED,
        recipients=[membership.user],
        channel=channel,
        actor=occurrence.actor,
        target=channel,
        context={"channel_name": channel.name, "reason": occurrence.after.get("reason", "")},
    )


def notify_new_owner(occurrence: Occurrence) -> None:
    channel = occurrence.channel
    notify(
        event=ChannelAction.OWNERSHIP_TRANSFERRED,
        recipients=[occurrence.subject("new_owner")],
        channel=channel,
        actor=occurrence.actor,
        target=channel,
        context={"channel_name": channel.name},
    )


def notify_owner_of_suspension(occurrence: Occurrence) -> None:
    channel = occurrence.channel
    owner = (
        Membership.objects.for_channel(channel).filter(is_owner=True).select_related("user").first()
    )
    if owner:
        notify(
            event=ChannelAction.CHANNEL_SUSPENDED,
            recipients=[owner.user],
            channel=channel,
            actor=occurrence.actor,
            target=channel,
            context={"channel_name": channel.name, "reason": occurrence.after.get("reason", "")},
        )
