"""What the gathering pages plug in (imported by PagesConfig.ready()): the team-health tab."""

from django.utils.translation import gettext_lazy as _

from channels.models import Capability
from channels.tabs import register_tab

register_tab(
    name="health",
    label=_("Health"),
    url_name="team_health",
    capability=Capability.MANAGE_TEAM,
    order=90,
)
