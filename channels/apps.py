from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Channels")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: channels/plugin.py
