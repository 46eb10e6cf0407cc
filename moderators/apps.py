from django.apps import AppConfig


class ModeratorsConfig(AppConfig):
    name = "moderators"
    verbose_name = "Moderators"

    def ready(self):
        from .notifications import register_events

        register_events()
