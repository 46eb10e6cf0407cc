from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShiftsConfig(AppConfig):
    name = "shifts"
    verbose_name = _("Stream schedule and shifts")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: shifts/plugin.py
