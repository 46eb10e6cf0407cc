"""The notification events recruitment sends. Registered from its plugin module."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.events import Occurrence
from portal.notifications.registry import Delivery, EventType
from portal.notifications.services import notify

from . import selectors

EVENTS = [
    EventType(
        name="application.submitted",
        label=_("Someone applied to one of your channel's openings"),
        summary=_("{{ actor }} applied to “{{ opening_title }}” in {{ channel_name }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="application.withdrawn",
        label=_("An applicant withdrew their application"),
        summary=_(
            "{{ actor }} withdrew their application to “{{ opening_title }}” in {{ channel_name }}."
        ),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="application.moved",
        label=_("The team is reviewing your application"),
        summary=_("{{ channel_name }} is reviewing your application to “{{ opening_title }}”."),
        default_delivery=Delivery.IN_APP,
    ),
    EventType(
        name="application.trial_started",
        label=_("The team offered you a trial"),
        summary=_(
            "{{ channel_name }} offered you a trial for “{{ opening_title }}” "
            "until {{ trial_ends_on }}."
        ),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name="application.accepted",
        label=_("Your application was accepted"),
        summary=_("{{ channel_name }} accepted your application to “{{ opening_title }}”."),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name="application.declined",
        label=_("Your application was declined"),
        summary=_("{{ channel_name }} declined your application to “{{ opening_title }}”."),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name="application.trial_ending",
        label=_("A trial in your channel ends"),
        summary=_(
            "The trial of {{ applicant }} for “{{ opening_title }}” in {{ channel_name }} "
            "ends on {{ trial_ends_on }}: accept or decline them."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
]

INVITATION_EVENTS = [
    EventType(
        name="invitation.received",
        label=_("You were invited to join a channel's team"),
        summary=_(
            "{{ actor }} invited you to join the team of {{ channel_name }}"
            "{% if roles %} as {{ roles|join:', ' }}{% endif %}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
        email_html_template="moderators/invitation_received_email.html",
        email_text_template="moderators/invitation_received_email.txt",
    ),
    EventType(
        name="invitation.accepted",
        label=_("Someone accepted an invitation to your channel's team"),
        summary=_("{{ actor }} accepted the invitation and joined the team of {{ channel_name }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="invitation.declined",
        label=_("Someone declined an invitation to your channel's team"),
        summary=_("{{ invitee }} declined the invitation to the team of {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


# --- subscribers (registered from moderators/plugin.py) ---------------------------------------


def notify_reviewers(occurrence: Occurrence) -> None:
    """`application.submitted`, `application.withdrawn`: the channel's reviewers are told."""
    channel, application = occurrence.channel, occurrence.target
    notify(
        event=occurrence.name,
        recipients=selectors.reviewers(channel=channel),
        channel=channel,
        actor=occurrence.actor,
        target=application,
        context={
            "opening_title": application.opening.title,
            "channel_name": channel.name,
            "url": reverse(
                "moderators:opening_manage",
                kwargs={"slug": channel.slug, "pk": application.opening_id},
            ),
        },
    )
