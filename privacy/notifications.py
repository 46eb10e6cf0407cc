"""The notifications the privacy app sends (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.registry import Delivery, EventType

from .audit import ACCOUNT_DELETION_SCHEDULED, EXPORT_READY, PrivacyAction

EVENTS = [
    EventType(
        name=EXPORT_READY,
        label=_("Your data export is ready"),
        summary=_("Your data export is ready to download for {{ days }} days: {{ url }}"),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name=ACCOUNT_DELETION_SCHEDULED,
        label=_("Your account is scheduled for deletion"),
        summary=_(
            "Your account will be deleted on {{ due }}. To keep it, sign in before then: {{ url }}"
        ),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name=PrivacyAction.CHANNEL_DELETION_SCHEDULED,
        label=_("A channel you belong to will be deleted"),
        summary=_("{{ actor }} will delete the channel {{ channel_name }} on {{ due }}."),
        default_delivery=Delivery.IMMEDIATE,
    ),
    EventType(
        name=PrivacyAction.CHANNEL_DELETION_CANCELLED,
        label=_("A channel's deletion was cancelled"),
        summary=_("{{ actor }} cancelled the deletion of {{ channel_name }}."),
        default_delivery=Delivery.IN_APP,
    ),
]
