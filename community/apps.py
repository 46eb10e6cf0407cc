from django.apps import AppConfig
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from .audit import register_audit_actions
        from .health import register_health_sections
        from .notifications import register_events
        from .panels import register_dashboard_panels
        from .services.profiles import register_invitation_gate
        from .tabs import register_channel_tabs

        register_events()
        register_audit_actions()
        register_channel_tabs()
        register_dashboard_panels()
        register_health_sections()
        register_invitation_gate()
        # The admin index shows platform-wide figures (templates/admin/community_index.html).
        admin.site.index_template = "admin/community_index.html"
