from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: plugin.py
