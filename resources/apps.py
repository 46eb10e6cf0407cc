from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Training resources")

    def ready(self):
        from .audit import register_audit_actions
        from .notifications import register_events
        from .panels import register_dashboard_panels
        from .tabs import register_channel_tabs
        from .team import register_team_columns

        register_events()
        register_audit_actions()
        register_channel_tabs()
        register_dashboard_panels()
        register_team_columns()
