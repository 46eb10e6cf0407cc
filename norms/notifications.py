"""The notification events norms send. Registered from NormsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register

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


def register_events() -> None:
    for event in EVENTS:
        register(event)
