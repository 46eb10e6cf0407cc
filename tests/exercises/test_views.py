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


def submit_url(team, exercise):
    return reverse("exercises:submit", args=[team.channel.slug, exercise.resource_id])


def answers_post(answers: dict) -> dict:
    return {f"q-{q}": [str(c) for c in choices] for q, choices in answers.items()}


@pytest.fixture
def other_drill(team):
    norm = publish_norm(team.channel, team.owner, title="Be kind")
    return make_exercise(team.channel, team.owner, title="Kindness drill", norm=norm)


def hostile_posts(drill, other_drill):
    mine = right_answers(drill)
    theirs = right_answers(other_drill)
    first_q = next(iter(mine))
    their_q, their_choices = next(iter(theirs.items()))
    second_q = list(mine)[1]
    return {
        "another exercise's question": {**mine, their_q: their_choices},
        "another exercise's choice": {**mine, first_q: their_choices},
        "another question's choice": {**mine, first_q: mine[second_q]},
        "a choice not offered": {**mine, first_q: [9999999]},
        "a negative choice": {**mine, first_q: [-1]},
        "a huge choice": {**mine, first_q: [int("9" * 30)]},
        "a huge question": {**mine, int("9" * 30): [1]},
        "a negative question": {**mine, -3: [1]},
        "an unanswered question": {q: c for q, c in mine.items() if q != first_q},
    }


HOSTILE = [
    "another exercise's question",
    "another exercise's choice",
    "another question's choice",
    "a choice not offered",
    "a negative choice",
    "a huge choice",
    "a huge question",
    "a negative question",
    "an unanswered question",
]


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_answers_through_the_view_store_nothing(client, team, drill, other_drill, case):
    client.force_login(team.moderator)
    data = answers_post(hostile_posts(drill, other_drill)[case])
    before = stored()
    response = client.post(submit_url(team, drill), data, follow=True)
    assert response.status_code == 200
    assert stored() == before == (0, 0)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(
    "data",
    [
        {"q-": "1"},
        {"q-1.5": "1"},
        {"q-1": "1e3"},
        {"q-1": ""},
        {"q-1": "٣"},
        {"q-" + "9" * 200: "1"},
        {"q-1": "9" * 5000},
    ],
)
def test_ids_that_are_not_numbers_are_refused(client, team, drill, data):
    client.force_login(team.moderator)
    response = client.post(submit_url(team, drill), data, follow=True)
    assert response.status_code == 200 and stored() == (0, 0)
    assert response.context["messages"]


@pytest.mark.parametrize("name", ["take", "submit", "edit", "results", "question_new"])
@pytest.mark.parametrize("pk", ["9" * 30, "2147483648", "0"])
def test_huge_or_unknown_exercise_ids_are_404(client, team, drill, name, pk):
    client.force_login(team.owner)
    url = (
        f"/c/{team.channel.slug}/exercises/{pk}/"
        + {
            "take": "",
            "submit": "submit/",
            "edit": "edit/",
            "results": "results/",
            "question_new": "questions/new/",
        }[name]
    )
    response = client.post(url) if name == "submit" else client.get(url)
    assert response.status_code == 404


def test_negative_ids_do_not_resolve(client, team, drill):
    client.force_login(team.owner)
    assert client.get(f"/c/{team.channel.slug}/exercises/-1/").status_code == 404
    question = drill.questions.first()
    base = f"/c/{team.channel.slug}/exercises/{drill.resource_id}/questions/"
    assert client.get(base + "-1/").status_code == 404
    assert client.get(base + "9" * 30 + "/").status_code == 404
    assert client.get(base + f"{question.pk}/").status_code == 200


def test_another_exercises_question_is_404_in_the_editor(client, team, drill, other_drill):
    client.force_login(team.owner)
    theirs = other_drill.questions.first()
    base = f"/c/{team.channel.slug}/exercises/{drill.resource_id}/questions/{theirs.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "delete/").status_code == 404
    assert other_drill.questions.filter(pk=theirs.pk).exists()


def test_more_attempts_than_allowed_are_refused_in_the_view(client, team, drill):
    drill.attempts_allowed, drill.cooldown_minutes = 1, 0
    drill.save()
    client.force_login(team.moderator)
    wrong = {
        q.pk: [next(c.pk for c in q.choices.all() if not c.correct)] for q in drill.questions.all()
    }
    client.post(submit_url(team, drill), answers_post(wrong), follow=True)
    before = stored()
    response = client.post(submit_url(team, drill), answers_post(right_answers(drill)), follow=True)
    assert response.status_code == 200 and stored() == before
    assert "every attempt" in str(list(response.context["messages"])[0])


def test_a_submission_during_the_cool_down_is_refused_in_the_viewers_time(client, team, drill):
    team.moderator.time_zone = "America/Sao_Paulo"
    team.moderator.save()
    client.force_login(team.moderator)
    wrong = {
        q.pk: [next(c.pk for c in q.choices.all() if not c.correct)] for q in drill.questions.all()
    }
    client.post(submit_url(team, drill), answers_post(wrong), follow=True)
    before = stored()
    response = client.post(submit_url(team, drill), answers_post(right_answers(drill)), follow=True)
    assert response.status_code == 200 and stored() == before
    (message,) = [str(m) for m in response.context["messages"]]
    assert "next attempt opens" in message and "-03" in message, message
    assert "-03" in response.content.decode().split('id="cooldown"')[1][:200]


def test_generate_and_question_forms_refuse_hostile_ids(client, team, drill):
    client.force_login(team.owner)
    slug, pk = team.channel.slug, drill.resource_id
    generate = reverse("exercises:generate", args=[slug, pk])
    count = drill.questions.count()
    for data in (
        {"norm": "9" * 30},
        {"norm": "-1"},
        {"norm": "x"},
        {"debrief": "9" * 30},
        {"debrief": "-4"},
        {"norm": "\x00"},
        {},
    ):
        response = client.post(generate, data, follow=True)
        assert response.status_code == 200 and response.context["messages"], data
    new = reverse("exercises:question_new", args=[slug, pk])
    for norm in ("9" * 30, "-1", "x"):
        data = {"situation": "S", "norm": norm, "choice_0": "A", "correct_0": "on"}
        response = client.post(new, {**data, "choice_1": "B"})
        assert response.status_code == 200, norm
    assert drill.questions.count() == count
