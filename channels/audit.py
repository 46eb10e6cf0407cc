"""Audit action names and their labels: the channels app's domain events.

Each app names its actions in a `TextChoices` enum of dotted past-tense names (the constants its
services pass to `audit_record`) and declares them as domain events (portal/events.py: label,
visibility, data) from its plug-in module. The audit log page, its filter and the admin read the
event registry, so a new app never edits this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import events


class ChannelAction(models.TextChoices):
    CHANNEL_CREATED = "channel.created", _("Channel created")
    CHANNEL_UPDATED = "channel.updated", _("Channel settings changed")
    CHANNEL_ARCHIVED = "channel.archived", _("Channel archived")
    CHANNEL_RESTORED = "channel.restored", _("Channel restored")
    CHANNEL_SUSPENDED = "channel.suspended", _("Channel suspended by the platform")
    CHANNEL_UNSUSPENDED = "channel.unsuspended", _("Suspension lifted")
    OWNERSHIP_TRANSFERRED = "channel.ownership_transferred", _("Ownership transferred")
    ROLE_CREATED = "role.created", _("Role created")
    ROLE_UPDATED = "role.updated", _("Role changed")
    ROLE_DELETED = "role.deleted", _("Role deleted")
    ROLE_REORDERED = "role.reordered", _("Roles reordered")
    MEMBERSHIP_ADDED = "membership.added", _("Member added")
    MEMBERSHIP_JOINED = "membership.joined", _("Member joined")
    MEMBERSHIP_ROLES_CHANGED = "membership.roles_changed", _("Member's roles changed")
    MEMBERSHIP_REMOVED = "membership.removed", _("Member removed")
    MEMBERSHIP_LEFT = "membership.left", _("Member left")
    MEMBERSHIP_LISTING_CHANGED = "membership.listing_changed", _("Public listing changed")


# The team changes other apps follow (Twitch's outbox, the norms welcome). Their occurrences
# carry the live `membership`, `roles_before` and `roles_after` as subjects.
TEAM_CHANGES = (
    ChannelAction.MEMBERSHIP_JOINED,
    ChannelAction.MEMBERSHIP_ROLES_CHANGED,
    ChannelAction.MEMBERSHIP_REMOVED,
    ChannelAction.MEMBERSHIP_LEFT,
)

CHANNEL_EVENTS = events.events_from(
    ChannelAction,
    visibility=events.Visibility.AUDIT,
    visible={
        ChannelAction.CHANNEL_CREATED: events.Visibility.PUBLIC,
        ChannelAction.CHANNEL_UPDATED: events.Visibility.PUBLIC,
        ChannelAction.CHANNEL_ARCHIVED: events.Visibility.PUBLIC,
        ChannelAction.CHANNEL_RESTORED: events.Visibility.PUBLIC,
        ChannelAction.OWNERSHIP_TRANSFERRED: events.Visibility.TEAM,
        ChannelAction.MEMBERSHIP_JOINED: events.Visibility.TEAM,
        ChannelAction.MEMBERSHIP_LEFT: events.Visibility.TEAM,
        ChannelAction.MEMBERSHIP_REMOVED: events.Visibility.TEAM,
    },
    data={
        ChannelAction.CHANNEL_CREATED: ("name", "slug", "visibility", "language"),
        ChannelAction.CHANNEL_UPDATED: (
            "name",
            "platform",
            "platform_url",
            "description",
            "languages",
            "time_zone",
            "visibility",
            "avatar",
        ),
        ChannelAction.CHANNEL_SUSPENDED: ("reason",),
        ChannelAction.CHANNEL_UNSUSPENDED: ("reason",),
        ChannelAction.OWNERSHIP_TRANSFERRED: ("owner",),
        ChannelAction.ROLE_CREATED: ("name", "capabilities"),
        ChannelAction.ROLE_UPDATED: ("name", "description", "colour", "capabilities"),
        ChannelAction.ROLE_DELETED: ("name", "capabilities", "held_by"),
        ChannelAction.ROLE_REORDERED: ("order",),
        ChannelAction.MEMBERSHIP_ADDED: ("roles",),
        ChannelAction.MEMBERSHIP_JOINED: ("roles", "via"),
        ChannelAction.MEMBERSHIP_ROLES_CHANGED: ("roles", "via"),
        ChannelAction.MEMBERSHIP_REMOVED: ("roles", "reason"),
        ChannelAction.MEMBERSHIP_LEFT: ("roles",),
        ChannelAction.MEMBERSHIP_LISTING_CHANGED: ("listed",),
    },
)


def register_actions(actions: type[models.TextChoices]) -> None:
    """Declare an app's action enum as events with the default visibility (kept for callers of
    the older API); an action already declared with the same label is left as declared."""
    for action in actions:
        known = events.events.get(action.value)
        if known is None:
            events.declare(events.Event(name=action.value, label=action.label))
        elif str(known.label) != str(action.label):
            raise ValueError(f"audit action {action.value!r} is already registered")


def unregister_actions(actions: type[models.TextChoices]) -> None:
    for action in actions:
        events.events.unregister(action.value)


def action_label(action: str) -> str:
    """The declared label, or the dotted name itself for an action no app declares now."""
    return events.label_for(action)


def action_choices() -> list[tuple[str, str]]:
    """Every declared event, in declaration order, for the audit log's filter."""
    return [(event.name, event.label) for event in events.catalogue()]


def is_registered(action: str) -> bool:
    return events.is_declared(action)
