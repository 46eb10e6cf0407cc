"""The admin shows an application's notes, votes, moves and trial, read-only, and filters."""

import pytest
from django.urls import reverse

from moderators import services
from moderators.models import ApplicationNote, ApplicationState

from .factories import TWO_QUESTIONS, answers_for, make_opening

pytestmark = pytest.mark.django_db


def test_notes_votes_moves_and_trial_show_read_only(client, team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    application = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    services.application_note_add(application=application, actor=team.lead, body="Team-only note")
    services.application_vote(application=application, actor=team.lead, choice="unsure")
    services.application_move(
        application=application, actor=team.owner, to_state=ApplicationState.IN_REVIEW
    )
    services.application_move(
        application=application, actor=team.owner, to_state=ApplicationState.TRIAL
    )
    client.force_login(team.staff)
    change = reverse("admin:moderators_application_change", args=[application.pk])
    page = client.get(change).content.decode()
    assert "Team-only note" in page and "Unsure" in page and "trial ends on" in page.lower()
    assert client.post(change, {"state": "accepted"}).status_code == 403
    changelist = reverse("admin:moderators_application_changelist")
    assert client.get(changelist, {"trial__isempty": "0"}).status_code == 200
    assert client.get(changelist, {"state__exact": "trial"}).status_code == 200
    assert ApplicationNote.objects.get().body == "Team-only note"
