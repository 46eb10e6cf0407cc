"""The training tab of a channel's team area. Registered from ResourcesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab


def register_channel_tabs() -> None:
    register_tab(
        name="resources",
        label=_("Training"),
        url_name="resources:library",
        order=50,
        current_for=[
            "resources:create",
            "resources:detail",
            "resources:edit",
            "resources:delete",
            "resources:share",
        ],
    )
    register_tab(
        name="training_progress",
        label=_("Training progress"),
        url_name="resources:progress",
        capability=Capability.MANAGE_RESOURCES,
        order=51,
    )
