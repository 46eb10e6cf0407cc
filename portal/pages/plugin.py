"""What the gathering pages plug in (imported by PagesConfig.ready()): the team-health tab,
and the subscriber that makes cached public pages stale after the events they declare."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab
from portal import events, pagecache

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
