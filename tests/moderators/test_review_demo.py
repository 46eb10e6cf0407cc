"""The demo has applications in every state, with the team's notes and votes, idempotently."""

import io

import pytest
from django.core.management import call_command

from channels.models import Membership
from moderators.models import (
    Application,
    ApplicationNote,
    ApplicationState,
    ApplicationTrial,
    ApplicationVote,
)

pytestmark = pytest.mark.django_db


def test_the_demo_pipeline_has_every_state_notes_and_votes(settings):
    settings.DEBUG = True  # seed_demo refuses to run in production mode
    call_command("seed_demo", stdout=io.StringIO())
    assert set(Application.objects.values_list("state", flat=True)) == set(ApplicationState.values)
    assert ApplicationNote.objects.count() >= 5 and ApplicationVote.objects.count() >= 6
    assert ApplicationTrial.objects.filter(application__applicant__username="cleo").exists()
    accepted = Membership.objects.get(user__username="dev", channel__slug="nova-streams")
    assert [r.name for r in accepted.roles.all()] == ["Moderator"]
    counts = (Application.objects.count(), ApplicationNote.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Application.objects.count(), ApplicationNote.objects.count()) == counts
