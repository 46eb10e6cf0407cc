"""The channel's tabs: a registry each app fills from its plug-in module.

    register_tab(name="norms", label=_("Norms"), url_name="norms:index", order=40,
                 capability=None, current_for=["norms:index", "norms:edit"])

A tab shows to members only, and only to those holding its capability (None: every member).
`url_name` is reversed with the channel's slug; `current_for` lists the views (namespaced
names) under which the tab is the current page, marked `aria-current="page"`. `enabled`, if
given, is asked on every page: a feature switched off by configuration hides its tab.
`owner=True`: only the channel's owner sees the tab.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from portal.registry import Registry

from .models import Capability


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str
    capability: Capability | None
    order: int
    current_for: frozenset[str]
    enabled: Callable[[], bool] | None = None
    owner: bool = False


@dataclass(frozen=True)
class ShownTab:
    label: str
    url: str
    is_current: bool


tabs: Registry[Tab] = Registry("channel tab", order=lambda tab: tab.order)


def register_tab(
    *,
    name: str,
    label: str,
    url_name: str,
    capability: Capability | str | None = None,
    order: int = 100,
    current_for=(),
    enabled: Callable[[], bool] | None = None,
    owner: bool = False,
) -> Tab:
    return tabs.register(
        Tab(
            name=name,
            label=label,
            url_name=url_name,
            # A typo fails when the app starts, not by hiding the tab.
            capability=Capability(capability) if capability is not None else None,
            order=order,
            current_for=frozenset({url_name, *current_for}),
            enabled=enabled,
            owner=owner,
        )
    )


def unregister_tab(name: str) -> None:
    tabs.unregister(name)


def tabs_for(*, access, channel, current: str) -> list[ShownTab]:
    """The tabs this member may see, in order; none for people outside the team."""
    if access is None or not access.is_member:
        return []
    return [
        ShownTab(
            label=tab.label,
            url=reverse(tab.url_name, kwargs={"slug": channel.slug}),
            is_current=current in tab.current_for,
        )
        for tab in tabs
        if (tab.capability is None or access.can(tab.capability))
        and (tab.enabled is None or tab.enabled())
        and (not tab.owner or access.is_owner)
    ]
