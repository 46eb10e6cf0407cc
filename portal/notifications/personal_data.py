"""What the notifications app holds about a person (registered from plugin.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

from .models import OutboundEmail


def addresses(user) -> list[str]:
    emails = {user.email.lower()} if user.email else set()
    emails.update(e.lower() for e in user.emailaddress_set.values_list("email", flat=True))
    return sorted(emails)


def emails_to(user):
    wanted = Q(pk__in=[])
    for address in addresses(user):
        wanted |= Q(to__iexact=address)
    return OutboundEmail.objects.filter(wanted)


ENTRIES = [
    PersonalData(
        model="notifications.Notification",
        field="recipient",
        kind="notifications",
        description=_("Notifications the portal sent you, and when you read them."),
        fields=("event", "channel__slug", "summary", "target_url", "created_at", "read_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="notifications.Notification",
        field="actor",
        kind="notifications_caused",
        description=_("Notifications your actions caused (only when, not to whom)."),
        fields=("event", "created_at"),
        erase=Erase.KEEP,
        mentions=("summary", "target_label", "context"),
    ),
    PersonalData(
        model="notifications.NotificationPreference",
        field="user",
        kind="notification_preferences",
        description=_("How you chose to receive each kind of notification."),
        fields=("event", "channel__slug", "delivery", "updated_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="notifications.OutboundEmail",
        field=None,
        kind="emails",
        description=_("Emails the portal sent to your addresses and are still kept."),
        select=emails_to,
        rows=lambda user: emails_to(user).values("to", "subject", "created_at", "sent_at"),
        erase=Erase.DELETE,
    ),
]
