"""The channel's tabs: a registry each app fills from its `AppConfig.ready()`.

    register_tab(name="norms", label=_("Norms"), url_name="norms:index", order=40,
                 capability=None, current_for=["norms:index", "norms:edit"])

A tab shows to members only, and only to those holding its capability (None: every member).
`url_name` is reversed with the channel's slug; `current_for` lists the views (namespaced
names) under which the tab is the current page, marked `aria-current="page"`. `enabled`, if
given, is asked on every page: a feature switched off by configuration hides its tab.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Capability

_TABS: dict[str, "Tab"] = {}


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    url_name: str
    capability: Capability | None
    order: int
    current_for: frozenset[str]
    enabled: Callable[[], bool] | None = None


@dataclass(frozen=True)
class ShownTab:
    label: str
    url: str
    is_current: bool


def register_tab(
    *,
    name: str,
    label: str,
    url_name: str,
    capability: Capability | str | None = None,
    order: int = 100,
    current_for=(),
    enabled: Callable[[], bool] | None = None,
) -> Tab:
    if name in _TABS:
        raise ValueError(f"channel tab {name!r} is already registered")
    tab = Tab(
        name=name,
        label=label,
        url_name=url_name,
        # A typo fails when the app starts, not by hiding the tab.
        capability=Capability(capability) if capability is not None else None,
        order=order,
        current_for=frozenset({url_name, *current_for}),
        enabled=enabled,
    )
    _TABS[name] = tab
    return tab


def unregister_tab(name: str) -> None:
    _TABS.pop(name, None)


def tabs_for(*, access, channel, current: str) -> list[ShownTab]:
    """The tabs this member may see, in order; none for people outside the team."""
    if access is None or not access.is_member:
        return []
    tabs = sorted(_TABS.values(), key=lambda tab: (tab.order, tab.name))
    return [
        ShownTab(
            label=tab.label,
            url=reverse(tab.url_name, kwargs={"slug": channel.slug}),
            is_current=current in tab.current_for,
        )
        for tab in tabs
        if (tab.capability is None or access.can(tab.capability))
        and (tab.enabled is None or tab.enabled())
    ]


def register_channel_tabs() -> None:
    """The channels app's own tabs."""
    register_tab(name="overview", label=_("Overview"), url_name="channels:detail", order=0)
    register_tab(
        name="team",
        label=_("Team"),
        url_name="channels:team",
        order=10,
        current_for=[
            "channels:member_roles",
            "channels:member_remove",
            "channels:leave",
        ],
    )
    register_tab(
        name="roles",
        label=_("Roles"),
        url_name="channels:roles",
        order=20,
        current_for=["channels:role_create", "channels:role_edit", "channels:role_delete"],
    )
    register_tab(
        name="audit",
        label=_("Audit log"),
        url_name="channels:audit",
        capability=Capability.VIEW_AUDIT_LOG,
        order=80,
    )
    register_tab(
        name="settings",
        label=_("Settings"),
        url_name="channels:settings",
        capability=Capability.MANAGE_CHANNEL,
        order=90,
        current_for=["channels:transfer", "channels:archive"],
    )
