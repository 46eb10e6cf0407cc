"""The demo recruitment seeder: varied openings and applications, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from channels.models import AuditEvent, Channel
from moderators.demo import seed_recruitment
from moderators.models import Application, Opening, OpeningLanguage

pytestmark = pytest.mark.django_db


def seed():
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    users = {user.username: user for user in get_user_model().objects.all()}
    return seed_recruitment(channels_by_slug=channels, users_by_name=users)


def test_demo_recruitment_is_varied_and_safe_to_run_again(client, settings):
    settings.DEBUG = True  # seed_demo refuses to run in production mode
    call_command("seed_demo", stdout=io.StringIO())
    lines = seed()
    assert any("Race-day moderator" in line for line in lines)
    states = set(Opening.objects.values_list("state", flat=True))
    assert states == {"draft", "open", "closed"}
    assert Opening.objects.values("channel").distinct().count() == 2
    assert set(OpeningLanguage.objects.values_list("code", flat=True)) >= {"de", "en", "es"}
    assert Opening.objects.exclude(time_zone="").values("time_zone").distinct().count() >= 4
    # The viewer's three, then one applicant per state of the review pipeline (issue 13).
    assert sorted(Application.objects.values_list("state", flat=True)) == [
        "accepted",
        "declined",
        "in_review",
        "submitted",
        "submitted",
        "submitted",
        "trial",
        "withdrawn",
    ]
    counts = (Opening.objects.count(), Application.objects.count(), AuditEvent.objects.count())
    seed()
    assert (Opening.objects.count(), Application.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
    board = client.get(reverse("moderators:board"), {"language": "es"}).content.decode()
    assert "Spanish-speaking moderator" in board
    assert "Race-day moderator" not in board
