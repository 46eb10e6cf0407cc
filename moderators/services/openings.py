"""Openings and their questions: managed by members who can review applications, only while
the channel is writable."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from channels.languages import LANGUAGE_CHOICES
from channels.models import Capability, Channel, Role
from channels.services import audit_changes, audit_record
from channels.services.guards import require_manager
from portal.text import clean_text

from ..audit import RecruitmentAction
from ..models import (
    CHOICE_KINDS,
    CHOICE_MAX,
    CHOICES_MAX,
    QUESTIONS_MAX,
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
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGE_CHOICES)


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
    require_manager(channel, actor, Capability.REVIEW_APPLICATIONS)
    _check_role(channel, role)
    codes = _check_languages(languages)
    opening = Opening(
        channel=channel,
        title=clean_text(title, field="title"),
        role=role,
        description=clean_text(description, field="description"),
        time_zone=time_zone or "",
        hours=clean_text(hours, field="hours"),
        experience=clean_text(experience, field="experience"),
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
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
            setattr(opening, key, clean_text(fields[key], field=key))
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
    audit_changes(
        channel=opening.channel,
        actor=actor,
        action=RecruitmentAction.OPENING_UPDATED,
        target=opening,
        before=before,
        after=after,
    )
    return opening


@transaction.atomic
def opening_open(*, opening: Opening, actor) -> Opening:
    """Publish a draft, or reopen a closed opening. Its closing date must not have passed."""
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
    prompt = clean_text(prompt, field="prompt")
    if not prompt:
        raise ValidationError({"prompt": _("Write the question.")})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": _("Choose what kind of answer you want.")})
    cleaned_choices: list[str] = []
    if kind in CHOICE_KINDS:
        for choice in choices or []:
            choice = clean_text(choice, field="choices")
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
        "help_text": clean_text(help_text, field="help_text"),
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
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
    require_manager(question.opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
    audit_changes(
        channel=question.opening.channel,
        actor=actor,
        action=RecruitmentAction.QUESTION_UPDATED,
        target=question.opening,
        before=before,
        after=after,
    )
    return question


@transaction.atomic
def question_delete(*, question: OpeningQuestion, actor) -> None:
    """Remove a question; answers already sent keep its text (their question becomes NULL)."""
    opening = question.opening
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
    require_manager(opening.channel, actor, Capability.REVIEW_APPLICATIONS)
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
