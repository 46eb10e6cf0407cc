"""Every write of the exercises app. Editors (who manage training resources) set an exercise up
and write or generate its questions; members take it, only for themselves, in their own channel.
Passing records the training resource's completion: a required exercise is done only then."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from channels.models import Capability, Channel, Membership
from channels.selectors import usernames_in
from channels.services import audit_record
from channels.services.guards import ensure_writable, require_manager, require_member
from debriefs.models import Debrief
from norms.models import Action as LadderAction
from norms.models import NormVersion
from norms.selectors import current_version
from portal.notifications.services import notify
from portal.text import clean_text, without_names
from resources.models import Completion, Kind, Resource

from .audit import ExerciseAction
from .models import (
    ATTEMPTS_MAX,
    CHOICE_MAX,
    CHOICE_SLOTS,
    COOLDOWN_MAX_MINUTES,
    QUESTIONS_MAX,
    REASON_MAX,
    SITUATION_MAX,
    Answer,
    Attempt,
    Breach,
    Choice,
    Exercise,
    Question,
    Retake,
)

# What a question says when a debrief's text still names a team member.
SOMEONE = "[a team member]"


def _int_in(value, low: int, high: int, field: str, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({field: message}) from None
    if not low <= number <= high:
        raise ValidationError({field: message})
    return number


def _editor(exercise: Exercise, actor) -> None:
    require_manager(exercise.channel, actor, Capability.MANAGE_RESOURCES)
    ensure_writable(exercise.channel)


def _norms_by_id(version: NormVersion | None) -> dict[int, dict]:
    if version is None or len(version.norm_ids) != len(version.norms):
        return {}
    return dict(zip(version.norm_ids, version.norms, strict=True))


def _locked(exercise: Exercise) -> Exercise:
    return (
        Exercise.objects.select_for_update()
        .select_related("channel", "resource")
        .get(pk=exercise.pk)
    )


# --- set-up -----------------------------------------------------------------------------------


def exercise_for_resource(occurrence) -> Exercise | None:
    """Subscriber of `resource.created`: a resource of kind exercise gets its exercise."""
    resource = occurrence.target
    if not isinstance(resource, Resource) or resource.kind != Kind.EXERCISE:
        return None
    exercise, _created = Exercise.objects.get_or_create(
        resource=resource, defaults={"channel_id": resource.channel_id}
    )
    return exercise


@transaction.atomic
def exercise_update(
    *, exercise: Exercise, actor, pass_mark, attempts_allowed, cooldown_minutes
) -> Exercise:
    _editor(exercise, actor)
    exercise = _locked(exercise)
    exercise.pass_mark = _int_in(
        pass_mark, 1, 100, "pass_mark", _("Enter a pass mark between 1 and 100 %.")
    )
    exercise.attempts_allowed = _int_in(
        attempts_allowed,
        1,
        ATTEMPTS_MAX,
        "attempts_allowed",
        _("Allow between 1 and %(max)s attempts.") % {"max": ATTEMPTS_MAX},
    )
    exercise.cooldown_minutes = _int_in(
        cooldown_minutes,
        0,
        COOLDOWN_MAX_MINUTES,
        "cooldown_minutes",
        _("Enter a cool-down between 0 and %(max)s minutes.") % {"max": COOLDOWN_MAX_MINUTES},
    )
    exercise.save(update_fields=["pass_mark", "attempts_allowed", "cooldown_minutes"])
    audit_record(
        channel=exercise.channel,
        actor=actor,
        action=ExerciseAction.SETTINGS_CHANGED,
        target=exercise.resource,
        after={
            "pass_mark": exercise.pass_mark,
            "attempts_allowed": exercise.attempts_allowed,
            "cooldown_minutes": exercise.cooldown_minutes,
        },
    )
    return exercise


def _clean_choices(choices) -> list[dict]:
    cleaned = []
    for raw in list(choices or [])[: CHOICE_SLOTS + 1]:
        text = clean_text(raw.get("text", ""), field="choices")
        reason = clean_text(raw.get("reason", ""), field="choices")
        if not text:
            if reason:
                raise ValidationError({"choices": _("Give every reason its choice.")})
            continue
        if len(text) > CHOICE_MAX or len(reason) > REASON_MAX:
            raise ValidationError(
                {
                    "choices": _(
                        "Keep each choice under %(choice)s characters and each reason under "
                        "%(reason)s."
                    )
                    % {"choice": CHOICE_MAX, "reason": REASON_MAX}
                }
            )
        cleaned.append({"text": text, "correct": bool(raw.get("correct")), "reason": reason})
    if len(cleaned) > CHOICE_SLOTS:
        raise ValidationError(
            {"choices": _("Offer at most %(max)s choices.") % {"max": CHOICE_SLOTS}}
        )
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Offer at least two choices.")})
    if not any(c["correct"] for c in cleaned):
        raise ValidationError({"choices": _("Mark at least one choice as right.")})
    return cleaned


def _norm_link(channel: Channel, norm_id, breach) -> tuple[int | None, str, str]:
    breach = str(breach or "")
    if breach and breach not in Breach.values:
        raise ValidationError({"breach": _("Choose a step of the ladder.")})
    if norm_id in (None, ""):
        if breach:
            raise ValidationError({"breach": _("Choose the norm the ladder step belongs to.")})
        return None, "", ""
    norms = _norms_by_id(current_version(channel=channel))
    try:
        norm_id = int(norm_id)
    except (TypeError, ValueError, OverflowError):
        norm_id = None
    if norm_id not in norms:
        raise ValidationError({"norm": _("Choose a norm of the current version.")})
    return norm_id, norms[norm_id]["title"], breach


@transaction.atomic
def question_save(
    *, exercise: Exercise, actor, situation, choices, norm=None, breach="", question=None
) -> Question:
    """Add a question (or change one of this exercise's). Several choices may be right."""
    _editor(exercise, actor)
    exercise = _locked(exercise)
    if question is not None and question.exercise_id != exercise.pk:
        raise ValidationError(_("This question belongs to another exercise."))
    situation = clean_text(situation, field="situation", required=True)
    if len(situation) > SITUATION_MAX:
        raise ValidationError(
            {
                "situation": _("Keep the situation under %(max)s characters.")
                % {"max": SITUATION_MAX}
            }
        )
    cleaned = _clean_choices(choices)
    norm_id, norm_title, breach = _norm_link(exercise.channel, norm, breach)
    if question is None:
        if exercise.questions.count() >= QUESTIONS_MAX:
            raise ValidationError(
                _("An exercise has at most %(max)s questions.") % {"max": QUESTIONS_MAX}
            )
        last = exercise.questions.order_by("-position").values_list("position", flat=True).first()
        question = Question(
            channel_id=exercise.channel_id,
            exercise=exercise,
            position=0 if last is None else last + 1,
        )
    question.situation, question.norm_id, question.norm_title = situation, norm_id, norm_title
    question.breach = breach
    question.save()
    _set_choices(question, cleaned)
    audit_record(
        channel=exercise.channel,
        actor=actor,
        action=ExerciseAction.QUESTION_SAVED,
        target=exercise.resource,
        after={"situation": situation[:200], "norm": norm_title},
    )
    return question


def _set_choices(question: Question, cleaned: list[dict]) -> None:
    # Answers point at choices: kept ones are updated in place, so earlier results stay.
    existing = list(question.choices.all())
    for position, data in enumerate(cleaned):
        if position < len(existing):
            choice = existing[position]
            choice.text, choice.correct, choice.reason = (
                data["text"],
                data["correct"],
                data["reason"],
            )
            choice.position = position
            choice.save()
        else:
            Choice.objects.create(
                channel_id=question.channel_id, question=question, position=position, **data
            )
    for choice in existing[len(cleaned) :]:
        choice.delete()


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    exercise = question.exercise
    _editor(exercise, actor)
    situation = question.situation
    question.delete()
    audit_record(
        channel=exercise.channel,
        actor=actor,
        action=ExerciseAction.QUESTION_DELETED,
        target=exercise.resource,
        after={"situation": situation[:200]},
    )


# --- drafts from what the team knows ---------------------------------------------------------


def _action_label(step: dict) -> str:
    action = step.get("action", "")
    label = str(LadderAction(action).label) if action in LadderAction.values else action
    if action == LadderAction.TIMEOUT and step.get("timeout_minutes"):
        return _("%(action)s (%(minutes)s minutes)") % {
            "action": label,
            "minutes": step["timeout_minutes"],
        }
    return label


def ladder_drafts(norm: dict) -> list[dict]:
    """Three situations from a norm's ladder: a first, a repeated and a severe breach; the right
    answer is the ladder's action, the others are the other steps."""
    example = (norm.get("not_allowed") or [""])[0]
    situations = {
        Breach.FIRST: _("A chatter breaks “%(norm)s” for the first time."),
        Breach.REPEATED: _("The same chatter breaks “%(norm)s” again, minutes after a first step."),
        Breach.SEVERE: _("A chatter breaks “%(norm)s” in a severe way."),
    }
    drafts = []
    ladder = norm.get("enforcement", {})
    for breach in Breach:
        step = ladder.get(breach.value, {})
        right = step.get("action", "")
        situation = situations[breach] % {"norm": norm["title"]}
        if example:
            situation += " " + _("For example: “%(example)s”") % {"example": example}
        situation += " " + _("What do you do?")
        choices = [
            {
                "text": _action_label(step) if action == right else str(LadderAction(action).label),
                "correct": action == right,
                "reason": (
                    _("The ladder of “%(norm)s” says so (%(breach)s).")
                    if action == right
                    else _("Not what the ladder of “%(norm)s” says (%(breach)s).")
                )
                % {"norm": norm["title"], "breach": breach.label},
            }
            for action in LadderAction.values
        ]
        drafts.append({"situation": situation, "breach": breach.value, "choices": choices})
    return drafts


def _without_names(channel: Channel, text: str) -> str:
    """The case-study rule: a team member's username (or @username) never reaches an
    exercise."""
    return without_names(text, usernames_in(channel=channel, texts=[text]), SOMEONE)


def debrief_draft(debrief: Debrief) -> dict:
    """One situation from a debrief with agreed lessons: what happened; the right answer is what
    the team agreed. The moderators who acted are never named (only their steps)."""
    channel = debrief.channel
    situation = _("%(context)s: %(what)s") % {
        "context": debrief.context,
        "what": debrief.what_happened,
    }
    situation = _without_names(channel, situation)[: SITUATION_MAX - 40]
    situation += "\n\n" + _("What do you do?")
    lessons = _without_names(channel, debrief.lessons_summary)
    choices = [
        {
            "text": lessons[:CHOICE_MAX],
            "correct": True,
            "reason": _("What the team agreed after this incident."),
        }
    ]
    taken = []
    for action in debrief.actions.all():
        label = str(action.get_action_display())
        if label not in taken:
            taken.append(label)
    for label in taken[: CHOICE_SLOTS - 1]:
        choices.append(
            {
                "text": label,
                "correct": False,
                "reason": _("What was done at the time; the team agreed to do it differently."),
            }
        )
    if len(choices) < 2:
        choices.append(
            {
                "text": _("Wait and see"),
                "correct": False,
                "reason": _("The team agreed on a response; waiting is not it."),
            }
        )
    return {"situation": situation, "breach": "", "choices": choices}


@transaction.atomic
def exercise_generate(*, exercise: Exercise, actor, norm=None, debrief=None) -> list[Question]:
    """Draft questions for the editor to reword: from the ladder of a norm of the current
    version, or from a debrief of this channel whose lessons are agreed."""
    _editor(exercise, actor)
    channel = exercise.channel
    if (norm is None) == (debrief is None):
        raise ValidationError(_("Choose a norm or a debrief to draft from."))
    if norm is not None:
        norm_id, _title, _breach = _norm_link(channel, norm, "")
        source = _norms_by_id(current_version(channel=channel))[norm_id]
        drafts = [{**d, "norm": norm_id} for d in ladder_drafts(source)]
        label = source["title"]
    else:
        if not isinstance(debrief, Debrief) or debrief.channel_id != channel.pk:
            raise ValidationError(_("Choose a debrief of this channel."))
        if not debrief.lessons_agreed:
            raise ValidationError(_("Agree the lessons of this debrief first."))
        drafts = [debrief_draft(debrief)]
        label = debrief.title
    if exercise.questions.count() + len(drafts) > QUESTIONS_MAX:
        raise ValidationError(
            _("An exercise has at most %(max)s questions.") % {"max": QUESTIONS_MAX}
        )
    questions = [
        question_save(
            exercise=exercise,
            actor=actor,
            situation=d["situation"],
            choices=d["choices"],
            norm=d.get("norm"),
            breach=d["breach"],
        )
        for d in drafts
    ]
    audit_record(
        channel=channel,
        actor=actor,
        action=ExerciseAction.GENERATED,
        target=exercise.resource,
        after={"source": label, "questions": len(questions)},
    )
    return questions


# --- taking an exercise -----------------------------------------------------------------------


def open_retake(exercise: Exercise, user) -> Retake | None:
    return (
        Retake.objects.for_channel(exercise.channel_id)
        .filter(exercise=exercise, user=user, done_at__isnull=True)
        .first()
    )


def attempt_state(exercise: Exercise, user) -> dict:
    """Where the member stands: passed, asked to retake, attempts left, when the next may
    start. Four queries."""
    retake = open_retake(exercise, user)
    passed = (
        retake is None
        and Completion.objects.filter(resource_id=exercise.resource_id, user=user).exists()
    )
    attempts = list(
        Attempt.objects.for_channel(exercise.channel_id)
        .filter(exercise=exercise, user=user, retake=retake)
        .order_by("-submitted_at", "-id")
    )
    used = len(attempts)
    last = attempts[0] if attempts else None
    wait_until = None
    if last is not None and not last.passed and exercise.cooldown_minutes:
        wait_until = last.submitted_at + timedelta(minutes=exercise.cooldown_minutes)
        if wait_until <= timezone.now():
            wait_until = None
    left = max(exercise.attempts_allowed - used, 0)
    return {
        "passed": passed,
        "retake": retake,
        "used": used,
        "left": left,
        "last": last,
        "wait_until": wait_until,
        "may_start": not passed and left > 0 and wait_until is None,
    }


def questions_asked(exercise: Exercise, retake: Retake | None):
    questions = Question.objects.for_channel(exercise.channel_id).filter(exercise=exercise)
    if retake is not None:
        questions = questions.filter(pk__in=retake.question_ids)
    return questions.prefetch_related("choices")


@transaction.atomic
def attempt_submit(*, exercise: Exercise, actor, answers: dict) -> Attempt:
    """Mark one attempt. `answers` maps question ids to the choice ids ticked. A question is
    right when exactly its right choices are ticked. Refused, with nothing stored: a question
    not asked, a choice not offered, a question left unanswered, no attempts left, or the
    cool-down still running."""
    channel = exercise.channel
    require_member(channel, actor)
    ensure_writable(channel)
    if exercise.resource.channel_id != channel.pk:
        raise ValidationError(_("Add this exercise to your channel's library to take it."))
    exercise = _locked(exercise)
    state = attempt_state(exercise, actor)
    if state["passed"]:
        raise ValidationError(_("You have passed this exercise already."))
    if state["left"] <= 0:
        raise ValidationError(_("You have used every attempt this exercise allows."))
    if state["wait_until"] is not None:
        raise ValidationError(
            _("Take a break first: your next attempt opens at %(time)s.")
            % {"time": date_format(timezone.localtime(state["wait_until"]), "Y-m-d H:i T")}
        )
    questions = list(questions_asked(exercise, state["retake"]))
    if not questions:
        raise ValidationError(_("This exercise has no questions yet."))
    if not isinstance(answers, dict):
        raise ValidationError(_("Answer every question."))
    asked = {q.pk: q for q in questions}
    if set(answers) - set(asked):
        raise ValidationError(_("Answer only the questions of this exercise."))
    chosen_rows, right = [], 0
    for question in questions:
        ticked = set(answers.get(question.pk) or ())
        if not ticked:
            raise ValidationError(_("Answer every question."))
        offered = {c.pk: c for c in question.choices.all()}
        if ticked - set(offered):
            raise ValidationError(_("Choose among the choices offered."))
        if ticked == {pk for pk, c in offered.items() if c.correct}:
            right += 1
        chosen_rows.extend((question, offered[pk]) for pk in sorted(ticked))
    total = len(questions)
    passed = 100 * right >= exercise.pass_mark * total
    attempt = Attempt.objects.create(
        channel=channel,
        exercise=exercise,
        user=actor,
        retake=state["retake"],
        submitted_at=timezone.now(),
        right=right,
        total=total,
        passed=passed,
    )
    Answer.objects.bulk_create(
        Answer(channel=channel, attempt=attempt, question=q, choice=c) for q, c in chosen_rows
    )
    if passed:
        Completion.objects.get_or_create(
            resource_id=exercise.resource_id, user=actor, defaults={"channel": channel}
        )
        if state["retake"] is not None:
            Retake.objects.filter(pk=state["retake"].pk).update(done_at=attempt.submitted_at)
    return attempt


# --- when the norms change -------------------------------------------------------------------


def exercises_on_norms_published(occurrence) -> list[Exercise]:
    """Subscriber of `norms.published`, inside norms_publish's transaction: a material version
    that changes or removes a norm some questions use marks their exercises "needs review" and
    tells the channel's training editors."""
    version = occurrence.target
    if not version.is_material:
        return []
    previous = occurrence.subject("previous")
    old, new = _norms_by_id(previous), _norms_by_id(version)
    changed = {norm_id for norm_id, norm in old.items() if new.get(norm_id) != norm}
    if not changed:
        return []
    questions = Question.objects.for_channel(version.channel_id).filter(norm_id__in=changed)
    exercise_ids = set(questions.values_list("exercise_id", flat=True))
    if not exercise_ids:
        return []
    questions.update(changed=True)
    exercises = list(
        Exercise.objects.for_channel(version.channel_id)
        .filter(pk__in=exercise_ids)
        .select_related("resource")
    )
    Exercise.objects.filter(pk__in=exercise_ids).update(
        needs_review=True, review_version=version.number
    )
    channel = version.channel
    editors = [
        m.user
        for m in Membership.objects.for_channel(channel)
        .select_related("user")
        .prefetch_related("roles")
        if m.is_owner or any(getattr(r, Capability.MANAGE_RESOURCES) for r in m.roles.all())
    ]
    for exercise in exercises:
        notify(
            event="exercise.needs_review",
            recipients=editors,
            channel=channel,
            actor=occurrence.actor,
            target=exercise.resource,
            context={
                "channel_name": channel.name,
                "title": exercise.resource.title,
                "number": version.number,
            },
        )
    return exercises


@transaction.atomic
def exercise_review_done(*, exercise: Exercise, actor) -> list[Retake]:
    """The editor has updated the questions a norms change touched: members who had passed are
    asked to answer those questions again (their training shows it to do until they pass)."""
    _editor(exercise, actor)
    exercise = _locked(exercise)
    if not exercise.needs_review:
        raise ValidationError(_("This exercise does not need a review."))
    changed = list(exercise.questions.filter(changed=True).values_list("pk", flat=True))
    passed_ids = list(
        Completion.objects.filter(resource_id=exercise.resource_id).values_list(
            "user_id", flat=True
        )
    )
    retakes = []
    if changed and passed_ids:
        Retake.objects.filter(exercise=exercise, done_at__isnull=True).delete()
        retakes = Retake.objects.bulk_create(
            Retake(channel=exercise.channel, exercise=exercise, user_id=uid, question_ids=changed)
            for uid in passed_ids
        )
        Completion.objects.filter(resource_id=exercise.resource_id).delete()
        notify(
            event="exercise.retake",
            recipients=passed_ids,
            channel=exercise.channel,
            actor=actor,
            target=exercise.resource,
            context={"channel_name": exercise.channel.name, "title": exercise.resource.title},
        )
    exercise.questions.filter(changed=True).update(changed=False)
    exercise.needs_review = False
    exercise.save(update_fields=["needs_review"])
    audit_record(
        channel=exercise.channel,
        actor=actor,
        action=ExerciseAction.REVIEWED,
        target=exercise.resource,
        after={"retakes": len(retakes)},
    )
    return retakes


# --- the community library ------------------------------------------------------------------


def exercise_copy_on_add(occurrence) -> Exercise | None:
    """Subscriber of `resource.added`: a community exercise added to a channel's library comes
    with its settings and questions; norm links become plain text (the other channel's norms
    are not these)."""
    copy = occurrence.target
    if not isinstance(copy, Resource) or copy.kind != Kind.EXERCISE or not copy.copied_from_id:
        return None
    original = Exercise.objects.filter(resource_id=copy.copied_from_id).first()
    exercise, _created = Exercise.objects.get_or_create(
        resource=copy, defaults={"channel_id": copy.channel_id}
    )
    if original is None:
        return exercise
    exercise.pass_mark = original.pass_mark
    exercise.attempts_allowed = original.attempts_allowed
    exercise.cooldown_minutes = original.cooldown_minutes
    exercise.save()
    for question in original.questions.prefetch_related("choices"):
        new = Question.objects.create(
            channel_id=copy.channel_id,
            exercise=exercise,
            position=question.position,
            situation=question.situation,
            norm_title=question.norm_title,
            breach=question.breach,
        )
        Choice.objects.bulk_create(
            Choice(
                channel_id=copy.channel_id,
                question=new,
                position=c.position,
                text=c.text,
                correct=c.correct,
                reason=c.reason,
            )
            for c in question.choices.all()
        )
    return exercise
