"""The exercise state, precisely, on the results grid, the progress grid, the team page's
training column and the dashboard to-do (one shared include, plugged in from exercises)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from exercises.models import Attempt
from exercises.selectors import exercise_states
from exercises.services import attempt_submit, exercise_review_done
from norms.services import norm_update, norms_publish
from resources.kinds import TrainingState
from resources.services import resource_share
from tests.exercises.factories import (
    moderators_drill,
    publish_norm,
    right_answers,
    wrong_answers,
)
from tests.factories import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill(team):
    norm = publish_norm(team.channel, team.owner, title="No links")
    return norm, moderators_drill(team, norm)


def state(exercise, user):
    return exercise_states([exercise.resource], [user.pk]).get(
        (user.pk, exercise.resource_id), TrainingState("todo")
    )


def test_states_follow_attempts_cool_down_and_retakes(team, drill):
    norm, exercise = drill
    moderator = team.moderator
    assert state(exercise, moderator).code == "todo"
    attempt_submit(exercise=exercise, actor=moderator, answers=wrong_answers(exercise))
    failed = state(exercise, moderator)
    assert failed.code == "failed" and failed.left == 1 and failed.wait_until > timezone.now()
    Attempt.objects.update(submitted_at=timezone.now() - timedelta(hours=1))
    failed = state(exercise, moderator)
    assert failed.code == "failed" and failed.left == 1 and failed.wait_until is None
    attempt_submit(exercise=exercise, actor=moderator, answers=wrong_answers(exercise))
    used_up = state(exercise, moderator)
    assert used_up.code == "failed" and used_up.left == 0 and used_up.wait_until is None
    passer = add_member(team.channel, username="passer", roles=["Moderator"]).user
    attempt_submit(exercise=exercise, actor=passer, answers=right_answers(exercise))
    assert state(exercise, passer).code == "passed" and state(exercise, passer).done
    norm_update(
        norm=norm, actor=team.owner, title="No links", severe_action="timeout", severe_timeout=60
    )
    norms_publish(channel=team.channel, actor=team.owner, summary="Softer", is_material=True)
    exercise_review_done(exercise=exercise, actor=team.owner)
    asked = state(exercise, passer)
    assert asked.code == "retake" and not asked.done and asked.left is None


def test_the_pages_show_the_state(client, team, drill, settings):
    # The cool-down ends below by a direct database edit (a cached copy's bound for time
    # passing is its 60 seconds: tests/test_personalpages.py): what the pages render is the point.
    settings.PAGE_CACHE = False
    _norm, exercise = drill
    team.moderator.time_zone = "America/Sao_Paulo"
    team.moderator.save()
    team.owner.time_zone = "America/Sao_Paulo"
    team.owner.save()
    attempt_submit(exercise=exercise, actor=team.moderator, answers=wrong_answers(exercise))
    client.force_login(team.owner)
    slug = team.channel.slug
    for url in (
        reverse("exercises:grid", args=[slug]),
        reverse("resources:progress", args=[slug]),
        reverse("channels:team", args=[slug]),
    ):
        html = client.get(url).content.decode()
        assert "not passed" in html and "cool-down until" in html and "-03" in html, url
    grid = client.get(reverse("exercises:grid", args=[slug])).content.decode()
    assert "to do" in grid  # members who have not taken it
    client.force_login(team.moderator)
    dashboard = client.get(reverse("dashboard")).content.decode()
    panel = dashboard.split('id="training-heading"')[1][:3000]
    assert "Links drill" in panel and "not passed" in panel and "cool-down until" in panel
    Attempt.objects.update(submitted_at=timezone.now() - timedelta(hours=1))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "1 attempt left" in dashboard.split('id="training-heading"')[1][:3000]


def test_the_community_preview_shows_situations_and_choices_not_answers(client, team, drill):
    _norm, exercise = drill
    question = exercise.questions.prefetch_related("choices").first()
    right = next(c for c in question.choices.all() if c.correct)
    resource_share(resource=exercise.resource, actor=team.owner)
    url = reverse("resources:community_detail", args=[exercise.resource_id])
    html = client.get(url).content.decode()
    preview = html.split('id="exercise-preview"')[1]
    assert escape(question.situation.split("“")[0]) in preview
    assert escape(right.text) in preview and "No links" in preview
    assert escape(right.reason) not in preview and "pill-owner" not in preview
    client.force_login(team.other_member)
    assert "exercise-preview" in client.get(url).content.decode()
