"""What the api app holds about a person (registered from plugin.py). A token belongs to its
channel: only that the person created it is theirs, never its secret."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="api.ApiToken",
        field="created_by",
        kind="api_tokens",
        description=_("API tokens you created for a channel (their names and dates, no secret)."),
        fields=("channel__slug", "name", "created_at", "revoked_at"),
        erase=Erase.DETACH,
    ),
]
