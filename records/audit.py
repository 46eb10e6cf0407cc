"""The audit actions records write, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordsAction(models.TextChoices):
    ENDORSED = "record.endorsed", _("Endorsement written")
    ENDORSEMENT_ACCEPTED = "record.endorsement_accepted", _("Endorsement accepted")
    ENDORSEMENT_REMOVED = "record.endorsement_removed", _("Endorsement removed")
    CREDENTIAL_ATTACHED = "record.credential_attached", _("Credential attached to an application")
