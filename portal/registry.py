"""One registry type for every named, ordered extension point.

An app plugs into a shared place (the channel's tabs, the dashboard's panels, the team-health
sections, the domain events and their subscribers, the beat schedule, …) by registering an
entry in that place's `Registry` from its one plug-in module (`<app>/plugin.py`, imported by its
`AppConfig.ready()`). The place that shows the entries only reads the registry, so adding a
feature never means editing another app's list.

    tabs = Registry("channel tab", order=lambda tab: tab.order)
    tabs.register(Tab(name="norms", order=40, ...))
    for tab in tabs: ...                      # by `order`, then by name

The one duplicate rule, everywhere: registering the same entry under a name again is harmless
(a module may be imported twice), another entry under a taken name is a mistake and raises
`DuplicateRegistration`. Tests undo what they register with `registry.registered(entry)`
(a context manager), or take a `registry.snapshot()` and get every entry back as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class DuplicateRegistration(ImproperlyConfigured, ValueError):
    """Another entry is already registered under this name."""


def by_name(entry: Any) -> str:
    return entry.name


def qualified_name(fn: Callable) -> str:
    """The key of a registry of plain functions: where the function is defined."""
    return f"{fn.__module__}.{fn.__qualname__}"


class Registry(Generic[T]):
    """Entries by name; iterated by `order(entry)` then name, or in registration order when
    the registry has no `order`."""

    def __init__(
        self,
        label: str,
        *,
        key: Callable[[T], str] = by_name,
        order: Callable[[T], Any] | None = None,
    ):
        self.label = label
        self._key = key
        self._order = order
        self._entries: dict[str, T] = {}

    def __repr__(self) -> str:
        return f"<Registry {self.label}: {len(self._entries)} entries>"

    # --- writing ------------------------------------------------------------------------------

    def register(self, entry: T) -> T:
        name = self._key(entry)
        existing = self._entries.get(name)
        if existing is not None and existing != entry:
            raise DuplicateRegistration(f"Another {self.label} is already registered as {name!r}.")
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    @contextmanager
    def registered(self, entry: T) -> Iterator[T]:
        """Register `entry` for the duration of a `with` block, then put back what was there."""
        with self.snapshot():
            yield self.register(entry)

    @contextmanager
    def snapshot(self) -> Iterator[Registry[T]]:
        """Every registration made inside the block is undone when it ends."""
        saved = dict(self._entries)
        try:
            yield self
        finally:
            self._entries.clear()
            self._entries.update(saved)

    # --- reading ------------------------------------------------------------------------------

    def get(self, name: str, default: T | None = None) -> T | None:
        return self._entries.get(name, default)

    def __getitem__(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            raise LookupError(f"No {self.label} {name!r} is registered.") from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[T]:
        return iter(self.entries())

    def names(self) -> list[str]:
        return [self._key(entry) for entry in self.entries()]

    def entries(self) -> list[T]:
        entries = list(self._entries.items())
        if self._order is not None:
            order = self._order
            entries.sort(key=lambda item: (order(item[1]), item[0]))
        return [entry for _name, entry in entries]
