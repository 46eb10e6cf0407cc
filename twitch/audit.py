"""The audit actions the Twitch sync writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TwitchAction(models.TextChoices):
    LINKED = "twitch.linked", _("Channel linked to Twitch")
    UNLINKED = "twitch.unlinked", _("Channel unlinked from Twitch")
    ROLE_STATUS_CHANGED = "twitch.role_status_changed", _("Role's Twitch status changed")
    CHANGE_RETRIED = "twitch.change_retried", _("Twitch change tried again")
    DRIFT_FOUND = "twitch.drift_found", _("Twitch and the portal disagree about a person")
    DRIFT_ADOPTED = "twitch.drift_adopted", _("Change made on Twitch adopted")
    DRIFT_REVERTED = "twitch.drift_reverted", _("Change made on Twitch reverted")
