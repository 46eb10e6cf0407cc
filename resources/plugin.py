"""Everything training resources plug in, in one place (imported by ResourcesConfig.ready()):
domain events, notifications, tabs, the dashboard panel, the team column, the team-health
section and what the home page and the hub show."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from channels.health import register_health_section
from channels.models import Capability
from channels.tabs import register_tab
from channels.team_columns import register_team_column
from portal import events, pagecache, panels, personalpages
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications
from portal.tasks import register_beat_task

from . import personal_data, sections
from .audit import ResourceAction
from .notifications import EVENTS as NOTIFICATIONS
from .panels import training_todo
from .selectors import team_training
from .services.library import SNAPSHOT_FIELDS as SNAPSHOT

events.declare(
    *events.events_from(
        ResourceAction,
        visibility=events.Visibility.TEAM,
        visible={
            ResourceAction.RESOURCE_SHARED: events.Visibility.PUBLIC,
            ResourceAction.RESOURCE_UNSHARED: events.Visibility.PUBLIC,
            ResourceAction.RESOURCE_FEATURED: events.Visibility.PUBLIC,
            ResourceAction.RESOURCE_UNPUBLISHED: events.Visibility.AUDIT,
        },
        data={
            ResourceAction.RESOURCE_CREATED: SNAPSHOT,
            ResourceAction.RESOURCE_UPDATED: SNAPSHOT,
            ResourceAction.RESOURCE_DELETED: SNAPSHOT,
            ResourceAction.RESOURCE_ADDED: ("from", "original"),
            ResourceAction.TRAINING_OVERDUE: ("outstanding", "required", "due_on"),
        },
    )
)

for kind in NOTIFICATIONS:
    notifications.register(kind)

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

panels.register_panel(
    name="resources.training_todo",
    template="partials/resources/dashboard_panel.html",
    context=training_todo,
    order=18,
)
panels.home_parts.register(panels.PagePart("resources.featured", sections.featured, order=20))
panels.hub_tasks.register(panels.TaskList("training", sections.training_waiting, order=20))

register_team_column(
    name="resources.training",
    label=_("Training"),
    template="partials/resources/team_cell.html",
    values=team_training,
    order=30,
)
register_health_section(
    name="resources.training",
    template="partials/resources/health_training.html",
    context=sections.training_section,
    order=40,
)

register_beat_task(
    name="resources-training-overdue",
    task="resources.training_overdue",
    schedule=crontab(minute=50),  # hourly: each member's overdue training is recorded once
)

personal_data_registry.register(*personal_data.ENTRIES)

# The community library, from the shared cache (portal/pagecache.py); the hub's featured
# resources come from any channel, so its cached copies go stale on the same events.
LIBRARY_SHOWN = (
    *(action.value for action in ResourceAction),
    "channel.updated",
    "channel.archived",
    "channel.suspended",
    "channel.unsuspended",
)
pagecache.register_page(name="resources.community", stale_on=LIBRARY_SHOWN)
panels.hub_parts.register(
    panels.PagePart("resources.featured", sections.featured, order=40, stale_on=LIBRARY_SHOWN)
)

# Its signed-in page, one copy per person (portal/personalpages.py).
personalpages.register_page(name="resources.library")
