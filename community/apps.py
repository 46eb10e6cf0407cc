from importlib import import_module

from django.apps import AppConfig
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: community/plugin.py
        # The admin index shows platform-wide figures (templates/admin/community_index.html).
        admin.site.index_template = "admin/community_index.html"
