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
    # The event log names people (the actor, a subject's label): after an erasure those
    # names become the pseudonym, as in the audit log. Nothing of it is exported as theirs.
    PersonalData(
        model="integrations.ChannelEvent",
        field=None,
        kind="channel_events",
        description=_("Channel events that name you (not exported: they belong to the team)."),
        mentions=("payload",),
    ),
]
