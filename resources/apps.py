from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Training resources")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: resources/plugin.py
