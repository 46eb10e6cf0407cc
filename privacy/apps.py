from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Data rights")

    def ready(self):
        import_module(f"{self.name}.plugin")
