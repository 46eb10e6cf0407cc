"""What the integrations app holds about a person (registered from plugin.py). An endpoint
belongs to its channel: only that the person added it is theirs, never its secret or URL."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="integrations.Endpoint",
        field="created_by",
        kind="webhook_endpoints",
        description=_("Webhook endpoints you added to a channel (their names and dates)."),
        fields=("channel__slug", "name", "kind", "created_at"),
        erase=Erase.DETACH,
    ),
]
