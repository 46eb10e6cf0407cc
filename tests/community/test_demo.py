"""seed_demo fills profiles and announcements, and every community page shows them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from community.models import Announcement, PlatformAnnouncement, Profile

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_community_pages_once(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Profile.objects.filter(open_to_channels=True).count() >= 4
    assert Announcement.objects.filter(is_pinned=True).count() == 1
    assert PlatformAnnouncement.objects.count() == 1
    client.login(username="streamer", password="modportal-demo")
    directory = client.get(reverse("community:directory"), {"language": "ja"}).content.decode()
    assert "@trainee" in directory and "@mod" not in directory
    health = client.get(reverse("team_health", args=["nova-streams"])).content.decode()
    assert "Tara Trainee" in health[health.find("Away") :]
    hub = client.get(reverse("hub")).content.decode()
    assert "Welcome to the moderator community" in hub
    assert "New schedule" in client.get(reverse("dashboard")).content.decode()
    admin = client.get("/")
    assert admin.status_code == 200
