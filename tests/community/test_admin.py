"""The admin: profiles, platform announcements and platform-wide figures on the index."""

import pytest
from django.urls import reverse

from community.models import PlatformAnnouncement
from community.services.profiles import profile_update
from tests.moderators.factories import make_opening

pytestmark = pytest.mark.django_db


def test_admin_index_shows_platform_figures(client, team):
    make_opening(team.channel, title="Weekend mod")
    client.force_login(team.staff)
    page = client.get(reverse("admin:index")).content.decode()
    assert "The platform today" in page
    assert reverse("admin:community_profile_changelist") in page
    # Two channels, five people on teams, one open position.
    assert '?state__exact=open">1</a>' in page


def test_staff_write_platform_announcements_in_the_admin(client, team):
    client.force_login(team.staff)
    response = client.post(
        reverse("admin:community_platformannouncement_add"),
        {"title": "Maintenance", "body": "Sunday 02:00 UTC.", "is_published": "on"},
    )
    assert response.status_code == 302
    announcement = PlatformAnnouncement.objects.get()
    assert announcement.created_by == team.staff
    client.force_login(team.moderator)
    assert "Maintenance" in client.get(reverse("hub")).content.decode()


def test_profiles_are_listed_in_the_admin(client, team):
    profile_update(user=team.moderator, actor=team.moderator, languages=["en"])
    client.force_login(team.staff)
    assert client.get(reverse("admin:community_profile_changelist")).status_code == 200
