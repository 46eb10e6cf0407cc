"""Every write to a channel, its roles and its team. One transaction each, audited.

One module per concern: `channel` (the channel itself), `team` (memberships), `roles`, plus
`guards` (the checks every service runs on its actor and channel) and `audit` (the audit
helper). Import services from here: `from channels.services import membership_join`.

Rules guarded here, whatever the caller (a view, the admin, a task, another service): every
service checks its actor itself (the capability, the owner, the member themself or the platform
permission it needs); nobody grants, edits or removes capabilities they do not hold themselves;
the owner cannot be removed and cannot leave without handing over; a suspended or archived
channel accepts no writes except leaving (and restoring an archive, not while suspended).
A refusal raises PermissionDenied (no standing) or ValidationError (a rule broken): see guards.
Every public function here has a row in tests/channels/test_service_matrix.py.
"""

from .audit import audit_changes, audit_record
from .channel import (
    CHANNEL_FIELDS,
    channel_archive,
    channel_create,
    channel_restore,
    channel_suspend,
    channel_transfer_ownership,
    channel_unsuspend,
    channel_update,
)
from .roles import role_create, role_create_from_template, role_delete, role_move, role_update
from .team import (
    membership_join,
    membership_leave,
    membership_promote,
    membership_remove,
    membership_set_listed,
    membership_set_roles,
)

__all__ = [
    "CHANNEL_FIELDS",
    "audit_changes",
    "audit_record",
    "channel_archive",
    "channel_create",
    "channel_restore",
    "channel_suspend",
    "channel_transfer_ownership",
    "channel_unsuspend",
    "channel_update",
    "membership_join",
    "membership_promote",
    "membership_leave",
    "membership_remove",
    "membership_set_listed",
    "membership_set_roles",
    "role_create",
    "role_create_from_template",
    "role_delete",
    "role_move",
    "role_update",
]
