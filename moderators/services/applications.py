"""Applications: anyone signed in applies (not the channel's own team), once per opening while
active, to an open opening before its closing date and below its limit, every answer fitting
its question, not faster than the spam limit; only the applicant withdraws."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.permissions import access_for
from channels.services import audit_record
from channels.services.guards import require_signed_in
from portal.ratelimits import over_limit
from portal.text import clean_text

from .. import selectors
from ..audit import RecruitmentAction
from ..models import (
    ENDED_STATES,
    LONG_ANSWER_MAX,
    MESSAGE_MAX,
    SHORT_ANSWER_MAX,
    WITHDRAWABLE_STATES,
    Application,
    ApplicationAnswer,
    ApplicationState,
    Opening,
    OpeningQuestion,
    OpeningState,
    QuestionKind,
)

# Spam guard: applications one person may send in an hour, across all openings. Counted in
# the shared cache (Redis in production) by django-ratelimit, so every web process agrees.
APPLICATIONS_PER_HOUR = 5


def _clean_answer(question: OpeningQuestion, value):
    """The answer in its stored shape, or ValidationError with a message for this question."""
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("Answer in text."))
        text = (value or "").strip()
        if "\x00" in text:
            raise ValidationError(_("Remove the invisible control characters from this text."))
        limit = SHORT_ANSWER_MAX if kind == QuestionKind.SHORT_TEXT else LONG_ANSWER_MAX
        if len(text) > limit:
            raise ValidationError(
                _("Keep your answer under %(limit)d characters (it has %(length)d).")
                % {"limit": limit, "length": len(text)}
            )
        if question.required and not text:
            raise ValidationError(_("Answer this question."))
        return text
    if kind == QuestionKind.SINGLE_CHOICE:
        if value in (None, ""):
            if question.required:
                raise ValidationError(_("Choose one answer."))
            return None
        if not isinstance(value, str) or value not in question.choices:
            raise ValidationError(_("Choose one of the answers offered."))
        return value
    if kind == QuestionKind.MULTIPLE_CHOICE:
        if value is None:
            value = []
        if isinstance(value, str) or not isinstance(value, list | tuple):
            raise ValidationError(_("Choose from the answers offered."))
        chosen = []
        for item in value:
            if not isinstance(item, str) or item not in question.choices:
                raise ValidationError(_("Choose only answers that are offered."))
            if item not in chosen:
                chosen.append(item)
        if question.required and not chosen:
            raise ValidationError(_("Choose at least one answer."))
        # Stored in the order the question offers them, whatever order they were sent in.
        return [choice for choice in question.choices if choice in chosen]
    if kind == QuestionKind.YES_NO:
        if value is None:
            if question.required:
                raise ValidationError(_("Answer yes or no."))
            return None
        if not isinstance(value, bool):
            raise ValidationError(_("Answer yes or no."))
        return value
    raise ValidationError(_("This question can't be answered."))


def _clean_answers(questions: list[OpeningQuestion], answers: Mapping) -> dict[int, object]:
    asked = {q.pk for q in questions}
    if set(answers) - asked:
        raise ValidationError(_("Answer only the questions this opening asks."))
    cleaned, errors = {}, {}
    for question in questions:
        try:
            cleaned[question.pk] = _clean_answer(question, answers.get(question.pk))
        except ValidationError as error:
            errors[f"question_{question.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def refusal_reason(*, opening: Opening, user) -> str:
    """Why `user` can't apply to `opening` now, or "" when they can (for pages; the service
    checks again inside its transaction)."""
    channel = opening.channel
    if channel.is_read_only:
        return _("This channel isn't taking applications right now.")
    if opening.state != OpeningState.OPEN:
        return _("This opening is closed: it takes no more applications.")
    if opening.closes_on and opening.closes_on < timezone.localdate():
        return _("This opening closed on %(date)s: it takes no more applications.") % {
            "date": opening.closes_on.isoformat()
        }
    if user is not None and user.is_authenticated:
        if access_for(channel=channel, user=user).is_member:
            return _("You're already on the team of %(channel)s.") % {"channel": channel.name}
        active = Application.objects.filter(opening=opening, applicant=user).exclude(
            state__in=ENDED_STATES
        )
        if active.exists():
            return _("You've already applied to this opening. See it under My applications.")
    limit = opening.applicant_limit
    if limit is not None and selectors.application_count(opening=opening) >= limit:
        return _("This opening has all the applicants it can take.")
    return ""


@transaction.atomic
def application_submit(
    *, opening: Opening, applicant, answers: Mapping[int, object], message: str = ""
) -> Application:
    """Apply to an open opening: answers keyed by question id, checked per question type."""
    require_signed_in(applicant)
    # Locked: the applicant limit and the one-active rule hold against simultaneous sends.
    opening = (
        Opening.objects.select_for_update(of=("self",)).select_related("channel").get(pk=opening.pk)
    )
    reason = refusal_reason(opening=opening, user=applicant)
    if reason:
        raise ValidationError(reason)
    message = clean_text(message, field="message", limit=MESSAGE_MAX)
    questions = list(OpeningQuestion.objects.filter(opening=opening).order_by("position", "id"))
    cleaned = _clean_answers(questions, answers)
    if over_limit(
        group="moderators.application_submit",
        key=str(applicant.pk),
        rate=f"{APPLICATIONS_PER_HOUR}/h",
    ):
        raise ValidationError(
            _("You've sent many applications in the last hour. Please try again later.")
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                channel_id=opening.channel_id,
                opening=opening,
                applicant=applicant,
                message=message,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You've already applied to this opening. See it under My applications.")
        ) from error
    ApplicationAnswer.objects.bulk_create(
        ApplicationAnswer(
            channel_id=opening.channel_id,
            application=application,
            question=question,
            position=position,
            question_text=question.prompt,
            kind=question.kind,
            value=cleaned[question.pk],
        )
        for position, question in enumerate(questions)
    )
    audit_record(
        channel=opening.channel,
        actor=applicant,
        action=RecruitmentAction.APPLICATION_SUBMITTED,
        target=application,
        after={"opening": opening.title, "state": application.state},
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor) -> Application:
    """The applicant takes their application back. Nobody else may; a decided one stays."""
    require_signed_in(actor)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("opening", "channel")
        .get(pk=application.pk)
    )
    if application.applicant_id != actor.pk:
        raise PermissionDenied
    if application.state == ApplicationState.WITHDRAWN:
        return application
    if application.state not in WITHDRAWABLE_STATES:
        raise ValidationError(_("This application is already decided and can't be withdrawn."))
    before = application.state
    application.state = ApplicationState.WITHDRAWN
    application.withdrawn_at = timezone.now()
    application.save(update_fields=["state", "withdrawn_at"])
    channel = application.channel
    audit_record(
        channel=channel,
        actor=actor,
        action=RecruitmentAction.APPLICATION_WITHDRAWN,
        target=application,
        before={"state": before},
        after={"state": application.state},
    )
    return application
