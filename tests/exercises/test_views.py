"""Hostile posts to the exercise pages: a message, never a 500, nothing stored."""

import pytest
from django.urls import reverse

from channels.services import channel_suspend
from exercises.models import Answer, Attempt
from exercises.services import question_save
from tests.exercises.factories import make_exercise, publish_norm, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def drill(team):
    norm = publish_norm(team.channel, team.owner, title="No links")
    return make_exercise(team.channel, team.owner, norm=norm)


def stored():
    return Attempt.objects.count(), Answer.objects.count()


@pytest.mark.parametrize(
    "data",
    [
        {"q-abc": "1"},
        {"q-1": "x"},
        {"q-99999999999999999999": "1"},
        {"q-1": "\x00"},
        {},
    ],
)
def test_odd_submissions_are_refused_with_a_message(client, team, drill, data):
    client.force_login(team.moderator)
    url = reverse("exercises:submit", args=[team.channel.slug, drill.resource_id])
    before = stored()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert stored() == before
    assert response.context["messages"]


def test_another_channels_exercise_is_404(client, team, drill):
    client.force_login(team.other_member)
    url = reverse("exercises:submit", args=["other", drill.resource_id])
    data = {f"q-{q}": c for q, c in right_answers(drill).items()}
    assert client.post(url, data).status_code == 404
    assert stored() == (0, 0)


def test_a_suspended_channel_takes_no_attempts(client, team, drill):
    channel_suspend(channel=team.channel, actor=team.staff, reason="Review")
    client.force_login(team.moderator)
    url = reverse("exercises:submit", args=[team.channel.slug, drill.resource_id])
    data = {f"q-{q}": c for q, c in right_answers(drill).items()}
    assert client.post(url, data).status_code == 403
    assert stored() == (0, 0)


def test_reasons_show_after_answering_and_text_is_escaped(client, team, drill):
    question_save(
        exercise=drill,
        actor=team.owner,
        situation="<script>alert(1)</script>",
        choices=[{"text": "<b>A</b>", "correct": True, "reason": "Because."}, {"text": "B"}],
    )
    client.force_login(team.moderator)
    page = client.get(reverse("exercises:take", args=[team.channel.slug, drill.resource_id]))
    html = page.content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "Because." not in html  # not before answering
