from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = "Channels"

    def ready(self):
        from . import panels  # noqa: F401 (registers the dashboard panel on import)
        from .notifications import register_events

        register_events()
