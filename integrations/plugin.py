"""Everything integrations plug in: its events, the subscriber that logs events and fills the
outbox, the notification, the tab and the beat sweep."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab
from portal import events
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.notifications.registry import Delivery, EventType
from portal.tasks import register_beat_task

from . import personal_data
from .audit import IntegrationsAction
from .services import record_event

events.declare(
    *events.events_from(
        IntegrationsAction,
        data={
            IntegrationsAction.ENDPOINT_ADDED: ("name", "kind", "events"),
            IntegrationsAction.ENDPOINT_CHANGED: ("name", "events", "enabled"),
            IntegrationsAction.ENDPOINT_REMOVED: ("name",),
            IntegrationsAction.ENDPOINT_DISABLED: ("name",),
        },
    )
)
events.subscribe(events.ALL, name="integrations.record", order=200)(record_event)

notifications.register(
    EventType(
        name="integrations.endpoint_disabled",
        label=_("A webhook of your channel was turned off after failing"),
        summary=_(
            "The webhook “{{ name }}” of {{ channel_name }} failed for 3 days and was turned "
            "off. Check its address and turn it on again."
        ),
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    )
)

register_tab(
    name="integrations",
    label=_("Integrations"),
    url_name="integrations:list",
    capability=Capability.MANAGE_INTEGRATIONS,
    order=90,
    current_for=["integrations:detail", "integrations:delete"],
)
register_beat_task(
    name="integrations-sweep",
    task="integrations.sweep",
    schedule=float(settings.WEBHOOKS_SWEEP_SECONDS),  # due retries, and what a dead worker left
)

# What the app holds about a person, for exports and erasure (portal/personal_data.py).
personal_data_registry.register(*personal_data.ENTRIES)
