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

INVITATION_EVENTS = [
    EventType(
        name="invitation.received",
        label=_("You were invited to join a channel's team"),
        summary="{{ actor }} invited you to join the team of {{ channel_name }}"
        "{% if roles %} as {{ roles|join:', ' }}{% endif %}.",
        default_delivery=Delivery.IMMEDIATE,
        per_channel=False,
        email_html_template="moderators/invitation_received_email.html",
        email_text_template="moderators/invitation_received_email.txt",
    ),
    EventType(
        name="invitation.accepted",
        label=_("Someone accepted an invitation to your channel's team"),
        summary="{{ actor }} accepted the invitation and joined the team of {{ channel_name }}.",
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="invitation.declined",
        label=_("Someone declined an invitation to your channel's team"),
        summary="{{ invitee }} declined the invitation to the team of {{ channel_name }}.",
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
]


def register_events() -> None:
    for event in EVENTS + INVITATION_EVENTS:
        register(event)
