"""Everything the read API plugs in (imported by ApiConfig.ready()): its audit events and the
owner's token tab."""

from django.utils.translation import gettext_lazy as _

from channels.tabs import register_tab
from portal import events
from portal import personal_data as personal_data_registry

from . import personal_data
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

# What the app holds about a person, for exports and erasure (portal/personal_data.py).
personal_data_registry.register(*personal_data.ENTRIES)
