"""The dashboard's panels: a registry each app fills from its `AppConfig.ready()`.

A panel is a template included in the dashboard's main column with the dict its context function
returns for the request, bound as `panel`. Adding a panel never means editing the dashboard.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict]
    order: int = 100


@dataclass(frozen=True)
class BoundPanel:
    name: str
    template: str
    context: dict


_registry: dict[str, Panel] = {}


def register_panel(
    *, name: str, template: str, context: Callable[[HttpRequest], dict], order: int = 100
) -> Panel:
    """Add a panel; registering the same panel again is harmless, another one by its name is not."""
    panel = Panel(name=name, template=template, context=context, order=order)
    existing = _registry.get(name)
    if existing is not None and existing != panel:
        raise ImproperlyConfigured(f"Another dashboard panel is already registered as {name!r}.")
    _registry[name] = panel
    return panel


def registered_panels() -> list[Panel]:
    return sorted(_registry.values(), key=lambda panel: (panel.order, panel.name))


def bound_panels(request: HttpRequest) -> list[BoundPanel]:
    """Every panel with its context for this request; the queries are the panels' own."""
    return [
        BoundPanel(name=panel.name, template=panel.template, context=panel.context(request))
        for panel in registered_panels()
    ]
