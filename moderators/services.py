"""Every write of recruitment: openings, their questions, applications. One transaction each.

Rules guarded here, whatever the caller (a view, the admin, a task, the demo seeder):
- openings and their questions are managed by members who can review applications, and only
  while the channel is neither suspended nor archived;
- anyone signed in may apply, except the channel's own team; only to an open opening before its
  closing date and below its applicant limit; once per opening while the application is active;
  every answer fits its question; and not faster than the spam limit;
- only the applicant withdraws their application.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from channels.languages import LANGUAGE_CHOICES
from channels.models import Capability, Channel, Role
from channels.permissions import access_for
from channels.services import audit_record
from channels.services.guards import ensure_writable, require_capability, require_signed_in
from portal.notifications.services import notify

from . import selectors
from .audit import RecruitmentAction
from .models import (
    CHOICE_KINDS,
    CHOICE_MAX,
    CHOICES_MAX,
    ENDED_STATES,
    LONG_ANSWER_MAX,
    MESSAGE_MAX,
    QUESTIONS_MAX,
    SHORT_ANSWER_MAX,
    WITHDRAWABLE_STATES,
    Application,
    ApplicationAnswer,
    ApplicationState,
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningState,
    QuestionKind,
)

OPENING_FIELDS = (
    "title",
    "role",
    "description",
    "languages",
    "time_zone",
    "hours",
    "experience",
    "closes_on",
    "applicant_limit",
)
QUESTION_FIELDS = ("prompt", "help_text", "kind", "required", "choices")
# Spam guard: applications one person may send in an hour, across all openings. Counted in
# the shared cache (Redis in production) by django-ratelimit, so every web process agrees.
APPLICATIONS_PER_HOUR = 5
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)


def _manage(opening_or_channel, actor) -> None:
    channel = (
        opening_or_channel
        if isinstance(opening_or_channel, Channel)
        else opening_or_channel.channel
    )
    require_capability(channel, actor, Capability.REVIEW_APPLICATIONS)
    ensure_writable(channel)


def _clean_text(value, field: str) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError({field: _("Remove the invisible control characters from this text.")})
    return value


def _snapshot(opening: Opening) -> dict:
    return {
        "title": opening.title,
        "role": opening.role.name if opening.role_id else "",
        "description": opening.description,
        "languages": opening.language_codes(),
        "time_zone": opening.time_zone,
        "hours": opening.hours,
        "experience": opening.experience,
        "closes_on": opening.closes_on.isoformat() if opening.closes_on else None,
        "applicant_limit": opening.applicant_limit,
    }


def _check_role(channel: Channel, role: Role | None) -> None:
    if role is None:
        raise ValidationError({"role": _("Choose the role this opening offers.")})
    if role.channel_id != channel.pk:
        raise ValidationError({"role": _("Choose one of this channel's roles.")})


def _check_languages(languages: Iterable[str]) -> list[str]:
    codes = sorted(set(languages or []))
    unknown = [code for code in codes if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError({"languages": _("Choose languages from the list.")})
    return codes


def _set_languages(opening: Opening, codes: list[str]) -> None:
    OpeningLanguage.objects.filter(opening=opening).delete()
    OpeningLanguage.objects.bulk_create(
        OpeningLanguage(channel_id=opening.channel_id, opening=opening, code=code) for code in codes
    )


# Openings


@transaction.atomic
def opening_create(
    *,
    channel: Channel,
    actor,
    title: str,
    role: Role | None,
    description: str = "",
    languages: Iterable[str] = (),
    time_zone: str = "",
    hours: str = "",
    experience: str = "",
    closes_on: date | None = None,
    applicant_limit: int | None = None,
) -> Opening:
    """A draft opening: the team adds questions, then opens it to applicants."""
    _manage(channel, actor)
    _check_role(channel, role)
    codes = _check_languages(languages)
    opening = Opening(
        channel=channel,
        title=_clean_text(title, "title"),
        role=role,
        description=_clean_text(description, "description"),
        time_zone=time_zone or "",
        hours=_clean_text(hours, "hours"),
        experience=_clean_text(experience, "experience"),
        closes_on=closes_on,
        applicant_limit=applicant_limit,
        created_by=actor,
    )
    opening.full_clean()
    opening.save()
    _set_languages(opening, codes)
    audit_record(
        channel=channel,
        actor=actor,
        action=RecruitmentAction.OPENING_CREATED,
        target=opening,
        after=_snapshot(opening),
    )
    return opening


@transaction.atomic
def opening_update(*, opening: Opening, actor, **fields) -> Opening:
    """Change an opening's text and requirements, in any state; questions have their own
    services. Only what changed is audited; nothing changed writes nothing."""
    _manage(opening, actor)
    unknown = set(fields) - set(OPENING_FIELDS)
    if unknown:
        raise TypeError(f"not opening fields: {sorted(unknown)}")
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    before = _snapshot(opening)
    if "role" in fields:
        _check_role(opening.channel, fields["role"])
        opening.role = fields["role"]
    for key in ("title", "description", "hours", "experience"):
        if key in fields:
            setattr(opening, key, _clean_text(fields[key], key))
    if "time_zone" in fields:
        opening.time_zone = fields["time_zone"] or ""
    for key in ("closes_on", "applicant_limit"):
        if key in fields:
            setattr(opening, key, fields[key])
    if "languages" in fields:
        codes = _check_languages(fields["languages"])
        if codes != before["languages"]:
            _set_languages(opening, codes)
    opening.full_clean()
    opening.save()
    after = _snapshot(opening)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        audit_record(
            channel=opening.channel,
            actor=actor,
            action=RecruitmentAction.OPENING_UPDATED,
            target=opening,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return opening


@transaction.atomic
def opening_open(*, opening: Opening, actor) -> Opening:
    """Publish a draft, or reopen a closed opening. Its closing date must not have passed."""
    _manage(opening, actor)
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.state == OpeningState.OPEN:
        return opening
    if opening.role_id is None:
        raise ValidationError({"role": _("Choose the role this opening offers before opening it.")})
    if opening.closes_on and opening.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("The closing date has passed: set a later date, then open it.")}
        )
    before = opening.state
    opening.state = OpeningState.OPEN
    opening.opened_at = timezone.now()
    opening.closed_at = None
    opening.save(update_fields=["state", "opened_at", "closed_at", "updated_at"])
    audit_record(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.OPENING_OPENED,
        target=opening,
        before={"state": before},
        after={"state": opening.state},
    )
    return opening


@transaction.atomic
def opening_close(*, opening: Opening, actor) -> Opening:
    """Stop taking applications. Applications already sent stay as they are."""
    _manage(opening, actor)
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    if opening.state != OpeningState.OPEN:
        raise ValidationError(_("Only an open opening can be closed."))
    opening.state = OpeningState.CLOSED
    opening.closed_at = timezone.now()
    opening.save(update_fields=["state", "closed_at", "updated_at"])
    audit_record(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.OPENING_CLOSED,
        target=opening,
        before={"state": OpeningState.OPEN},
        after={"state": opening.state},
    )
    return opening


# Questions


def _clean_question(*, prompt, help_text, kind, required, choices) -> dict:
    prompt = _clean_text(prompt, "prompt")
    if not prompt:
        raise ValidationError({"prompt": _("Write the question.")})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose what kind of answer you want.")})
    cleaned_choices: list[str] = []
    if kind in CHOICE_KINDS:
        for choice in choices or []:
            choice = _clean_text(choice, "choices")
            if choice and choice not in cleaned_choices:
                cleaned_choices.append(choice)
        if len(cleaned_choices) < 2:
            raise ValidationError({"choices": _("Offer at least two choices, one per line.")})
        if len(cleaned_choices) > CHOICES_MAX:
            raise ValidationError(
                {"choices": _("Offer at most %(n)d choices.") % {"n": CHOICES_MAX}}
            )
        if any(len(choice) > CHOICE_MAX for choice in cleaned_choices):
            raise ValidationError(
                {"choices": _("Keep each choice under %(n)d characters.") % {"n": CHOICE_MAX}}
            )
    return {
        "prompt": prompt,
        "help_text": _clean_text(help_text, "help_text"),
        "kind": kind,
        "required": bool(required),
        "choices": cleaned_choices,
    }


def _question_snapshot(question: OpeningQuestion) -> dict:
    return {key: getattr(question, key) for key in QUESTION_FIELDS}


@transaction.atomic
def question_add(
    *,
    opening: Opening,
    actor,
    prompt: str,
    kind: str,
    help_text: str = "",
    required: bool = True,
    choices: Iterable[str] = (),
) -> OpeningQuestion:
    """Add a question at the end of the opening's form."""
    _manage(opening, actor)
    opening = Opening.objects.select_for_update().get(pk=opening.pk)
    values = _clean_question(
        prompt=prompt, help_text=help_text, kind=kind, required=required, choices=choices
    )
    existing = OpeningQuestion.objects.filter(opening=opening)
    if existing.count() >= QUESTIONS_MAX:
        raise ValidationError(
            _("An opening can ask at most %(n)d questions.") % {"n": QUESTIONS_MAX}
        )
    last = existing.aggregate(last=Max("position"))["last"]
    question = OpeningQuestion(
        channel_id=opening.channel_id,
        opening=opening,
        position=0 if last is None else last + 1,
        **values,
    )
    question.full_clean()
    question.save()
    audit_record(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.QUESTION_ADDED,
        target=opening,
        after=_question_snapshot(question),
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: OpeningQuestion,
    actor,
    prompt: str,
    kind: str,
    help_text: str = "",
    required: bool = True,
    choices: Iterable[str] = (),
) -> OpeningQuestion:
    """Edit a question. Answers already sent keep the text they answered (their snapshot)."""
    _manage(question.opening, actor)
    question = OpeningQuestion.objects.select_for_update().get(pk=question.pk)
    before = _question_snapshot(question)
    values = _clean_question(
        prompt=prompt, help_text=help_text, kind=kind, required=required, choices=choices
    )
    for key, value in values.items():
        setattr(question, key, value)
    question.full_clean()
    question.save()
    after = _question_snapshot(question)
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        audit_record(
            channel=question.opening.channel,
            actor=actor,
            action=RecruitmentAction.QUESTION_UPDATED,
            target=question.opening,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return question


@transaction.atomic
def question_delete(*, question: OpeningQuestion, actor) -> None:
    """Remove a question; answers already sent keep its text (their question becomes NULL)."""
    opening = question.opening
    _manage(opening, actor)
    before = _question_snapshot(question)
    question.delete()
    audit_record(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.QUESTION_REMOVED,
        target=opening,
        before=before,
    )


@transaction.atomic
def question_move(*, question: OpeningQuestion, actor, direction: str) -> None:
    """Swap a question with its neighbour; positions are renumbered 0..n-1."""
    opening = question.opening
    _manage(opening, actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a question up or down."))
    Opening.objects.select_for_update().get(pk=opening.pk)  # one reorder at a time
    questions = list(OpeningQuestion.objects.filter(opening=opening).order_by("position", "id"))
    ids = [q.pk for q in questions]
    if question.pk not in ids:  # deleted meanwhile
        return
    index = ids.index(question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(questions):
        return
    before = ids
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    OpeningQuestion.objects.bulk_update(questions, ["position"])
    audit_record(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.QUESTION_MOVED,
        target=opening,
        before={"order": before},
        after={"order": [q.pk for q in questions]},
    )


# Applications


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
    message = (message or "").strip()
    if "\x00" in message:
        raise ValidationError(
            {"message": _("Remove the invisible control characters from this text.")}
        )
    if len(message) > MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Keep your message under %(n)d characters.") % {"n": MESSAGE_MAX}}
        )
    questions = list(OpeningQuestion.objects.filter(opening=opening).order_by("position", "id"))
    cleaned = _clean_answers(questions, answers)
    if is_ratelimited(
        None,
        group="moderators.application_submit",
        key=lambda group, request: str(applicant.pk),
        rate=f"{APPLICATIONS_PER_HOUR}/h",
        increment=True,
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
    notify(
        event="application.submitted",
        recipients=selectors.reviewers(channel=opening.channel),
        channel=opening.channel,
        actor=applicant,
        target=application,
        context={
            "opening_title": opening.title,
            "channel_name": opening.channel.name,
            "url": reverse(
                "moderators:opening_manage",
                kwargs={"slug": opening.channel.slug, "pk": opening.pk},
            ),
        },
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
    notify(
        event="application.withdrawn",
        recipients=selectors.reviewers(channel=channel),
        channel=channel,
        actor=actor,
        target=application,
        context={
            "opening_title": application.opening.title,
            "channel_name": channel.name,
            "url": reverse(
                "moderators:opening_manage",
                kwargs={"slug": channel.slug, "pk": application.opening_id},
            ),
        },
    )
    return application
