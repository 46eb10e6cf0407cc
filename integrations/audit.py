from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegrationsAction(models.TextChoices):
    ENDPOINT_ADDED = "integrations.endpoint_added", _("Webhook added")
    ENDPOINT_CHANGED = "integrations.endpoint_changed", _("Webhook changed")
    ENDPOINT_REMOVED = "integrations.endpoint_removed", _("Webhook removed")
    SECRET_ROTATED = "integrations.secret_rotated", _("Webhook secret rotated")
    ENDPOINT_DISABLED = "integrations.endpoint_disabled", _("Webhook turned off after failures")
