"""The notification events exercises send. Registered from its plugin module."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

EVENTS = [
    EventType(
        name="exercise.needs_review",
        label=_("A norms change touches an exercise you can edit"),
        summary=_(
            "Version {{ number }} of the norms of {{ channel_name }} changed a norm the exercise "
            "“{{ title }}” uses: review its questions."
        ),
        default_delivery=Delivery.IN_APP,
        per_channel=True,
    ),
    EventType(
        name="exercise.retake",
        label=_("You are asked to retake changed exercise questions"),
        summary=_(
            "The norms of {{ channel_name }} changed: answer the changed questions of "
            "“{{ title }}” again."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
]
