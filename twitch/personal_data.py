"""What the Twitch sync holds about a person (registered from plugin.py)."""

from django.utils.translation import gettext_lazy as _

from portal.personal_data import Erase, PersonalData

ENTRIES = [
    PersonalData(
        model="twitch_sync.TwitchLink",
        field="linked_by",
        kind="twitch_links",
        description=_("Channels you linked to Twitch."),
        fields=("channel__slug", "broadcaster_login", "linked_at"),
        erase=Erase.KEEP,
    ),
    PersonalData(
        model="twitch_sync.TwitchChange",
        field="user",
        kind="twitch_changes",
        description=_("Changes of your moderator status the portal made on Twitch."),
        fields=("channel__slug", "from_status", "to_status", "state", "created_at"),
        erase=Erase.DETACH,
        mentions=("label",),
    ),
    PersonalData(
        model="twitch_sync.TwitchDrift",
        field="user",
        kind="twitch_drifts",
        description=_("Differences found between your roles here and on Twitch."),
        fields=("channel__slug", "login", "expected_status", "actual_status", "detected_at"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        model="twitch_sync.TwitchDrift",
        field="resolved_by",
        kind="twitch_drifts_resolved",
        description=_("Differences with Twitch you resolved."),
        fields=("channel__slug", "resolved_at"),
        erase=Erase.KEEP,
    ),
]
