from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = _("Incident debriefs")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: debriefs/plugin.py
