"""The norms tabs of a channel's team area. Registered from NormsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab


def register_channel_tabs() -> None:
    register_tab(
        name="norms",
        label=_("Norms"),
        url_name="norms:current",
        order=40,
        current_for=["norms:history", "norms:version", "norms:compare"],
    )
    register_tab(
        name="norms_editor",
        label=_("Edit norms"),
        url_name="norms:editor",
        capability=Capability.MANAGE_NORMS,
        order=41,
        current_for=[
            "norms:norm_create",
            "norms:norm_edit",
            "norms:norm_delete",
            "norms:publish",
        ],
    )
