"""The admin: profiles, platform announcements and platform-wide figures on the index."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from channels.models import AuditEvent
from community.models import Announcement, PlatformAnnouncement, Profile
from community.services.announcements import (
    announcement_post,
    platform_announcement_delete,
    platform_announcement_save,
)
from community.services.profiles import profile_update
from tests.factories import UserFactory
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


def test_platform_announcements_change_and_delete_through_the_service(client, team):
    announcement = platform_announcement_save(actor=team.staff, title="Old", body="Text")
    client.force_login(team.staff)
    change = reverse("admin:community_platformannouncement_change", args=[announcement.pk])
    response = client.post(change, {"title": "New", "body": "Text", "is_published": ""})
    assert response.status_code == 302
    announcement.refresh_from_db()
    assert (announcement.title, announcement.is_published) == ("New", False)
    assert announcement.created_by == team.staff
    delete = reverse("admin:community_platformannouncement_delete", args=[announcement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not PlatformAnnouncement.objects.exists()


def test_platform_announcement_services_need_the_platform_permission(team):
    clerk = UserFactory(username="clerk", is_staff=True)  # staff, but no permission
    for actor in (clerk, team.owner, team.moderator):
        with pytest.raises(PermissionDenied):
            platform_announcement_save(actor=actor, title="T", body="B")
    announcement = platform_announcement_save(actor=team.staff, title="T", body="B")
    for actor in (clerk, team.owner):
        with pytest.raises(PermissionDenied):
            platform_announcement_save(actor=actor, announcement=announcement, title="X", body="Y")
        with pytest.raises(PermissionDenied):
            platform_announcement_delete(actor=actor, announcement=announcement)
    announcement.refresh_from_db()
    assert announcement.title == "T"
    with pytest.raises(ValidationError):
        platform_announcement_save(actor=team.staff, title="  ", body="B")


def test_channel_announcements_and_profiles_are_read_only_in_the_admin(client, team):
    # Deleting a channel's announcement is the team's, through announcement_delete and its
    # audit row; the admin only shows it.
    announcement = announcement_post(channel=team.channel, actor=team.owner, title="A", body="B")
    profile_update(user=team.moderator, actor=team.moderator, bio="mine")
    audit_before = AuditEvent.objects.count()
    client.force_login(team.staff)
    delete = reverse("admin:community_announcement_delete", args=[announcement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:community_announcement_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [announcement.pk], "post": "yes"}
    client.post(changelist, bulk)
    assert Announcement.objects.filter(pk=announcement.pk).exists()
    profile = Profile.objects.get(user=team.moderator)
    change = reverse("admin:community_profile_change", args=[profile.pk])
    assert client.post(change, {"bio": "staff wrote this"}).status_code == 403
    assert client.get(change).status_code == 200  # still viewable
    profile.refresh_from_db()
    assert profile.bio == "mine"
    assert AuditEvent.objects.count() == audit_before
