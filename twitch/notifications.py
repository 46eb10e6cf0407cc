"""The notification events of the Twitch sync. Registered from TwitchConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register

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
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
