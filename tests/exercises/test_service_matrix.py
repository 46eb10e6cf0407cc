"""Every public exercises service (exercises.services) × every kind of actor, called directly
(tests/service_matrix.py). The world's channel has a published norm with a ladder and an
exercise the owner drafted from it (three questions). Editors are the members who manage
training resources (lead, owner); any member takes an exercise, for themself. Adding a public
function to exercises.services without a row (or a NOT_ACTIONS entry) fails
`test_every_service_has_a_row`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exercises import services
from exercises.models import Exercise
from norms.services import norm_update, norms_publish
from tests.exercises.factories import make_exercise, publish_norm, right_answers
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

EDITORS = {"lead", "owner"}  # can_manage_resources

NOT_ACTIONS = {
    "exercise_for_resource": "subscriber of resource.created (resource_create checks its actor)",
    "exercises_on_norms_published": "subscriber of norms.published (norms_publish checks)",
    "exercise_copy_on_add": "subscriber of resource.added (resource_add_to_channel checks)",
    "ladder_drafts": "builds draft questions from a norm's ladder; writes nothing",
    "debrief_draft": "builds a draft question from a debrief; writes nothing",
    "open_retake": "a read of a member's open retake",
    "attempt_state": "a read of where a member stands",
    "questions_asked": "a read of the questions an attempt asks",
}


def _build(world):
    owner = world.actor("owner")
    norm = publish_norm(
        world.channel,
        owner,
        title="No links",
        first_action="delete",
        repeated_action="timeout",
        repeated_timeout=10,
        severe_action="ban",
    )
    world.add("norm", norm)
    exercise = make_exercise(world.channel, owner, norm=norm, pass_mark=50)
    world.add("exercise", exercise)
    world.add("question", exercise.questions.order_by("position").first())


world = world_fixture(_build)


def _exercise(w):
    return Exercise.objects.select_related("channel", "resource").get(pk=w.pk("exercise"))


def _needs_review(w):
    """A material change of the norm the questions use: the exercise needs a review."""
    owner = w.actor("owner")
    norm_update(
        norm=w.get("norm"),
        actor=owner,
        title="No links",
        severe_action="timeout",
        severe_timeout=60,
    )
    norms_publish(channel=w.channel, actor=owner, summary="Softer", is_material=True)


def _submit(w, actor):
    exercise = _exercise(w)
    services.attempt_submit(exercise=exercise, actor=actor, answers=right_answers(exercise))


ROWS = {
    "exercise_update": Row(
        lambda w, a: services.exercise_update(
            exercise=_exercise(w), actor=a, pass_mark=70, attempts_allowed=2, cooldown_minutes=5
        ),
        ok=EDITORS,
    ),
    "question_save": Row(
        lambda w, a: services.question_save(
            exercise=_exercise(w),
            actor=a,
            situation="Someone posts a link to a scam.",
            choices=[{"text": "Delete it", "correct": True}, {"text": "Ignore it"}],
        ),
        ok=EDITORS,
    ),
    "question_delete": Row(
        lambda w, a: services.question_delete(question=w.get("question"), actor=a), ok=EDITORS
    ),
    "exercise_generate": Row(
        lambda w, a: services.exercise_generate(
            exercise=_exercise(w), actor=a, norm=w.get("norm").pk
        ),
        ok=EDITORS,
    ),
    # Only for themself, in their own channel: any member.
    "attempt_submit": Row(_submit, ok=MEMBERS),
    "exercise_review_done": Row(
        lambda w, a: services.exercise_review_done(exercise=_exercise(w), actor=a),
        ok=EDITORS,
        setup=_needs_review,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], ACTORS)


def test_another_channels_owner_cannot_reach_this_channels_questions(world):
    """The other channel's owner edits their own exercise, but naming a question of this
    channel (or deleting it) is refused, with nothing changed."""
    other_owner = world.actor("other_owner")
    theirs = make_exercise(world.other_channel, other_owner, title="Their drill")
    assert_refused(
        lambda: services.question_save(
            exercise=theirs,
            actor=other_owner,
            question=world.get("question"),
            situation="Taken over.",
            choices=[{"text": "Yes", "correct": True}, {"text": "No"}],
        ),
        ValidationError,
    )
    assert_refused(
        lambda: services.question_delete(question=world.get("question"), actor=other_owner),
        PermissionDenied,
    )
