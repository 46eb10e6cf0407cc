"""Everything norms plug in, in one place (imported by NormsConfig.ready()): domain events and
their subscribers, notifications, tabs, the dashboard panel, the team column, the team-health
section, the hub's tasks and the reminders' schedule."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from channels.audit import ChannelAction
from channels.health import register_health_section
from channels.models import Capability
from channels.tabs import register_tab
from channels.team_columns import register_team_column
from portal import events, pagecache, panels, personalpages
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import notifications as notices
from . import personal_data, sections
from .audit import NormsAction
from .panels import your_norms

events.declare(
    *events.events_from(
        NormsAction,
        visibility=events.Visibility.TEAM,
        visible={NormsAction.PUBLISHED: events.Visibility.PUBLIC},
        data={
            NormsAction.NORM_ADDED: ("title", "category", "ladder"),
            NormsAction.NORM_UPDATED: (
                "title",
                "explanation",
                "category",
                "allowed",
                "not_allowed",
                "enforcement",
            ),
            NormsAction.NORM_REMOVED: ("title", "category", "ladder"),
            NormsAction.NORM_MOVED: ("order",),
            NormsAction.NORM_COMMENTED: ("comment",),
            NormsAction.TEMPLATE_COPIED: ("template", "norms"),
            NormsAction.PUBLISHED: (
                "version",
                "summary",
                "material",
                "norms",
                "acknowledgements_carried_over",
            ),
            NormsAction.ACKNOWLEDGED: ("version",),
            NormsAction.ACKNOWLEDGEMENTS_OVERDUE: ("version", "outstanding"),
        },
    )
)
events.subscribe(NormsAction.PUBLISHED, name="norms.notify_members")(
    notices.notify_members_of_version
)
events.subscribe(ChannelAction.MEMBERSHIP_JOINED, name="norms.welcome")(notices.welcome_new_member)

for kind in notices.EVENTS:
    notifications.register(kind)

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
    current_for=["norms:norm_create", "norms:norm_edit", "norms:norm_delete", "norms:publish"],
)

panels.register_panel(
    name="norms.to_acknowledge",
    template="partials/norms/dashboard_panel.html",
    context=your_norms,
    order=12,
)
panels.hub_tasks.register(panels.TaskList("norms", sections.norms_waiting, order=10))

register_team_column(
    name="norms.acknowledged",
    label=_("Norms"),
    template="partials/norms/team_cell.html",
    values=sections.acknowledgements,
    order=20,
)
register_health_section(
    name="norms.acknowledgement",
    template="partials/norms/health.html",
    context=sections.norms_section,
    order=30,
)

register_beat_task(
    name="norms-reminders",
    task="norms.reminders",
    schedule=crontab(minute=40),  # hourly: each version is reminded once, when due
)

personal_data_registry.register(*personal_data.ENTRIES)

# The public rules page and the bot exports' bodies, from the shared cache (portal/pagecache.py).
RULES_SHOWN = (
    NormsAction.PUBLISHED,
    "channel.updated",
    "channel.archived",
    "channel.restored",
    "channel.suspended",
    "channel.unsuspended",
    "channel.deletion_scheduled",
    "channel.deletion_cancelled",
)
pagecache.register_page(name="norms.rules", per_channel=True, stale_on=RULES_SHOWN)
pagecache.register_page(name="norms.export", per_channel=True, stale_on=RULES_SHOWN)

# Its signed-in page, one copy per person (portal/personalpages.py).
personalpages.register_page(name="norms.editor")
