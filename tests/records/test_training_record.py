"""Issue #30's last point: exercise results are part of the moderator's record, on
/me/record/ and in the credentials they issue."""

from datetime import timedelta

import pytest
from django.urls import reverse

from exercises.models import Attempt
from exercises.services import attempt_submit
from records.credentials import achievements_for
from resources.services import resource_create, resource_mark_done
from tests.exercises.factories import make_exercise, publish_norm, right_answers, wrong_answers
from tests.factories import page_queries

pytestmark = pytest.mark.django_db


def passed_with_one_wrong(team, title):
    norm = publish_norm(
        team.channel,
        team.owner,
        title=f"Norm for {title}",
        first_action="delete",
        repeated_action="timeout",
        repeated_timeout=10,
        severe_action="ban",
    )
    exercise = make_exercise(
        team.channel,
        team.owner,
        title=title,
        norm=norm,
        pass_mark=60,
        attempts_allowed=3,
        cooldown_minutes=30,
    )
    failed = attempt_submit(
        exercise=exercise, actor=team.moderator, answers=wrong_answers(exercise)
    )
    Attempt.objects.filter(pk=failed.pk).update(
        submitted_at=failed.submitted_at - timedelta(hours=1)
    )
    questions = list(exercise.questions.all())
    answers = {**right_answers(exercise), **wrong_answers(exercise)}
    answers.update(right_answers(exercise, questions[:2]))  # two of three right
    passed = attempt_submit(exercise=exercise, actor=team.moderator, answers=answers)
    assert passed.passed and (passed.right, passed.total) == (2, 3)
    return exercise


def test_a_passed_exercise_shows_its_score_in_the_record_and_the_credential(client, team):
    passed_with_one_wrong(team, "Links drill")
    guide = resource_create(
        channel=team.channel,
        actor=team.owner,
        kind="link",
        title="Welcome guide",
        url="https://example.com/guide",
    )
    resource_mark_done(resource=guide, actor=team.moderator)

    client.force_login(team.moderator)
    page = client.get(reverse("records:mine")).content.decode()
    assert "Links drill" in page and "Passed: 2 of 3 right (67%, pass mark 60%)" in page
    assert "Welcome guide" in page and "Completed" in page

    described = {a["name"]: a["description"] for a in achievements_for(team.moderator)}
    assert "2 of 3 situations" in described["Links drill"]
    assert "pass mark 60%" in described["Links drill"]
    assert described["Welcome guide"] == "Completed the training “Welcome guide” in Nova Streams."

    # Only the person's own record: the trainee's page lists none of it.
    client.force_login(team.trainee)
    page = client.get(reverse("records:mine")).content.decode()
    assert "Links drill" not in page and "No training completed yet" in page


def test_the_record_page_queries_do_not_grow_with_the_training(client, team):
    passed_with_one_wrong(team, "First drill")
    client.force_login(team.moderator)
    url = reverse("records:mine")
    one = page_queries(client, url)
    for title in ("Second drill", "Third drill", "Fourth drill"):
        passed_with_one_wrong(team, title)
    assert page_queries(client, url) == one
