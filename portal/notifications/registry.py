"""The one list of notification event types.

An app declares its notification kinds in its own module (for example `channels/notifications.py`,
registered from its plugin module), so a feature adds a kind in one place:

    register(EventType(
        name="membership.roles_changed",
        label=_("Your roles changed"),
        summary="{{ actor }} changed your roles in {{ channel }} to {{ roles|join:', ' }}.",
        default_delivery=Delivery.IMMEDIATE,
        per_channel=True,
    ))

`summary` is a Django template string, marked for translation (`gettext_lazy`), rendered without
HTML escaping because it is plain text, with the notification's context plus `actor`, `channel`
and `target_label`. It is rendered for each reader, in their language, when shown or emailed
(`Notification.text`); the row keeps a copy in the site's language. Shown in HTML, it is escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.template import Context, Template
from django.utils.translation import gettext_lazy as _

from portal.registry import Registry, qualified_name


class Delivery(models.TextChoices):
    """How one user wants one event: the preference values, in the order the form offers them."""

    IN_APP = "in_app", _("In-app only")
    IMMEDIATE = "immediate", _("Email immediately")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("Off")


# Dotted lower-case words; no "__", which the preferences form uses to build field names.
NAME_PATTERN = re.compile(r"^[a-z](?:_?[a-z0-9])*(?:\.[a-z](?:_?[a-z0-9])*)+$")
GENERIC_EMAIL_HTML = "email/notifications/notification.html"
GENERIC_EMAIL_TEXT = "email/notifications/notification.txt"
SUMMARY_MAX_LENGTH = 300


@dataclass(frozen=True)
class EventType:
    """One kind of notification. `name` is the dotted past-tense audit action it reports."""

    name: str
    label: str
    summary: str
    default_delivery: str = Delivery.IN_APP
    per_channel: bool = False
    description: str = ""
    email_html_template: str = GENERIC_EMAIL_HTML
    email_text_template: str = GENERIC_EMAIL_TEXT

    def __post_init__(self):
        if not NAME_PATTERN.match(self.name):
            raise ValueError(f"Event names are dotted lower-case words, not {self.name!r}.")
        if self.default_delivery not in Delivery.values:
            raise ValueError(f"Unknown delivery {self.default_delivery!r} for {self.name}.")
        _compiled(str(self.summary))  # a broken template fails at registration, not at notify time

    def render_summary(self, *, context: dict, actor=None, channel=None, target_label="") -> str:
        # None would render as "None": an absent actor or channel renders as nothing.
        values = {
            **context,
            "actor": actor if actor is not None else "",
            "channel": channel if channel is not None else "",
            "target_label": target_label,
        }
        # str(): a lazy summary becomes the active language's translation here.
        text = _compiled(str(self.summary)).render(Context(values, autoescape=False))
        # One line: it becomes an email subject, where a newline would be a header injection.
        return " ".join(text.split())[:SUMMARY_MAX_LENGTH]


_events: Registry[EventType] = Registry("notification event")


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    return Template(source)


def register(event_type: EventType) -> EventType:
    """Add an event type. Registering the same definition twice is harmless (ready() may rerun)."""
    return _events.register(event_type)


def unregister(name: str) -> None:
    _events.unregister(name)


def get(name: str) -> EventType:
    return _events[name]


def get_or_none(name: str) -> EventType | None:
    return _events.get(name)


def all_events() -> list[EventType]:
    """Every registered event, in a stable order for forms: by label, then name."""
    return sorted(_events, key=lambda event: (str(event.label).lower(), event.name))


def label_for(name: str) -> str:
    """The human label of an event, or its name when the event is no longer registered."""
    event = _events.get(name)
    return str(event.label) if event else name


# Where a user's channels come from, for per-channel preferences. The notifications app does
# not read other apps' models; an app that knows a user's channels registers a source.
_channel_sources: Registry = Registry("channel source", key=qualified_name)


def register_channel_source(source) -> None:
    """`source(user)` returns (channel id, channel name) pairs the user belongs to."""
    _channel_sources.register(source)


def channels_from_sources(user) -> dict[int, str]:
    found: dict[int, str] = {}
    for source in _channel_sources:
        found.update(source(user))
    return found
