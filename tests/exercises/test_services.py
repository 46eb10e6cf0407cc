"""Scenario exercises through their services: drafting, taking, passing, the norms following."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from channels.models import Membership
from debriefs.services import debrief_agree_lessons
from exercises.models import Answer, Attempt, Exercise, Question, Retake
from exercises.services import (
    attempt_state,
    attempt_submit,
    exercise_generate,
    exercise_review_done,
    question_save,
)
from norms.services import norm_update, norms_publish
from portal.notifications.models import Notification
from resources.models import Completion
from resources.services import resource_add_to_channel, resource_mark_done, resource_share
from tests.debriefs.factories import write_debrief
from tests.exercises.factories import (
    make_exercise,
    moderators_drill,
    publish_norm,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill(team):
    norm = publish_norm(
        team.channel,
        team.owner,
        title="No links",
        not_allowed_examples="buy followers at spam.example",
        first_action="delete",
        repeated_action="timeout",
        repeated_timeout=10,
        severe_action="ban",
    )
    return norm, moderators_drill(team, norm)


def stored():
    return (Attempt.objects.count(), Answer.objects.count(), Completion.objects.count())


def test_a_ladder_drafts_three_questions_whose_right_answer_is_the_ladder(team, drill):
    norm, exercise = drill
    questions = list(exercise.questions.prefetch_related("choices"))
    assert [q.breach for q in questions] == ["first", "repeated", "severe"]
    right = [[c.text for c in q.choices.all() if c.correct] for q in questions]
    assert right == [["Delete the message"], ["Timeout (10 minutes)"], ["Ban"]]
    assert all(q.norm_id == norm.pk and q.norm_title == "No links" for q in questions)
    assert "spam.example" in questions[0].situation
    assert all(c.reason for q in questions for c in q.choices.all())


def test_fail_cool_down_then_pass_records_completion(team, drill):
    _norm, exercise = drill
    attempt = attempt_submit(
        exercise=exercise, actor=team.moderator, answers=wrong_answers(exercise)
    )
    assert not attempt.passed and attempt.right == 0
    assert not Completion.objects.filter(user=team.moderator).exists()
    before = stored()
    with pytest.raises(ValidationError, match="Take a break first"):
        attempt_submit(exercise=exercise, actor=team.moderator, answers=right_answers(exercise))
    assert stored() == before
    Attempt.objects.filter(pk=attempt.pk).update(
        submitted_at=attempt.submitted_at - timedelta(minutes=31)
    )
    attempt = attempt_submit(
        exercise=exercise, actor=team.moderator, answers=right_answers(exercise)
    )
    assert attempt.passed and attempt.score == 100
    assert Completion.objects.filter(resource=exercise.resource, user=team.moderator).exists()
    with pytest.raises(ValidationError, match="passed this exercise already"):
        attempt_submit(exercise=exercise, actor=team.moderator, answers=right_answers(exercise))


def test_more_attempts_than_allowed_are_refused(team, drill):
    _norm, exercise = drill
    for _ in range(2):
        attempt = attempt_submit(
            exercise=exercise, actor=team.trainee, answers=wrong_answers(exercise)
        )
        Attempt.objects.filter(pk=attempt.pk).update(
            submitted_at=attempt.submitted_at - timedelta(hours=2)
        )
    before = stored()
    with pytest.raises(ValidationError, match="every attempt"):
        attempt_submit(exercise=exercise, actor=team.trainee, answers=right_answers(exercise))
    assert stored() == before
    assert attempt_state(exercise, team.trainee)["left"] == 0


def test_hostile_answers_store_nothing(team, drill):
    _norm, exercise = drill
    other = make_exercise(team.channel, team.owner, title="Other", norm=drill[0])
    answers = right_answers(exercise)
    first = next(iter(answers))
    other_question = other.questions.first()
    other_choice = other_question.choices.first().pk
    before = stored()
    cases = [
        ({**answers, other_question.pk: [other_choice]}, "only the questions"),
        ({**answers, first: [other_choice]}, "choices offered"),
        ({**answers, first: [2**40]}, "choices offered"),
        ({q: c for q, c in answers.items() if q != first}, "every question"),
        ("nonsense", "every question"),
    ]
    for bad, message in cases:
        with pytest.raises(ValidationError, match=message):
            attempt_submit(exercise=exercise, actor=team.moderator, answers=bad)
    with pytest.raises(PermissionDenied):
        attempt_submit(exercise=exercise, actor=team.outsider, answers=answers)
    assert stored() == before


def test_an_exercise_is_not_done_by_clicking(team, drill):
    with pytest.raises(ValidationError, match="pass it"):
        resource_mark_done(resource=drill[1].resource, actor=team.moderator)


def test_question_validation(team, drill):
    _norm, exercise = drill
    ok = [{"text": "A", "correct": True}, {"text": "B"}]
    for kwargs, message in [
        ({"situation": "x", "choices": [{"text": "A", "correct": True}]}, "at least two"),
        ({"situation": "x", "choices": [{"text": "A"}, {"text": "B"}]}, "at least one"),
        ({"situation": "", "choices": ok}, "required"),
        ({"situation": "x\x00", "choices": ok}, "control"),
        ({"situation": "x" * 3000, "choices": ok}, "under"),
        ({"situation": "x", "choices": ok, "norm": 2**40}, "current version"),
        ({"situation": "x", "choices": ok, "breach": "worst"}, "ladder"),
    ]:
        with pytest.raises(ValidationError, match=message):
            question_save(exercise=exercise, actor=team.owner, **kwargs)
    with pytest.raises(PermissionDenied):
        question_save(exercise=exercise, actor=team.moderator, situation="x", choices=ok)
    question = question_save(
        exercise=exercise,
        actor=team.owner,
        situation="Two right",
        choices=[{"text": "A", "correct": True}, {"text": "B", "correct": True}, {"text": "C"}],
    )
    assert question.choices.filter(correct=True).count() == 2


def test_debrief_draft_leaves_names_out(team):
    publish_norm(team.channel, team.owner, title="Be kind")
    debrief = write_debrief(
        team.channel,
        team.moderator,
        what_happened="moderator and lead argued with a raider; trainee stayed quiet.",
    )
    debrief = debrief_agree_lessons(
        debrief=debrief, actor=team.lead, summary="lead should slow mode."
    )
    exercise = make_exercise(team.channel, team.owner)
    (question,) = exercise_generate(exercise=exercise, actor=team.owner, debrief=debrief)
    texts = [question.situation, *[c.text + c.reason for c in question.choices.all()]]
    for name in ("moderator", "lead", "trainee"):
        assert not any(f"{name} " in t.lower() for t in texts), texts
    assert "[a team member]" in question.situation
    assert question.choices.filter(correct=True).get().text.startswith("[a team member]")
    other = write_debrief(team.other_channel, team.other_member, norms=())
    with pytest.raises(ValidationError):
        exercise_generate(exercise=exercise, actor=team.owner, debrief=other)


def test_material_change_asks_for_review_then_a_retake(team, drill):
    norm, exercise = drill
    attempt_submit(exercise=exercise, actor=team.moderator, answers=right_answers(exercise))
    norm_update(
        norm=norm, actor=team.owner, title="No links", severe_action="timeout", severe_timeout=60
    )
    norms_publish(channel=team.channel, actor=team.owner, summary="Softer", is_material=True)
    exercise.refresh_from_db()
    assert exercise.needs_review and exercise.review_version == 2
    assert Notification.objects.filter(event="exercise.needs_review", recipient=team.lead)
    assert Question.objects.filter(exercise=exercise, changed=True).count() == 3
    severe = exercise.questions.get(breach="severe")
    question_save(
        exercise=exercise,
        actor=team.owner,
        question=severe,
        situation="Severe, now a long timeout.",
        norm=norm.pk,
        breach="severe",
        choices=[{"text": "Timeout", "correct": True}, {"text": "Ban"}],
    )
    (retake,) = exercise_review_done(exercise=exercise, actor=team.owner)
    assert retake.user == team.moderator
    assert Notification.objects.filter(event="exercise.retake", recipient=team.moderator)
    assert not Completion.objects.filter(resource=exercise.resource).exists()
    exercise.refresh_from_db()
    assert not exercise.needs_review
    state = attempt_state(exercise, team.moderator)
    assert state["retake"] == retake and state["may_start"]
    attempt_submit(exercise=exercise, actor=team.moderator, answers=right_answers(exercise))
    assert Completion.objects.filter(resource=exercise.resource, user=team.moderator).exists()
    assert Retake.objects.get().done_at is not None


def test_wording_only_changes_need_no_review(team, drill):
    norm, exercise = drill
    norm_update(norm=norm, actor=team.owner, title="No links", explanation="Clearer.")
    norms_publish(channel=team.channel, actor=team.owner, summary="Typo", is_material=False)
    exercise.refresh_from_db()
    assert not exercise.needs_review


def test_shared_exercise_copies_with_plain_norm_text(team, drill):
    _norm, exercise = drill
    resource_share(resource=exercise.resource, actor=team.owner)
    other_owner = Membership.objects.get(channel=team.other_channel, is_owner=True).user
    copy = resource_add_to_channel(
        resource=exercise.resource, channel=team.other_channel, actor=other_owner
    )
    copied = Exercise.objects.get(resource=copy)
    assert copy.copied_from_id == exercise.resource_id and copied.channel == team.other_channel
    questions = list(copied.questions.all())
    assert len(questions) == 3
    assert all(q.norm_id is None and q.norm_title == "No links" for q in questions)
    assert copied.pass_mark == 100


def test_debrief_draft_replaces_at_mentions(team):
    publish_norm(team.channel, team.owner, title="Be kind")
    debrief = write_debrief(
        team.channel,
        team.moderator,
        what_happened="@Trainee pinged @moderator; then @lead, (@trainee) and @lead! left.",
    )
    debrief = debrief_agree_lessons(
        debrief=debrief, actor=team.lead, summary="Ask @trainee to slow mode."
    )
    exercise = make_exercise(team.channel, team.owner)
    (question,) = exercise_generate(exercise=exercise, actor=team.owner, debrief=debrief)
    texts = " ".join([question.situation, *[c.text for c in question.choices.all()]]).lower()
    for name in ("moderator", "lead", "trainee"):
        assert name not in texts, texts
    assert "@" not in texts
    assert question.situation.count("[a team member]") == 5
