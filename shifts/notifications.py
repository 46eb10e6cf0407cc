"""The notification kinds of the shifts app. Registered from its plugin module; the times in
them are `…_at` values, so each reader sees them in their own time zone and language."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

EVENTS = [
    EventType(
        name="stream.moved",
        label=_("A stream you signed up for moved"),
        summary=_("The stream “{{ title }}” in {{ channel_name }} moved: check your shift."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="occurrence.moved",
        label=_("One date of a stream you signed up for moved"),
        summary=_(
            "“{{ title }}” in {{ channel_name }}, planned for {{ was_at }}, now starts at "
            "{{ starts_at }}."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="stream.cancelled",
        label=_("A stream you signed up for was cancelled"),
        summary=_("The stream “{{ title }}” in {{ channel_name }} was cancelled."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="shift.offered",
        label=_("A teammate offers a shift for a swap"),
        summary=_("{{ actor }} offers their shift on “{{ title }}” in {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="shift.swapped",
        label=_("A shift of yours was swapped"),
        summary=_("The shift on “{{ title }}” in {{ channel_name }} now belongs to {{ taker }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="shift.swap_requested",
        label=_("A shift swap waits for your approval"),
        summary=_("{{ actor }} asks to take a shift on “{{ title }}” in {{ channel_name }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="shift.swap_declined",
        label=_("A shift swap was declined"),
        summary=_(
            "{{ actor }} declined the swap of the shift on “{{ title }}” in {{ channel_name }} "
            "to {{ taker }}: the shift stays with its holder, still offered."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="shift.released",
        label=_("A teammate's shift became free"),
        summary=_(
            "{{ actor }} is away: their shift on “{{ title }}” ({{ starts_at }}) in "
            "{{ channel_name }} is free."
        ),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="shift.weekly_released",
        label=_("A teammate's weekly shift is open while they are away"),
        summary=_(
            "{{ actor }} is away until {{ until_on }}: their weekly shift on “{{ title }}” in "
            "{{ channel_name }} is open from {{ starts_at }} until then."
        ),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="shift.reminder",
        label=_("Reminder before your shift"),
        summary=_("Your shift on “{{ title }}” in {{ channel_name }} starts at {{ starts_at }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="stream.short",
        label=_("A stream is short of moderators"),
        summary=_(
            "“{{ title }}” in {{ channel_name }} ({{ starts_at }}) still needs {{ missing }} "
            "moderators."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
]
