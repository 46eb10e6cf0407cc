"""Scenario exercises (issue 30): exercises.urls. The objects come from url() below: norms
version 1 with one norm, and an exercise drafted from its ladder by the owner, marked as
needing a review."""

from django.urls import reverse

from channels.models import Capability, Channel
from exercises.models import Exercise
from tests.exercises.factories import make_exercise, publish_norm, right_answers

from . import NOT_ALLOWED, everyone, post_private, private

MATRIX = {
    "exercises:grid": private(Capability.MANAGE_RESOURCES),
    "exercises:take": private(),
    "exercises:submit": everyone(NOT_ALLOWED),
    "exercises:edit": private(Capability.MANAGE_RESOURCES),
    "exercises:generate": everyone(NOT_ALLOWED),
    "exercises:review": everyone(NOT_ALLOWED),
    "exercises:results": private(Capability.MANAGE_RESOURCES),
    "exercises:question_new": private(Capability.MANAGE_RESOURCES),
    "exercises:question_edit": private(Capability.MANAGE_RESOURCES),
    "exercises:question_delete": private(Capability.MANAGE_RESOURCES),
}
POST_MATRIX = {
    "exercises:submit": post_private(),
    "exercises:generate": post_private(Capability.MANAGE_RESOURCES),
    "exercises:review": post_private(Capability.MANAGE_RESOURCES),
}
CHANGES = ("exercises:",)


def _exercise(team) -> Exercise:
    if not hasattr(team, "exercise"):
        norm = publish_norm(team.channel, team.owner, title="No links")
        team.exercise_norm = norm
        team.exercise = make_exercise(team.channel, team.owner, norm=norm)
        Exercise.objects.filter(pk=team.exercise.pk).update(needs_review=True)
    return team.exercise


def url(name: str, team) -> str | None:
    if not name.startswith("exercises:"):
        return None
    slug = team.channel.slug
    if name == "exercises:grid":
        return reverse(name, kwargs={"slug": slug})
    exercise = _exercise(team)
    kwargs = {"slug": slug, "pk": exercise.resource_id}
    if name in ("exercises:question_edit", "exercises:question_delete"):
        kwargs["qpk"] = exercise.questions.first().pk
    return reverse(name, kwargs=kwargs)


def post_data(name: str, team) -> dict | None:
    if not name.startswith("exercises:"):
        return None
    exercise = _exercise(team)
    if name == "exercises:submit":
        return {f"q-{q}": choices for q, choices in right_answers(exercise).items()}
    if name == "exercises:generate":
        return {"norm": team.exercise_norm.pk}
    return {}


def write_requests(team) -> list:
    if not hasattr(team, "exercise") and (
        Channel.objects.filter(pk=team.channel.pk, suspended_at__isnull=False).exists()
    ):
        return []  # nothing to build in a read-only channel (building would change rows)
    exercise = _exercise(team)
    slug, pk = team.channel.slug, exercise.resource_id
    question = exercise.questions.first()
    return [
        (
            Capability.MANAGE_RESOURCES,
            reverse("exercises:edit", args=[slug, pk]),
            {"pass_mark": 10, "attempts_allowed": 9, "cooldown_minutes": 0},
        ),
        (
            Capability.MANAGE_RESOURCES,
            reverse("exercises:question_delete", args=[slug, pk, question.pk]),
            {},
        ),
        (
            Capability.MANAGE_RESOURCES,
            reverse("exercises:generate", args=[slug, pk]),
            {"norm": team.exercise_norm.pk},
        ),
    ]
