"""Recruitment: a channel's openings, their questions, and the applications people send.

Every row carries its channel (ChannelOwned), so a tenant query is a one-column filter.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels.languages import LANGUAGE_CHOICES
from channels.models import ChannelOwned
from portal.models import TIME_ZONE_CHOICES

TITLE_MAX = 120
DESCRIPTION_MAX = 10_000
EXPERIENCE_MAX = 2_000
HOURS_MAX = 200
PROMPT_MAX = 300
QUESTION_HELP_MAX = 500
CHOICE_MAX = 100
CHOICES_MAX = 20
QUESTIONS_MAX = 20
MESSAGE_MAX = 5_000
SHORT_ANSWER_MAX = 200
LONG_ANSWER_MAX = 5_000


class OpeningState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    TRIAL = "trial", _("On trial")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application still in play: the applicant may not send a second one to the same opening.
ENDED_STATES = (ApplicationState.WITHDRAWN, ApplicationState.DECLINED)
WITHDRAWABLE_STATES = (
    ApplicationState.SUBMITTED,
    ApplicationState.IN_REVIEW,
    ApplicationState.TRIAL,
)


class Opening(ChannelOwned):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    role = models.ForeignKey(
        "channels.Role",
        verbose_name=_("role offered"),
        null=True,
        on_delete=models.SET_NULL,  # deleting a role must not delete the history of openings
        related_name="openings",
    )
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, blank=True
    )
    hours = models.CharField(_("hours"), max_length=HOURS_MAX, blank=True)
    experience = models.TextField(_("experience"), max_length=EXPERIENCE_MAX, blank=True)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    applicant_limit = models.PositiveIntegerField(
        _("applicant limit"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    state = models.CharField(
        max_length=10, choices=OpeningState.choices, default=OpeningState.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            # The board: open openings, newest first, optionally by time zone.
            models.Index(fields=["state", "-opened_at", "-id"], name="opening_board"),
            models.Index(fields=["state", "time_zone"], name="opening_by_time_zone"),
            # The team's list and a channel's public open positions.
            models.Index(fields=["channel", "state", "-created_at"], name="opening_by_channel"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("moderators:opening_detail", kwargs={"pk": self.pk})

    def language_codes(self) -> list[str]:
        """Codes in display order; uses the prefetched `language_rows` when present."""
        return sorted(row.code for row in self.language_rows.all())

    def language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return sorted(names.get(row.code, row.code) for row in self.language_rows.all())


class OpeningLanguage(ChannelOwned):
    """A language the opening asks for: a row each, so the board filters through an index
    on every database (JSON containment is PostgreSQL-only)."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="language_rows")
    code = models.CharField(max_length=10, choices=LANGUAGE_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opening", "code"], name="unique_opening_language")
        ]
        indexes = [models.Index(fields=["code", "opening"], name="opening_language_filter")]

    def __str__(self) -> str:
        return self.code


class OpeningQuestion(ChannelOwned):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    prompt = models.CharField(_("question"), max_length=PROMPT_MAX)
    help_text = models.CharField(_("help text"), max_length=QUESTION_HELP_MAX, blank=True)
    kind = models.CharField(
        _("kind of answer"),
        max_length=20,
        choices=QuestionKind.choices,
        default=QuestionKind.SHORT_TEXT,
    )
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["opening", "position"], name="question_order")]

    def __str__(self) -> str:
        return self.prompt


class Application(ChannelOwned):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(
        max_length=12, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    message = models.TextField(_("message"), max_length=MESSAGE_MAX, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "applicant"],
                condition=~Q(state__in=ENDED_STATES),
                name="one_active_application",
            )
        ]
        indexes = [
            models.Index(fields=["channel", "state", "-submitted_at"], name="application_by_state"),
            models.Index(fields=["opening", "state"], name="application_by_opening"),
            models.Index(fields=["applicant", "-submitted_at"], name="application_by_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.opening}"

    @property
    def can_withdraw(self) -> bool:
        return self.state in WITHDRAWABLE_STATES


class ApplicationAnswer(ChannelOwned):
    """One answer, with the question as it read when answered: later edits don't rewrite it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        OpeningQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    position = models.PositiveIntegerField(default=0)
    question_text = models.CharField(max_length=PROMPT_MAX)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    # Text for text questions, a choice or a list of choices, or a boolean for yes/no.
    value = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["application", "position"], name="answer_order")]

    def __str__(self) -> str:
        return self.question_text

    def display(self) -> str:
        """The answer as plain text (escaped by the template)."""
        if self.value is None or self.value == "" or self.value == []:
            return ""
        if self.kind == QuestionKind.YES_NO:
            return str(_("Yes")) if self.value else str(_("No"))
        if isinstance(self.value, list):
            return ", ".join(str(item) for item in self.value)
        return str(self.value)


# The review pipeline (issue 13): notes, votes, the history of moves, and trials.

NOTE_MAX = 5_000
DECISION_MESSAGE_MAX = 2_000
TRIAL_DAYS_DEFAULT = 14
TRIAL_DAYS_MAX = 90

# Where an application may go next; a state missing here (withdrawn, accepted, declined) is final.
TRANSITIONS = {
    ApplicationState.SUBMITTED: (ApplicationState.IN_REVIEW, ApplicationState.DECLINED),
    ApplicationState.IN_REVIEW: (
        ApplicationState.TRIAL,
        ApplicationState.ACCEPTED,
        ApplicationState.DECLINED,
    ),
    ApplicationState.TRIAL: (ApplicationState.ACCEPTED, ApplicationState.DECLINED),
}


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    UNSURE = "unsure", _("Unsure")


class ApplicationNote(ChannelOwned):
    """A reviewer's note: the team's thread about one application, never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"), max_length=NOTE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="note_thread")]

    def __str__(self) -> str:
        return self.body[:50]


class ApplicationVote(ChannelOwned):
    """One vote per reviewer per application; voting again changes it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "voter"], name="one_vote_per_reviewer")
        ]
        indexes = [models.Index(fields=["application", "choice"], name="vote_tally")]

    def __str__(self) -> str:
        return f"{self.voter} {self.choice}"


class ApplicationMove(ChannelOwned):
    """One step of the pipeline, with the decision message the applicant was sent."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moves")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=12, choices=ApplicationState.choices)
    to_state = models.CharField(max_length=12, choices=ApplicationState.choices)
    message = models.TextField(
        _("message to the applicant"), max_length=DECISION_MESSAGE_MAX, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="move_history")]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class ApplicationTrial(ChannelOwned):
    """The trial an application is in: its end date, and whether the reviewers were reminded."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="trial")
    ends_on = models.DateField(_("trial ends on"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # The reminder task: trials not yet reminded, by end date.
            models.Index(fields=["reminded_at", "ends_on"], name="trial_reminder_due")
        ]

    def __str__(self) -> str:
        return f"{self.application} until {self.ends_on}"
