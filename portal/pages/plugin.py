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

events.subscribe(events.ALL, name="portal.pagecache.make_stale", when=events.When.ON_COMMIT)(
    pagecache.make_stale_on_event
)
