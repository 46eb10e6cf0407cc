"""Everything the community app plugs in, in one place (imported by CommunityConfig.ready()):
domain events, notifications, the announcements tab, the dashboard panel, its team-health
sections, its parts of the hub, and the invitation gate of a profile that opted out."""

from django.utils.translation import gettext_lazy as _

from channels.health import register_health_section
from channels.tabs import register_tab
from moderators.plugin import OPENINGS_SHOWN
from moderators.services.invitations import register_invitee_check
from portal import events, pagecache, panels
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications

from . import health, personal_data, sections
from . import notifications as notices
from .audit import AnnouncementAction
from .panels import pinned_announcements
from .services.profiles import accepts_invitations

events.declare(
    *events.events_from(
        AnnouncementAction,
        visibility=events.Visibility.TEAM,
        data={
            AnnouncementAction.POSTED: ("title", "pinned"),
            AnnouncementAction.PINNED: ("pinned",),
            AnnouncementAction.UNPINNED: ("pinned",),
            AnnouncementAction.DELETED: ("title",),
        },
    )
)

events.declare(
    events.Event(
        name="profile.updated",
        label=_("Profile changed"),
        visibility=events.Visibility.PUBLIC,
        data=("username",),
    )
)
events.declare(
    events.Event(
        name="profile.away_set",
        label=_("Away status set"),
        visibility=events.Visibility.AUDIT,
        data=("away_until",),
    )
)
events.subscribe(AnnouncementAction.POSTED, name="community.notify_team")(
    notices.notify_team_of_announcement
)

for kind in notices.EVENTS:
    notifications.register(kind)

register_tab(
    name="announcements",
    label=_("Announcements"),
    url_name="community:announcements",
    order=12,
    current_for=["community:announcement_pin", "community:announcement_delete"],
)

panels.register_panel(
    name="community.pinned_announcements",
    template="partials/community/dashboard_pinned.html",
    context=pinned_announcements,
    order=5,
)
panels.hub_parts.register(panels.PagePart("community.announcements", sections.announcements))
panels.hub_parts.register(
    panels.PagePart(
        "community.language_openings",
        sections.language_openings,
        order=20,
        stale_on=OPENINGS_SHOWN,
    )
)

for name, context, order in [
    ("community.roles", health.roles_section, 10),
    ("community.coverage", health.coverage_section, 20),
    ("community.changes", health.changes_section, 70),
]:
    register_health_section(
        name=name,
        template=f"partials/community/health_{name.split('.')[1]}.html",
        context=context,
        order=order,
    )

register_invitee_check(accepts_invitations)

personal_data_registry.register(*personal_data.ENTRIES)

# The directory and the public profiles, from the shared cache (portal/pagecache.py).
PROFILES_SHOWN = (
    "profile.updated",
    "account.erased",
    "profile.away_set",
    "membership.added",
    "membership.joined",
    "membership.roles_changed",
    "membership.removed",
    "membership.left",
    "membership.listing_changed",
    "role.updated",
    "role.deleted",
    "channel.updated",
    "channel.archived",
    "channel.restored",
    "channel.suspended",
    "channel.unsuspended",
    "resource.added",
    "record.endorsed",
    "record.endorsement_accepted",
    "record.endorsement_removed",
)
pagecache.register_page(name="community.directory", stale_on=PROFILES_SHOWN)
pagecache.register_page(name="community.profile", stale_on=PROFILES_SHOWN)
