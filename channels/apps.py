from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = _("Channels")

    def ready(self):
        from .audit import ChannelAction, register_actions
        from .notifications import register_events
        from .panels import register_dashboard_panels
        from .tabs import register_channel_tabs

        register_events()
        register_actions(ChannelAction)
        register_channel_tabs()
        register_dashboard_panels()
