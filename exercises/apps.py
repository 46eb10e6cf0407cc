from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExercisesConfig(AppConfig):
    name = "exercises"
    verbose_name = _("Scenario exercises")

    def ready(self):
        import_module(f"{self.name}.plugin")  # every registration of the app: exercises/plugin.py
