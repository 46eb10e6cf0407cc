"""Domain events: one fact, many consumers.

Each app declares its events once, in its plug-in module (`<app>/plugin.py`): the dotted
past-tense name, the label the audit log shows, who may see it and the data it carries.

    declare(
        Event("membership.joined", _("Member joined"), Visibility.TEAM, data=("roles", "via")),
    )

A service records an event once, inside its transaction, with `channels.services.audit_record`
(the channel's audit row is the record; see channels/services/audit.py). Recording publishes an
`Occurrence` to every subscriber of that event name, or of every event (`ALL`):

    @subscribe("membership.joined", name="norms.welcome")             # in the transaction
    def welcome(occurrence): ...

    @subscribe(ALL, name="webhooks.queue", when=When.ON_COMMIT)        # after it commits
    def queue_webhooks(occurrence): ...

A subscriber that writes runs in the transaction (its rows, an outbox row say, commit or roll
back with the change; if it raises, the service fails and nothing is written). One that only
reacts runs on commit, and never for a change that rolled back. Subscribing never means editing
a service, and `catalogue()` lists every event (name, label, visibility, data) for a form that
picks which events a consumer gets.

This module is part of the base layer: it imports no app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .registry import Registry

ALL = "*"
NAME_PATTERN = re.compile(r"^[a-z](?:_?[a-z0-9])*(?:\.[a-z](?:_?[a-z0-9])*)+$")


class Visibility(models.TextChoices):
    """Who may see that an event happened (the audit log itself stays with its readers)."""

    PUBLIC = "public", _("Anyone: it changes a public page")
    TEAM = "team", _("The channel's members")
    AUDIT = "audit", _("Members who can view the audit log")


class When(models.TextChoices):
    IN_TRANSACTION = "in_transaction", _("Inside the change's transaction")
    ON_COMMIT = "on_commit", _("Once the change has committed")


@dataclass(frozen=True)
class Event:
    """One kind of change. `data` names the keys its record's before/after may carry."""

    name: str
    label: str
    visibility: str = Visibility.AUDIT
    data: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self):
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"Event names are dotted lower-case words, not {self.name!r}.")
        if self.visibility not in Visibility.values:
            raise ValueError(f"Unknown visibility {self.visibility!r} for {self.name}.")
        object.__setattr__(self, "data", tuple(self.data))


@dataclass(frozen=True)
class Occurrence:
    """One recorded event, as subscribers receive it.

    `before` and `after` are the JSON data stored on the record (what a webhook or a feed may
    send); `subjects` holds live objects for in-process subscribers only (the membership, the
    roles before and after, …), named by the service that records the event.
    """

    event: Event
    channel: Any
    actor: Any
    target: Any
    before: Mapping = field(default_factory=dict)
    after: Mapping = field(default_factory=dict)
    record: Any = None
    subjects: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def name(self) -> str:
        return self.event.name

    def subject(self, name: str, default: Any = None) -> Any:
        return self.subjects.get(name, default)


@dataclass(frozen=True)
class Subscriber:
    name: str
    event: str
    handler: Callable[[Occurrence], Any]
    when: str = When.IN_TRANSACTION
    order: int = 100

    def __post_init__(self):
        if self.event != ALL and not NAME_PATTERN.match(self.event):
            raise ValueError(f"Subscribe to an event name or to ALL, not {self.event!r}.")
        if self.when not in When.values:
            raise ValueError(f"Unknown subscriber timing {self.when!r} for {self.name}.")


events: Registry[Event] = Registry("domain event")
subscribers: Registry[Subscriber] = Registry(
    "event subscriber", order=lambda subscriber: subscriber.order
)


def declare(*declared: Event) -> tuple[Event, ...]:
    """Add an app's events (the same declaration twice is harmless, another one is not)."""
    for event in declared:
        events.register(event)
    return declared


def events_from(
    choices: type[models.TextChoices],
    *,
    visibility: str = Visibility.AUDIT,
    visible: Mapping[str, str] | None = None,
    data: Mapping[str, Iterable[str]] | None = None,
) -> tuple[Event, ...]:
    """Events named and labelled by an app's action enum (the constants its services use),
    with one default visibility, exceptions in `visible` and each event's data fields."""
    visible, data = visible or {}, data or {}
    return tuple(
        Event(
            name=choice.value,
            label=choice.label,
            visibility=visible.get(choice.value, visibility),
            data=tuple(data.get(choice.value, ())),
        )
        for choice in choices
    )


def subscribe(
    event: str, *, name: str, when: str = When.IN_TRANSACTION, order: int = 100
) -> Callable[[Callable[[Occurrence], Any]], Callable[[Occurrence], Any]]:
    """Decorator: run the function for each occurrence of `event` (or of every event: ALL)."""

    def decorator(handler):
        subscribers.register(
            Subscriber(name=name, event=event, handler=handler, when=when, order=order)
        )
        return handler

    return decorator


def is_declared(name: str) -> bool:
    return name in events


def get(name: str) -> Event:
    return events[name]


def label_for(name: str) -> str:
    """The declared label, or the dotted name itself for an event no app declares now."""
    event = events.get(name)
    return event.label if event is not None else name


def catalogue() -> list[Event]:
    """Every declared event, in declaration order: name, label, visibility, data."""
    return events.entries()


def subscribers_of(name: str) -> list[Subscriber]:
    return [s for s in subscribers if s.event == name or s.event == ALL]


def publish(occurrence: Occurrence, *, using: str | None = None) -> None:
    """Hand a recorded event to its subscribers: in-transaction ones now, in order (an
    exception propagates, so the caller's transaction rolls back), on-commit ones once the
    transaction commits (never, if it rolls back)."""
    for subscriber in subscribers_of(occurrence.name):
        if subscriber.when == When.IN_TRANSACTION:
            subscriber.handler(occurrence)
        else:
            transaction.on_commit(partial(subscriber.handler, occurrence), using=using, robust=True)
