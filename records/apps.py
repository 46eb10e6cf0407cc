from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Service records")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: records/plugin.py
