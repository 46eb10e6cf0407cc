"""The audit actions debriefs write, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DebriefsAction(models.TextChoices):
    CREATED = "debrief.created", _("Debrief written")
    COMMENTED = "debrief.commented", _("Comment on a debrief")
    LESSONS_AGREED = "debrief.lessons_agreed", _("Debrief lessons agreed")
    CHANGE_PROPOSED = "debrief.norm_change_proposed", _("Norm change proposed from a debrief")
    NORM_CHANGED = "debrief.norm_changed", _("A debrief led to a norm change")
    CASE_STUDY_CREATED = "debrief.case_study_created", _("Debrief turned into a case study")
