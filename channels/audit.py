"""Audit action names and their labels.

Each app declares its actions as a `TextChoices` enum of dotted past-tense names (the same
names its notification events use) and registers it from its `AppConfig.ready()` with
`register_actions(...)`. The audit log page, its filter and the admin read the registry, so a
new app never edits this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str] = {}


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


def register_actions(actions: type[models.TextChoices]) -> None:
    """Add an app's action enum; a name registered twice with another label is a mistake."""
    for action in actions:
        known = _LABELS.get(action.value)
        if known is not None and str(known) != str(action.label):
            raise ValueError(f"audit action {action.value!r} is already registered")
        _LABELS[action.value] = action.label


def unregister_actions(actions: type[models.TextChoices]) -> None:
    for action in actions:
        _LABELS.pop(action.value, None)


def action_label(action: str) -> str:
    """The registered label, or the dotted name itself for an action no app registers now."""
    return _LABELS.get(action, action)


def action_choices() -> list[tuple[str, str]]:
    """Every registered action, in registration order, for the audit log's filter."""
    return list(_LABELS.items())


def is_registered(action: str) -> bool:
    return action in _LABELS
