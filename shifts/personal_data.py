"""What the shifts app holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="shifts.Shift",
        field="user",
        kind="shifts",
        description=_("Shifts you signed up for, and whether you offered them for a swap."),
        fields=("channel__slug", "stream__title", "occurs_on", "offered", "created_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="shifts.Shift",
        field="taker",
        kind="shift_swaps_taken",
        description=_("Shifts of others you offered to take over."),
        fields=("channel__slug", "stream__title", "occurs_on"),
        erase=Erase.DETACH,
    ),
    PersonalData(
        model="shifts.Sent",
        field="user",
        kind="shift_reminders",
        description=_("Shift reminders and gap alerts sent to you."),
        fields=("kind", "stream__channel__slug", "stream__title", "occurs_on"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="shifts.CalendarFeed",
        field="user",
        kind="calendar_feeds",
        description=_("Your calendar feeds (that they exist, not their secret addresses)."),
        fields=("channel__slug", "created_at"),
        erase=Erase.DELETE,
    ),
]
