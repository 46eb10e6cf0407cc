from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = "Channels"

    def ready(self):
        from . import panels  # noqa: F401 (registers the dashboard panel on import)
        from .audit import ChannelAction, register_actions
        from .notifications import register_events
        from .tabs import register_channel_tabs

        register_events()
        register_actions(ChannelAction)
        register_channel_tabs()
