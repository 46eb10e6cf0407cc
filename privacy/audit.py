"""The audit actions and notification events of the privacy app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyAction(models.TextChoices):
    CHANNEL_DELETION_SCHEDULED = "channel.deletion_scheduled", _("Channel deletion scheduled")
    CHANNEL_DELETION_CANCELLED = "channel.deletion_cancelled", _("Channel deletion cancelled")


# A person-level fact (no channel, no data): every page that may show the person renders afresh.
ACCOUNT_ERASED = "account.erased"
EXPORT_READY = "privacy.export_ready"
ACCOUNT_DELETION_SCHEDULED = "privacy.account_deletion_scheduled"


def staff_log(*, actor, user, message: str, label: str = "") -> None:
    """Platform staff acting for a person (an export or an erasure asked for by email) is
    recorded in Django's admin log, in the caller's transaction. The entry names the person by
    their pk (or, for an erasure, their pseudonym), never by username: the log outlives the
    erasure of the person's name. Nothing is logged when the person acts for themself."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    if actor is None or actor.pk == user.pk:
        return
    LogEntry.objects.create(
        user_id=actor.pk,
        content_type=ContentType.objects.get_for_model(user, for_concrete_model=False),
        object_id=str(user.pk),
        object_repr=label or f"user #{user.pk}",
        action_flag=CHANGE,
        change_message=message,
    )
