"""The notification events debriefs send. Registered from DebriefsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType, register

EVENTS = [
    EventType(
        name="debrief.created",
        label=_("A teammate wrote an incident debrief"),
        summary=_("{{ actor }} wrote a debrief in {{ channel_name }}: {{ title }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="debrief.lessons_agreed",
        label=_("The lessons of a debrief were agreed"),
        summary=_("Lessons agreed on the debrief “{{ title }}” in {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="debrief.norm_changed",
        label=_("Your debrief led to a change of the norms"),
        summary=_(
            "Your debrief “{{ title }}” led to version {{ number }} of the norms of "
            "{{ channel_name }}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
]


def register_events() -> None:
    for event in EVENTS:
        register(event)
