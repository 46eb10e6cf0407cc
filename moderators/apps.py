from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModeratorsConfig(AppConfig):
    name = "moderators"
    verbose_name = _("Moderators")

    def ready(self):
        from .audit import register_audit_actions
        from .notifications import register_events
        from .panels import register_dashboard_panels
        from .tabs import register_channel_tabs

        register_events()
        register_audit_actions()
        register_channel_tabs()
        register_dashboard_panels()
