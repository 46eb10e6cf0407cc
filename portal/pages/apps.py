from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "portal.pages"
    label = "pages"
    verbose_name = _("Pages")

    def ready(self):
        import_module(f"{self.name}.plugin")  # the team-health tab: portal/pages/plugin.py
