"""The notification events training resources send. Registered from its plugin module."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

EVENTS = [
    EventType(
        name="resource.required",
        label=_("New required training for one of your roles"),
        summary=_("{{ channel }} added “{{ title }}” to the required training for {{ role }}."),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ),
    EventType(
        name="resource.added",
        label=_("Another channel added a resource you shared"),
        summary=_("{{ other_channel }} added “{{ title }}”, which you shared, to their library."),
        default_delivery=Delivery.IN_APP,
    ),
    EventType(
        name="resource.report_resolved",
        label=_("A report on a resource you shared was resolved"),
        summary=_("A report on “{{ title }}” was resolved: {{ resolution }}"),
        default_delivery=Delivery.IN_APP,
    ),
]
