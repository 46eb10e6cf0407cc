"""Everything the read API plugs in (imported by ApiConfig.ready()): its audit events and the
owner's token tab."""

from django.utils.translation import gettext_lazy as _

from channels.tabs import register_tab
from portal import events

from .audit import ApiAction

events.declare(
    *events.events_from(
        ApiAction,
        visibility=events.Visibility.AUDIT,
        data={ApiAction.TOKEN_CREATED: ("name", "scopes"), ApiAction.TOKEN_REVOKED: ("name",)},
    )
)

register_tab(
    name="api",
    label=_("API tokens"),
    url_name="api:tokens",
    order=95,
    owner=True,
    current_for=["api:token_revoke"],
)
