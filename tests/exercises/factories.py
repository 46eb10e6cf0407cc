"""Exercises built through the services, for tests."""

from exercises.models import Exercise
from exercises.services import exercise_generate, exercise_update
from norms.services import norm_create, norms_publish
from resources.services import resource_create


def publish_norm(channel, actor, title="No links", **fields):
    norm = norm_create(channel=channel, actor=actor, title=title, **fields)
    norms_publish(channel=channel, actor=actor, summary="Norms", is_material=True)
    return norm


def make_exercise(channel, actor, *, title="Links drill", norm=None, required_roles=(), **settings):
    resource = resource_create(
        channel=channel,
        actor=actor,
        kind="exercise",
        title=title,
        required_roles=required_roles,
    )
    exercise = Exercise.objects.get(resource=resource)
    if settings:
        base = {"pass_mark": 80, "attempts_allowed": 3, "cooldown_minutes": 60}
        exercise = exercise_update(exercise=exercise, actor=actor, **{**base, **settings})
    if norm is not None:
        exercise_generate(exercise=exercise, actor=actor, norm=norm.pk)
    return Exercise.objects.select_related("resource", "channel").get(pk=exercise.pk)


def right_answers(exercise, questions=None) -> dict:
    questions = questions if questions is not None else exercise.questions.all()
    return {q.pk: [c.pk for c in q.choices.all() if c.correct] for q in questions}


def wrong_answers(exercise) -> dict:
    return {
        q.pk: [next(c.pk for c in q.choices.all() if not c.correct)]
        for q in exercise.questions.all()
    }


def moderators_drill(team, norm, **settings):
    """The Moderator role's required exercise on `norm`: all right to pass, two attempts."""
    from tests.factories import role

    rules = {"pass_mark": 100, "attempts_allowed": 2, "cooldown_minutes": 30, **settings}
    return make_exercise(
        team.channel,
        team.owner,
        norm=norm,
        required_roles=[role(team.channel, "Moderator")],
        **rules,
    )
