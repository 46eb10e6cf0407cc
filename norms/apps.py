from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormsConfig(AppConfig):
    name = "norms"
    verbose_name = _("Norms")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: norms/plugin.py
