"""The platform admin shows openings and applications, searchable and read-only."""

import pytest
from django.urls import reverse

from moderators import services
from moderators.models import Application, Opening

from .factories import TWO_QUESTIONS, answers_for, make_opening

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, team):
    client.force_login(team.staff)
    return client


@pytest.fixture
def application(team):
    opening = make_opening(team.channel, title="Admin-visible opening", questions=TWO_QUESTIONS)
    return services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )


@pytest.mark.parametrize("model", ["opening", "application"])
def test_changelists_search_and_filter(staff_client, application, model):
    url = reverse(f"admin:moderators_{model}_changelist")
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "Admin-visible opening" in page.content.decode()
    assert staff_client.get(url, {"q": "admin-visible"}).status_code == 200
    assert staff_client.get(url, {"q": "nova\x00<script>"}).status_code == 200
    assert staff_client.get(url, {"state__exact": "open"}).status_code == 200
    found = staff_client.get(url, {"q": "no such thing"}).content.decode()
    assert "Admin-visible opening" not in found


def test_openings_and_applications_are_read_only_in_the_admin(staff_client, application):
    opening = application.opening
    change = reverse("admin:moderators_opening_change", args=[opening.pk])
    page = staff_client.get(change)
    assert page.status_code == 200
    assert "Why do you want to moderate here?" in page.content.decode()  # the questions inline
    assert staff_client.post(change, {"title": "Renamed"}).status_code == 403
    delete = reverse("admin:moderators_application_delete", args=[application.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    answers = staff_client.get(
        reverse("admin:moderators_application_change", args=[application.pk])
    )
    assert "I have moderated for two years." in answers.content.decode()
    assert Opening.objects.get(pk=opening.pk).title == "Admin-visible opening"
    assert Application.objects.filter(pk=application.pk).exists()
