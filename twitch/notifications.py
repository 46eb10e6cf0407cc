"""The notification events of the Twitch sync. Registered from its plugin module."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

EVENTS = [
    EventType(
        name="twitch.change_failed",
        label=_("A change could not be applied on Twitch"),
        summary=_(
            "Twitch did not apply the change for {{ who }} in {{ channel_name }}: {{ error }}"
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="twitch.token_lost",
        label=_("Twitch no longer accepts the channel's connection"),
        summary=_(
            "Twitch no longer accepts the connection of {{ channel_name }} (it may have been "
            "disconnected on Twitch), so changes can't be sent. Connect Twitch again."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
]
