"""The notification events the community app sends. Registered from CommunityConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register

EVENTS = [
    EventType(
        name="announcement.posted",
        label=_("An announcement to your team"),
        summary=_("{{ actor }} posted “{{ title }}” to the team of {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
