"""Sections of a channel's team-health page: a registry each app fills from its plug-in module.

    register_health_section(name="norms.acknowledgement", template="partials/norms/health.html",
                            context=acknowledgement_health, order=30)

`context(channel)` returns the dict bound as `section` in the template; it runs a fixed number
of queries, whatever the size of the team. Adding a section never means editing the page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from portal.registry import Registry


@dataclass(frozen=True)
class HealthSection:
    name: str
    template: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class BoundSection:
    name: str
    template: str
    context: dict


sections: Registry[HealthSection] = Registry("health section", order=lambda s: s.order)


def register_health_section(
    *, name: str, template: str, context: Callable, order: int = 100
) -> HealthSection:
    """Registering the same section again is harmless, another one by its name is not."""
    return sections.register(
        HealthSection(name=name, template=template, context=context, order=order)
    )


def bound_sections(channel) -> list[BoundSection]:
    """Every section with its context for this channel, in order."""
    return [
        BoundSection(name=s.name, template=s.template, context=s.context(channel)) for s in sections
    ]
