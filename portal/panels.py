"""What the gathering pages show: registries each app fills from its plug-in module.

- The dashboard's panels: a template included in the dashboard's main column with the dict its
  context function returns for the request, bound as `panel`.
- The parts of the home page and of the community hub: each part's `context(request)` returns
  keys for the page's context (`openings`, `featured`, …); a key given by two parts is a mistake.
- The hub's "your tasks": each list's `items(user)` returns what waits for the user, under its
  name (`norms`, `training`, …).

Adding a panel, a part or a task list never means editing the page (portal/pages/views.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from .registry import Registry


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict]
    order: int = 100
    # Events from elsewhere than the reader's own channels that change what it shows (the
    # cached dashboard goes stale on them: portal/personalpages.py).
    stale_on: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoundPanel:
    name: str
    template: str
    context: dict


@dataclass(frozen=True)
class PagePart:
    name: str
    context: Callable[[HttpRequest], dict]
    order: int = 100
    stale_on: tuple[str, ...] = ()  # as a panel's


@dataclass(frozen=True)
class TaskList:
    name: str
    items: Callable[..., list]
    order: int = 100
    stale_on: tuple[str, ...] = ()  # as a panel's


dashboard_panels: Registry[Panel] = Registry("dashboard panel", order=lambda panel: panel.order)
home_parts: Registry[PagePart] = Registry("home page part", order=lambda part: part.order)
hub_parts: Registry[PagePart] = Registry("community hub part", order=lambda part: part.order)
hub_tasks: Registry[TaskList] = Registry("hub task list", order=lambda tasks: tasks.order)


def register_panel(
    *,
    name: str,
    template: str,
    context: Callable[[HttpRequest], dict],
    order: int = 100,
    stale_on: tuple[str, ...] = (),
) -> Panel:
    """Add a panel; registering the same panel again is harmless, another one by its name is not.
    `stale_on`: the events from elsewhere than the reader's channels that change it."""
    return dashboard_panels.register(
        Panel(name=name, template=template, context=context, order=order, stale_on=tuple(stale_on))
    )


def events_shown(*places: Registry) -> set[str]:
    """The events the entries of these places declared in `stale_on`."""
    return {name for place in places for entry in place for name in entry.stale_on}


def registered_panels() -> list[Panel]:
    return dashboard_panels.entries()


def bound_panels(request: HttpRequest) -> list[BoundPanel]:
    """Every panel with its context for this request; the queries are the panels' own."""
    return [
        BoundPanel(name=panel.name, template=panel.template, context=panel.context(request))
        for panel in dashboard_panels
    ]


def gathered(parts: Registry[PagePart], request: HttpRequest) -> dict:
    """The page context every registered part gives, in order."""
    context: dict = {}
    for part in parts:
        given = part.context(request)
        clash = context.keys() & given.keys()
        if clash:
            raise ImproperlyConfigured(f"Page part {part.name!r} gives {sorted(clash)} again.")
        context.update(given)
    return context


def tasks_for(user) -> dict[str, list]:
    """Each registered task list for the user, by name, in order."""
    return {tasks.name: tasks.items(user) for tasks in hub_tasks}
