"""The notification events the community app sends. Registered from its plugin module."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

EVENTS = [
    EventType(
        name="announcement.posted",
        label=_("An announcement to your team"),
        summary="{{ actor }} posted “{{ title }}” to the team of {{ channel_name }}.",
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]
