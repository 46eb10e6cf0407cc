from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .sites import sync_site


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        import_module(f"{self.name}.plugin")  # the beat tasks: portal/notifications/plugin.py
        # Infrastructure, not domain logic: the sites row follows the settings on migrate.
        post_migrate.connect(sync_site, sender=self, dispatch_uid="notifications.sync_site")
