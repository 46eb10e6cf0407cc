from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModeratorsConfig(AppConfig):
    name = "moderators"
    verbose_name = _("Moderators")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: moderators/plugin.py
