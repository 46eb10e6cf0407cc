"""The notification events the community app sends. Registered from its plugin module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels.models import Membership
from portal.events import Occurrence
from portal.notifications.registry import Delivery, EventType
from portal.notifications.services import notify

EVENTS = [
    EventType(
        name="announcement.posted",
        label=_("An announcement to your team"),
        summary=_("{{ actor }} posted “{{ title }}” to the team of {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


# --- subscribers (registered from community/plugin.py) ----------------------------------------


def notify_team_of_announcement(occurrence: Occurrence) -> None:
    """`announcement.posted`: every member of the team but its author."""
    channel, announcement = occurrence.channel, occurrence.target
    members = [m.user for m in Membership.objects.for_channel(channel).select_related("user")]
    notify(
        event="announcement.posted",
        recipients=members,
        channel=channel,
        actor=occurrence.actor,
        target=announcement,
        context={
            "channel_name": channel.name,
            "title": announcement.title,
            "url": reverse("community:announcements", kwargs={"slug": channel.slug}),
        },
    )
