"""Every write of recruitment: openings, their questions, applications. One transaction each.

Rules guarded here, whatever the caller (a view, the admin, a task, the demo seeder):
- openings and their questions are managed by members who can review applications, and only
  while the channel is neither suspended nor archived;
- anyone signed in may apply, except the channel's own team; only to an open opening before its
  closing date and below its applicant limit; once per opening while the application is active;
  every answer fits its question; and not faster than the spam limit;
- only the applicant withdraws their application.

One module per concern: `openings` (openings and their questions), `applications`, and
`review` (the pipeline: moves, notes, votes, trials and their reminders).
Import services from here: `from moderators.services import application_submit`.
"""

from .applications import (
    APPLICATIONS_PER_HOUR,
    application_submit,
    application_withdraw,
    refusal_reason,
)
from .openings import (
    OPENING_FIELDS,
    QUESTION_FIELDS,
    opening_close,
    opening_create,
    opening_open,
    opening_update,
    question_add,
    question_delete,
    question_move,
    question_update,
)
from .review import (
    allowed_moves,
    application_move,
    application_note_add,
    application_vote,
    trainee_role,
    trial_reminders_send,
)

__all__ = [
    "APPLICATIONS_PER_HOUR",
    "OPENING_FIELDS",
    "QUESTION_FIELDS",
    "allowed_moves",
    "application_move",
    "application_note_add",
    "application_submit",
    "application_vote",
    "application_withdraw",
    "opening_close",
    "opening_create",
    "opening_open",
    "opening_update",
    "question_add",
    "question_delete",
    "question_move",
    "question_update",
    "refusal_reason",
    "trainee_role",
    "trial_reminders_send",
]
