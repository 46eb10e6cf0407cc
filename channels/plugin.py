"""Everything the channels app plugs in, in one place (imported by ChannelsConfig.ready()):
its domain events, its notifications and their subscribers, its tabs and its dashboard panel."""

from django.utils.translation import gettext_lazy as _

from portal import events, pagecache, panels, personalpages
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications

from . import notifications as notices
from . import personal_data
from .audit import CHANNEL_EVENTS, ChannelAction
from .models import Capability
from .panels import your_channels
from .tabs import register_tab

events.declare(*CHANNEL_EVENTS)

for kind in notices.EVENTS:
    notifications.register(kind)
notifications.register_channel_source(notices.member_channels)

for event, subscriber in [
    (ChannelAction.MEMBERSHIP_ROLES_CHANGED, notices.notify_roles_changed),
    (ChannelAction.MEMBERSHIP_REMOVED, notices.notify_removed),
    (ChannelAction.OWNERSHIP_TRANSFERRED, notices.notify_new_owner),
    (ChannelAction.CHANNEL_SUSPENDED, notices.notify_owner_of_suspension),
]:
    events.subscribe(event, name=f"channels.notify.{event}")(subscriber)

register_tab(name="overview", label=_("Overview"), url_name="channels:detail", order=0)
register_tab(
    name="team",
    label=_("Team"),
    url_name="channels:team",
    order=10,
    current_for=["channels:member_roles", "channels:member_remove", "channels:leave"],
)
register_tab(
    name="roles",
    label=_("Roles"),
    url_name="channels:roles",
    order=20,
    current_for=["channels:role_create", "channels:role_edit", "channels:role_delete"],
)
register_tab(
    name="audit",
    label=_("Audit log"),
    url_name="channels:audit",
    capability=Capability.VIEW_AUDIT_LOG,
    order=80,
)
register_tab(
    name="settings",
    label=_("Settings"),
    url_name="channels:settings",
    capability=Capability.MANAGE_CHANNEL,
    order=90,
    current_for=["channels:transfer", "channels:archive"],
)

panels.register_panel(
    name="channels.your_channels",
    template="partials/channels/dashboard_panel.html",
    context=your_channels,
    order=10,
)

personal_data_registry.register(*personal_data.ENTRIES)

# The public channel page, for signed-out visitors, from the shared cache (portal/pagecache.py).
CHANNEL_SHOWN = (
    "channel.updated",
    "channel.archived",
    "channel.restored",
    "channel.suspended",
    "channel.unsuspended",
    "channel.ownership_transferred",
    "channel.deletion_scheduled",
    "channel.deletion_cancelled",
)
pagecache.register_page(
    name="channels.detail",
    per_channel=True,
    stale_on=(
        *CHANNEL_SHOWN,
        "role.created",
        "role.updated",
        "role.deleted",
        "role.reordered",
        "membership.added",
        "membership.joined",
        "membership.roles_changed",
        "membership.removed",
        "membership.left",
        "membership.listing_changed",
        "opening.opened",
        "opening.closed",
        "opening.updated",
        "norms.published",
        "profile.updated",
    ),
)

# Its signed-in page, one copy per person (portal/personalpages.py).
personalpages.register_page(name="channels.team")
