"""The notification events recruitment sends. Registered from ModeratorsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register

EVENTS = [
    EventType(
        name="application.submitted",
        label=_("Someone applied to one of your channel's openings"),
        summary="{{ actor }} applied to “{{ opening_title }}” in {{ channel_name }}.",
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="application.withdrawn",
        label=_("An applicant withdrew their application"),
        summary="{{ actor }} withdrew their application to “{{ opening_title }}” "
        "in {{ channel_name }}.",
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
