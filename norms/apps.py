from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NormsConfig(AppConfig):
    name = "norms"
    verbose_name = _("Norms")

    def ready(self):
        from .audit import register_audit_actions
        from .notifications import register_events
        from .panels import register_dashboard_panels
        from .receivers import connect_receivers
        from .tabs import register_channel_tabs
        from .team import register_team_columns

        register_events()
        register_audit_actions()
        register_channel_tabs()
        register_dashboard_panels()
        register_team_columns()
        connect_receivers()
