"""The audit actions and notification events of the privacy app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyAction(models.TextChoices):
    CHANNEL_DELETION_SCHEDULED = "channel.deletion_scheduled", _("Channel deletion scheduled")
    CHANNEL_DELETION_CANCELLED = "channel.deletion_cancelled", _("Channel deletion cancelled")


EXPORT_READY = "privacy.export_ready"
ACCOUNT_DELETION_SCHEDULED = "privacy.account_deletion_scheduled"
