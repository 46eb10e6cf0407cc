"""The audit actions the exercises app writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExerciseAction(models.TextChoices):
    SETTINGS_CHANGED = "exercise.settings_changed", _("Exercise settings changed")
    QUESTION_SAVED = "exercise.question_saved", _("Exercise question saved")
    QUESTION_DELETED = "exercise.question_deleted", _("Exercise question deleted")
    GENERATED = "exercise.generated", _("Exercise questions drafted")
    REVIEWED = "exercise.reviewed", _("Exercise reviewed after a norms change")
