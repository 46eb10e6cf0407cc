"""The notification events channels send. Imported from ChannelsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register, register_channel_source

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


def register_events() -> None:
    for event in EVENTS:
        register(event)
    register_channel_source(member_channels)
