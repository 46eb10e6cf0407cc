from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwitchConfig(AppConfig):
    name = "twitch"
    # allauth's Twitch provider already uses the label "twitch" (installed with credentials).
    label = "twitch_sync"
    verbose_name = _("Twitch sync")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: twitch/plugin.py
