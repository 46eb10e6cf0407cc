from django.apps import AppConfig


class ModeratorsConfig(AppConfig):
    name = "moderators"
    verbose_name = "Moderators"
