"""Everything the Twitch sync plugs in, in one place (imported by TwitchConfig.ready()): its
domain events, the team events its outbox follows, its notifications, its tab and its periodic
tasks."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from channels.audit import TEAM_CHANGES, ChannelAction
from channels.models import Capability
from channels.tabs import register_tab
from portal import events
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import outbox, personal_data
from .audit import TwitchAction
from .notifications import EVENTS as NOTIFICATIONS


def twitch_sync_enabled() -> bool:
    """Without Twitch credentials every part of the sync is hidden (and its pages are 404)."""
    return settings.TWITCH_SYNC_ENABLED


events.declare(
    *events.events_from(
        TwitchAction,
        data={
            TwitchAction.LINKED: ("broadcaster",),
            TwitchAction.UNLINKED: ("broadcaster", "why"),
            TwitchAction.ROLE_STATUS_CHANGED: ("twitch",),
            TwitchAction.CHANGE_RETRIED: ("who", "error"),
            TwitchAction.DRIFT_FOUND: ("portal", "twitch", "who"),
            TwitchAction.DRIFT_ADOPTED: ("portal", "twitch", "who"),
            TwitchAction.DRIFT_REVERTED: ("portal", "twitch", "who"),
        },
    )
)
for event in TEAM_CHANGES:
    events.subscribe(event, name=f"twitch.outbox.{event}")(outbox.on_team_changed)
events.subscribe(ChannelAction.ROLE_DELETED, name="twitch.outbox.role.deleted")(
    outbox.on_role_deleted
)
events.subscribe(ChannelAction.OWNERSHIP_TRANSFERRED, name="twitch.unlink_on_transfer")(
    outbox.on_ownership_transferred
)

for kind in NOTIFICATIONS:
    notifications.register(kind)

register_tab(
    name="twitch",
    label=_("Twitch sync"),
    url_name="twitch:sync",
    capability=Capability.MANAGE_TEAM,
    order=70,
    current_for=["twitch:import", "twitch:drift"],
    enabled=twitch_sync_enabled,
)

register_beat_task(
    name="twitch-sweep", task="twitch.sweep", schedule=float(settings.TWITCH_SWEEP_SECONDS)
)
register_beat_task(
    name="twitch-drift",
    task="twitch.drift_check",
    schedule=float(settings.TWITCH_DRIFT_SECONDS),
)
register_beat_task(
    name="twitch-validate-tokens",
    task="twitch.validate_tokens",
    schedule=float(settings.TWITCH_VALIDATE_TICK_SECONDS),
)

personal_data_registry.register(*personal_data.ENTRIES)
