"""Reads of a channel's exercises, each with a query count flat in the team's size."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from channels.models import Channel, Membership
from debriefs.selectors import debrief_list
from portal import personalpages
from resources.kinds import TODO, TrainingResult, TrainingState
from resources.models import Completion, Kind, Resource

from .models import Answer, Attempt, Choice, Exercise, Question, Retake


def exercise_get(*, channel: Channel, pk) -> Exercise | None:
    """The exercise of a resource of this channel (pk is the resource's), with its questions
    and choices: three queries."""
    pk = int_id(pk)
    if pk is None:
        return None
    return (
        Exercise.objects.for_channel(channel)
        .filter(resource_id=pk, resource__channel=channel)
        .select_related("resource", "channel")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.for_channel(channel).prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.for_channel(channel))
                ),
            )
        )
        .first()
    )


def int_id(value) -> int | None:
    """A database id from a URL or a form: a positive integer in range, else None."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number < 2**31 else None


def question_get(*, exercise: Exercise, pk) -> Question | None:
    pk = int_id(pk)
    if pk is None:
        return None
    return (
        Question.objects.for_channel(exercise.channel_id)
        .filter(exercise=exercise, pk=pk)
        .prefetch_related("choices")
        .first()
    )


def channel_exercises(channel: Channel) -> list[Exercise]:
    return list(
        Exercise.objects.for_channel(channel)
        .filter(resource__kind=Kind.EXERCISE)
        .select_related("resource")
        .order_by("resource__title", "pk")
    )


def exercise_results(user, completions) -> dict[int, TrainingResult]:
    """{resource_id: TrainingResult} of the person's passed exercises: the latest passing
    attempt of each, with the exercise's pass mark. One query, scoped to the completions'
    channels."""
    completions = list(completions)
    if not completions:
        return {}
    attempts = (
        Attempt.objects.filter(
            channel_id__in={c.channel_id for c in completions},
            exercise__resource_id__in=[c.resource_id for c in completions],
            user=user,
            passed=True,
        )
        .select_related("exercise")
        .only("right", "total", "submitted_at", "exercise__resource_id", "exercise__pass_mark")
        .order_by("submitted_at", "id")
    )
    return {  # the latest passing attempt wins
        a.exercise.resource_id: TrainingResult(
            right=a.right, total=a.total, pass_mark=a.exercise.pass_mark, at=a.submitted_at
        )
        for a in attempts
    }


def exercise_states(resources, user_ids) -> dict[tuple[int, int], TrainingState]:
    """{(user_id, resource_id): TrainingState} for these exercise resources (of one channel or
    several, each query scoped to their channels): passed, asked again (a retake open after a
    norms change), not passed (attempts left, cool-down) or to do. Four queries whatever the
    number of members."""
    resources = list(resources)
    user_ids = list(user_ids)
    channel_ids = {r.channel_id for r in resources}
    if not resources or not user_ids:
        return {}
    exercises = list(
        Exercise.objects.filter(channel_id__in=channel_ids, resource__in=resources).only(
            "pk", "resource_id", "attempts_allowed", "cooldown_minutes"
        )
    )
    ids = [e.pk for e in exercises]
    passed = set(
        Completion.objects.filter(
            channel_id__in=channel_ids,
            resource_id__in=[e.resource_id for e in exercises],
            user_id__in=user_ids,
        ).values_list("user_id", "resource_id")
    )
    asked = {
        (exercise_id, user_id): pk
        for pk, exercise_id, user_id in Retake.objects.filter(
            channel_id__in=channel_ids,
            exercise_id__in=ids,
            user_id__in=user_ids,
            done_at__isnull=True,
        ).values_list("pk", "exercise_id", "user_id")
    }
    cycles = {
        (row["exercise_id"], row["user_id"], row["retake_id"]): (row["n"], row["last"])
        for row in Attempt.objects.filter(
            channel_id__in=channel_ids, exercise_id__in=ids, user_id__in=user_ids
        )
        .values("exercise_id", "user_id", "retake_id")
        .annotate(n=Count("id"), last=Max("submitted_at"))
        .order_by()
    }
    now = timezone.now()
    states = {}
    for e in exercises:
        for uid in user_ids:
            retake = asked.get((e.pk, uid))
            if retake is None and (uid, e.resource_id) in passed:
                states[uid, e.resource_id] = TrainingState("passed")
                continue
            used, last = cycles.get((e.pk, uid, retake), (0, None))
            if not used:
                states[uid, e.resource_id] = TrainingState("retake" if retake else "todo")
                continue
            left = max(e.attempts_allowed - used, 0)
            wait_until = None
            if left and e.cooldown_minutes:
                wait_until = last + timedelta(minutes=e.cooldown_minutes)
                if wait_until <= now:
                    wait_until = None
                personalpages.changes_at(wait_until)  # a cached page showing it ends then too
            code = "retake" if retake else "failed"
            states[uid, e.resource_id] = TrainingState(code, left=left, wait_until=wait_until)
    return states


def results_grid(channel: Channel) -> dict:
    """Each member's TrainingState per exercise: six queries whatever the team's size."""
    exercises = channel_exercises(channel)
    members = list(
        Membership.objects.for_channel(channel).select_related("user").order_by("user__username")
    )
    states = exercise_states([e.resource for e in exercises], [m.user_id for m in members])
    rows = [
        {
            "member": member,
            "cells": [states.get((member.user_id, e.resource_id), TODO) for e in exercises],
        }
        for member in members
    ]
    return {"exercises": exercises, "rows": rows}


def question_results(exercise: Exercise) -> list[dict]:
    """Per question, the share of attempts that ticked each choice (no names): two queries
    beyond the exercise's own."""
    channel = exercise.channel_id
    answers = Answer.objects.for_channel(channel).filter(question__exercise=exercise)
    per_choice = dict(answers.values_list("choice_id").annotate(n=Count("id")))
    per_question = dict(
        answers.values_list("question_id").annotate(n=Count("attempt_id", distinct=True))
    )
    results = []
    for question in exercise.questions.all():
        answered = per_question.get(question.pk, 0)
        choices = [
            {
                "choice": c,
                "count": per_choice.get(c.pk, 0),
                "share": round(100 * per_choice.get(c.pk, 0) / answered) if answered else 0,
            }
            for c in question.choices.all()
        ]
        results.append({"question": question, "answered": answered, "choices": choices})
    return results


def my_answers(attempt: Attempt | None) -> dict[int, set[int]]:
    ticked = defaultdict(set)
    if attempt is not None:
        for question_id, choice_id in attempt.answers.values_list("question_id", "choice_id"):
            ticked[question_id].add(choice_id)
    return ticked


def debriefs_to_draft_from(channel: Channel):
    """Debriefs with agreed lessons, newest first (the debriefs app's own list)."""
    return [d for d in debrief_list(channel=channel)[:50] if d.lessons_agreed]


def exercise_resources(channel: Channel):
    return Resource.objects.for_channel(channel).filter(kind=Kind.EXERCISE)


def exercise_preview(resource: Resource) -> dict:
    """The community library's preview of a shared exercise: its settings, and its questions'
    situations and choices (the template leaves out which are right, and the reasons). Three
    queries, scoped to the resource's channel."""
    channel_id = resource.channel_id
    choices = Choice.objects.filter(channel_id=channel_id)
    exercise = (
        Exercise.objects.filter(channel_id=channel_id, resource=resource)
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.filter(channel_id=channel_id).prefetch_related(
                    Prefetch("choices", queryset=choices)
                ),
            )
        )
        .first()
    )
    return {
        "exercise": exercise,
        "questions": list(exercise.questions.all()) if exercise is not None else [],
    }
