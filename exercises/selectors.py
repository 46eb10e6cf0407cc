"""Reads of a channel's exercises, each with a query count flat in the team's size."""

from collections import defaultdict

from django.db.models import Count, Prefetch

from channels.models import Channel, Membership
from debriefs.selectors import debrief_list
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


def results_grid(channel: Channel) -> dict:
    """Pass/fail per member and exercise: four queries whatever the team's size."""
    exercises = channel_exercises(channel)
    members = list(
        Membership.objects.for_channel(channel).select_related("user").order_by("user__username")
    )
    ids = [e.pk for e in exercises]
    passed = set(
        Completion.objects.filter(
            channel=channel, resource__in=[e.resource_id for e in exercises]
        ).values_list("resource_id", "user_id")
    )
    tried = set(
        Attempt.objects.for_channel(channel)
        .filter(exercise_id__in=ids)
        .values_list("exercise_id", "user_id")
        .distinct()
    )
    asked = set(
        Retake.objects.for_channel(channel)
        .filter(exercise_id__in=ids, done_at__isnull=True)
        .values_list("exercise_id", "user_id")
    )
    rows = []
    for member in members:
        cells = []
        for e in exercises:
            if (e.resource_id, member.user_id) in passed:
                cells.append("passed")
            elif (e.pk, member.user_id) in asked:
                cells.append("retake")
            elif (e.pk, member.user_id) in tried:
                cells.append("failed")
            else:
                cells.append("")
        rows.append({"member": member, "cells": cells})
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
