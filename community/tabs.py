"""The community app's tabs in a channel's team area. Registered from CommunityConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab


def register_channel_tabs() -> None:
    register_tab(
        name="announcements",
        label=_("Announcements"),
        url_name="community:announcements",
        order=12,
        current_for=["community:announcement_pin", "community:announcement_delete"],
    )
    register_tab(
        name="health",
        label=_("Health"),
        url_name="community:health",
        capability=Capability.MANAGE_TEAM,
        order=90,
    )
