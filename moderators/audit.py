"""The audit actions recruitment writes, with their human labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecruitmentAction(models.TextChoices):
    OPENING_CREATED = "opening.created", _("Opening created")
    OPENING_UPDATED = "opening.updated", _("Opening changed")
    OPENING_OPENED = "opening.opened", _("Opening published")
    OPENING_CLOSED = "opening.closed", _("Opening closed")
    QUESTION_ADDED = "opening.question_added", _("Opening question added")
    QUESTION_UPDATED = "opening.question_updated", _("Opening question changed")
    QUESTION_REMOVED = "opening.question_removed", _("Opening question removed")
    QUESTION_MOVED = "opening.question_moved", _("Opening questions reordered")
    APPLICATION_SUBMITTED = "application.submitted", _("Application received")
    APPLICATION_WITHDRAWN = "application.withdrawn", _("Application withdrawn")
    APPLICATION_MOVED = "application.moved", _("Application moved to review")
    APPLICATION_TRIAL_STARTED = "application.trial_started", _("Applicant's trial started")
    APPLICATION_TRIAL_ENDING = "application.trial_ending", _("Applicant's trial ending")
    APPLICATION_ACCEPTED = "application.accepted", _("Application accepted")
    APPLICATION_DECLINED = "application.declined", _("Application declined")
    APPLICATION_NOTE_ADDED = "application.note_added", _("Reviewer note added")
    APPLICATION_VOTED = "application.voted", _("Reviewer voted on an application")


class InvitationAction(models.TextChoices):
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_RESENT = "invitation.resent", _("Invitation sent again")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    INVITATION_DECLINED = "invitation.declined", _("Invitation declined")
    INVITATION_EXPIRED = "invitation.expired", _("Invitation expired")
