"""The debriefs tab of a channel's team area. Registered from DebriefsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from channels.tabs import register_tab


def register_channel_tabs() -> None:
    register_tab(
        name="debriefs",
        label=_("Debriefs"),
        url_name="debriefs:list",
        order=45,
        current_for=[
            "debriefs:create",
            "debriefs:detail",
            "debriefs:lessons",
            "debriefs:case_study",
            "debriefs:norm",
        ],
    )
