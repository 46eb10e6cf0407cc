"""Query counts of the exercise pages stay flat from 5 to 500 members (bulk rows: 500 service
calls would time the setup, not the page)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from channels.models import Membership, MembershipRole, Role
from exercises.models import Answer, Attempt, Retake
from resources.models import Completion
from tests.exercises.factories import make_exercise, publish_norm
from tests.factories import UserFactory, page_queries, role

pytestmark = pytest.mark.django_db

User = UserFactory._meta.model


@pytest.fixture
def drill(team):
    norm = publish_norm(team.channel, team.owner, title="No links")
    return make_exercise(
        team.channel,
        team.owner,
        norm=norm,
        required_roles=[role(team.channel, "Moderator")],
        attempts_allowed=2,
        cooldown_minutes=30,
    )


def grow(channel, exercise, start: int, count: int) -> None:
    """`count` members holding the Moderator role: a quarter passed, a quarter failed once
    (cool-down running), a quarter used every attempt, a quarter asked again."""
    users = User.objects.bulk_create(
        User(username=f"grow{start + n}", email=f"grow{start + n}@example.com")
        for n in range(count)
    )
    members = Membership.objects.bulk_create(Membership(channel=channel, user=u) for u in users)
    moderator = Role.objects.for_channel(channel).get(name="Moderator")
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=m, role=moderator) for m in members
    )
    questions = list(exercise.questions.prefetch_related("choices"))
    now = timezone.now()
    attempts, completions, retakes = [], [], []
    for n, user in enumerate(users):
        kind = n % 4
        tries = 2 if kind == 2 else 1
        for t in range(tries):
            attempts.append(
                Attempt(
                    channel=channel,
                    exercise=exercise,
                    user=user,
                    submitted_at=now - timedelta(minutes=5 + 60 * t),
                    right=len(questions) if kind in (0, 3) else 0,
                    total=len(questions),
                    passed=kind in (0, 3),
                )
            )
        if kind == 0:
            completions.append(Completion(channel=channel, resource=exercise.resource, user=user))
        if kind == 3:
            retakes.append(
                Retake(
                    channel=channel,
                    exercise=exercise,
                    user=user,
                    question_ids=[questions[0].pk],
                )
            )
    attempts = Attempt.objects.bulk_create(attempts)
    Completion.objects.bulk_create(completions)
    Retake.objects.bulk_create(retakes)
    Answer.objects.bulk_create(
        Answer(channel=channel, attempt=a, question=q, choice=q.choices.all()[0])
        for a in attempts
        for q in questions
    )


@pytest.mark.parametrize("page", ["grid", "results", "take", "progress", "team", "dashboard"])
def test_query_counts_flat_from_5_to_500_members(client, team, drill, page, settings):
    settings.PAGE_CACHE = False  # the render's own queries (the cache: tests/test_pagecache.py)
    slug = team.channel.slug
    urls = {
        "grid": reverse("exercises:grid", args=[slug]),
        "results": reverse("exercises:results", args=[slug, drill.resource_id]),
        "take": reverse("exercises:take", args=[slug, drill.resource_id]),
        "progress": reverse("resources:progress", args=[slug]),
        "team": reverse("channels:team", args=[slug]),
        "dashboard": reverse("dashboard"),
    }
    client.force_login(team.owner if page != "dashboard" else team.moderator)
    grow(team.channel, drill, 0, 1)
    assert Membership.objects.for_channel(team.channel).count() == 5
    small = page_queries(client, urls[page])
    grow(team.channel, drill, 1, 495)
    assert Membership.objects.for_channel(team.channel).count() == 500
    assert page_queries(client, urls[page]) == small
