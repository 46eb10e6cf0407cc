"""The recruitment tab of a channel's team area. Registered from ModeratorsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab


def register_channel_tabs() -> None:
    register_tab(
        name="openings",
        label=_("Openings"),
        url_name="moderators:team_openings",
        capability=Capability.REVIEW_APPLICATIONS,
        order=30,
        current_for=[
            "moderators:opening_create",
            "moderators:opening_manage",
            "moderators:opening_open",
            "moderators:opening_close",
            "moderators:question_add",
            "moderators:question_edit",
            "moderators:question_delete",
        ],
    )
    register_tab(
        name="applications",
        label=_("Applications"),
        url_name="moderators:review",
        capability=Capability.REVIEW_APPLICATIONS,
        order=31,
        current_for=["moderators:review_detail"],
    )
    register_tab(
        name="invitations",
        label=_("Invitations"),
        url_name="moderators:team_invitations",
        capability=Capability.MANAGE_TEAM,
        order=15,
        current_for=[
            "moderators:invitation_send",
            "moderators:invitation_revoke",
            "moderators:invitation_resend",
        ],
    )
