"""What the gathering pages plug in (imported by PagesConfig.ready()): the team-health tab,
and the subscriber that makes cached public pages stale after the events they declare."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.selectors import member_channel_ids
from channels.tabs import register_tab
from portal import events, pagecache, panels, personalpages

register_tab(
    name="health",
    label=_("Health"),
    url_name="team_health",
    capability=Capability.MANAGE_TEAM,
    order=90,
)

# Twice: inside the change's transaction, so no copy from before it is served after it, and
# once it has committed, so no copy rendered while it was in flight outlives it.
events.subscribe(events.ALL, name="portal.pagecache.make_stale")(pagecache.make_stale_on_event)
events.subscribe(
    events.ALL, name="portal.pagecache.make_stale_on_commit", when=events.When.ON_COMMIT
)(pagecache.make_stale_on_event)

# Signed-in pages, one copy per person (portal/personalpages.py): the dashboard and the hub show
# the person's channels and what the apps' panels and parts declare from elsewhere.
personalpages.register_page(
    name="portal.dashboard",
    channels=member_channel_ids,
    stale_on=lambda: panels.events_shown(panels.dashboard_panels),
)
personalpages.register_page(
    name="portal.hub",
    channels=member_channel_ids,
    stale_on=lambda: panels.events_shown(panels.hub_parts, panels.hub_tasks),
)
personalpages.register_page(name="portal.team_health")
for when in events.When:
    events.subscribe(events.ALL, name=f"portal.personalpages.make_stale.{when}", when=when)(
        personalpages.make_stale_on_event
    )
