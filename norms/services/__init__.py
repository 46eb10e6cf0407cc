"""Every write to a channel's norms. One transaction each, audited, actor checked.

Rules guarded here, whatever the caller: only members who can manage norms touch the draft,
comment on it, copy a starter template into it or publish it, and only while the channel is
writable; any member acknowledges the current version for themself; published versions are
never edited or deleted (NormVersion refuses it). A refusal raises PermissionDenied (no
standing) or ValidationError (a rule broken), and nothing is written.
"""

from .acknowledgements import norms_acknowledge, norms_send_reminders, norms_welcome
from .drafts import (
    NORM_FIELDS,
    norm_comment,
    norm_create,
    norm_delete,
    norm_move,
    norm_update,
    norms_copy_template,
)
from .publishing import norms_publish

__all__ = [
    "NORM_FIELDS",
    "norm_comment",
    "norm_create",
    "norm_delete",
    "norm_move",
    "norm_update",
    "norms_acknowledge",
    "norms_copy_template",
    "norms_publish",
    "norms_send_reminders",
    "norms_welcome",
]
