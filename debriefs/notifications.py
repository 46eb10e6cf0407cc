"""The notification events debriefs send. Registered from its plugin module."""

from django.utils.translation import gettext_lazy as _

from channels.models import Membership
from portal.events import Occurrence
from portal.notifications.registry import Delivery, EventType
from portal.notifications.services import notify

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


# --- subscribers (registered from debriefs/plugin.py) -----------------------------------------


def notify_team(occurrence: Occurrence) -> None:
    """`debrief.created`, `debrief.lessons_agreed`: the whole team (but who did it) is told."""
    channel, debrief = occurrence.channel, occurrence.target
    notify(
        event=occurrence.name,
        recipients=[m.user for m in Membership.objects.for_channel(channel).select_related("user")],
        channel=channel,
        actor=occurrence.actor,
        target=debrief,
        context={"channel_name": channel.name, "title": debrief.title},
    )
