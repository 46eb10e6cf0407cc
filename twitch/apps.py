from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def twitch_sync_enabled() -> bool:
    """Without Twitch credentials every part of the sync is hidden (and its pages are 404)."""
    return settings.TWITCH_SYNC_ENABLED


class TwitchConfig(AppConfig):
    name = "twitch"
    # allauth's Twitch provider already uses the label "twitch" (installed with credentials).
    label = "twitch_sync"
    verbose_name = _("Twitch sync")

    def ready(self):
        from channels.audit import register_actions
        from channels.models import Capability
        from channels.signals import ownership_transferred, team_changed
        from channels.tabs import register_tab

        from .audit import TwitchAction
        from .notifications import register_events
        from .services import on_ownership_transferred, on_team_changed

        register_events()
        register_actions(TwitchAction)
        register_tab(
            name="twitch",
            label=_("Twitch sync"),
            url_name="twitch:sync",
            capability=Capability.MANAGE_TEAM,
            order=70,
            current_for=["twitch:import", "twitch:drift"],
            enabled=twitch_sync_enabled,
        )
        team_changed.connect(on_team_changed, dispatch_uid="twitch.team_changed")
        ownership_transferred.connect(
            on_ownership_transferred, dispatch_uid="twitch.ownership_transferred"
        )
