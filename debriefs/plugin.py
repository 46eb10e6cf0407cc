"""Everything debriefs plug in, in one place (imported by DebriefsConfig.ready()): domain
events, notifications, the tab, the team-health section, and how debriefs follow norms (a
published version takes up their proposals; links on the norms pages)."""

from django.utils.translation import gettext_lazy as _

from channels.health import register_health_section
from channels.tabs import register_tab
from norms.audit import NormsAction
from norms.hooks import register_norm_link, register_version_links
from portal import events
from portal import personal_data as personal_data_registry
from portal.notifications import registry as notifications

from . import notifications as notices
from . import personal_data
from .audit import DebriefsAction
from .norm_hooks import debrief_links, debriefs_on_norms_published
from .selectors import health

events.declare(
    *events.events_from(
        DebriefsAction,
        visibility=events.Visibility.TEAM,
        data={
            DebriefsAction.CREATED: ("title", "norms", "actions"),
            DebriefsAction.COMMENTED: ("comment",),
            DebriefsAction.LESSONS_AGREED: ("summary",),
            DebriefsAction.CHANGE_PROPOSED: ("norm", "note"),
            DebriefsAction.NORM_CHANGED: ("version",),
            DebriefsAction.CASE_STUDY_CREATED: ("resource",),
        },
    )
)
# Before norms' own notification of the version, as the publish hook it replaces ran.
events.subscribe(NormsAction.PUBLISHED, name="debriefs.take_up_norm_changes", order=50)(
    debriefs_on_norms_published
)

for event in (DebriefsAction.CREATED, DebriefsAction.LESSONS_AGREED):
    events.subscribe(event, name=f"debriefs.notify.{event}")(notices.notify_team)

for kind in notices.EVENTS:
    notifications.register(kind)

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
register_health_section(
    name="debriefs.activity",
    template="partials/debriefs/health.html",
    context=health,
    order=50,
)
register_version_links(debrief_links)
register_norm_link(label=_("Debriefs about this norm"), url_name="debriefs:norm")

personal_data_registry.register(*personal_data.ENTRIES)
