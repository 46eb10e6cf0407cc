"""The audit actions norms write, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NormsAction(models.TextChoices):
    NORM_ADDED = "norm.added", _("Draft norm added")
    NORM_UPDATED = "norm.updated", _("Draft norm changed")
    NORM_REMOVED = "norm.removed", _("Draft norm removed")
    NORM_MOVED = "norm.moved", _("Draft norms reordered")
    NORM_COMMENTED = "norm.commented", _("Comment on a draft norm")
    TEMPLATE_COPIED = "norms.template_copied", _("Starter norms copied into the draft")
    PUBLISHED = "norms.published", _("Norms published")
    ACKNOWLEDGED = "norms.acknowledged", _("Norms acknowledged")
    ACKNOWLEDGEMENTS_OVERDUE = (
        "norms.acknowledgements_overdue",
        _("Norms acknowledgements overdue"),
    )
