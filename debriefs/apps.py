from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = _("Incident debriefs")

    def ready(self):
        from .audit import register_audit_actions
        from .health import register_health_sections
        from .norm_hooks import register_norm_hooks
        from .notifications import register_events
        from .tabs import register_channel_tabs

        register_events()
        register_audit_actions()
        register_channel_tabs()
        register_health_sections()
        register_norm_hooks()
