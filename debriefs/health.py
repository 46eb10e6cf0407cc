"""The debriefs section of the team-health page. Registered from DebriefsConfig.ready()."""

from channels.health import register_health_section

from .selectors import health


def register_health_sections() -> None:
    register_health_section(
        name="debriefs.activity",
        template="partials/debriefs/health.html",
        context=health,
        order=50,
    )
