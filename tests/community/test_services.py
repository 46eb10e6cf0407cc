from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent
from community.models import Announcement, AvailabilityHour, Profile
from community.services.announcements import (
    announcement_delete,
    announcement_post,
    announcement_set_pinned,
)
from community.services.profiles import profile_update, to_utc_slot, utc_offset_hours
from moderators.models import Invitation
from moderators.services.invitations import invitation_create
from portal.notifications.models import Notification
from tests.factories import UserFactory, role

pytestmark = pytest.mark.django_db


def test_profile_update_writes_the_profile_and_the_user(team):
    user = team.moderator
    profile = profile_update(
        user=user,
        actor=user,
        display_name="Mo",
        time_zone="Europe/Berlin",
        bio="Hi",
        languages=["de", "en"],
        platforms=["twitch"],
        hours=[18, 19, 24 + 18],
        private=["experience"],
        open_to_channels=True,
    )
    user.refresh_from_db()
    assert (user.display_name, user.time_zone) == ("Mo", "Europe/Berlin")
    assert [r.code for r in profile.language_rows.all()] == ["de", "en"]
    assert profile.show_experience is False and profile.show_bio is True
    offset = utc_offset_hours("Europe/Berlin")
    assert sorted(profile.hours.values_list("utc_slot", flat=True)) == sorted(
        to_utc_slot(s, offset) for s in [18, 19, 42]
    )
    # Saving again replaces, never adds.
    profile_update(user=user, actor=user, time_zone="UTC", hours=[0])
    assert list(
        AvailabilityHour.objects.filter(profile=profile).values_list("utc_slot", flat=True)
    ) == [0]


@pytest.mark.parametrize("actor", ["anonymous", "other", "inactive"])
def test_only_the_person_edits_their_profile(team, actor):
    user = team.moderator
    someone = {
        "anonymous": AnonymousUser(),
        "other": team.owner,
        "inactive": UserFactory(username="gone", is_active=False),
    }[actor]
    with pytest.raises(PermissionDenied):
        profile_update(user=user, actor=someone, bio="hacked")
    assert not Profile.objects.filter(user=user, bio="hacked").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"time_zone": "Mars/Olympus"},
        {"languages": ["xx"]},
        {"languages": ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv"]},
        {"platforms": ["myspace"]},
        {"hours": [168]},
        {"hours": [-1]},
        {"hours": [2**63]},
        {"bio": "x" * 601},
        {"bio": "nul\x00byte"},
        {"display_name": "y" * 81},
        {"private": ["password"]},
        {"away_until": timezone.localdate() - timedelta(days=1)},
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(team, fields):
    user = team.moderator
    profile_update(user=user, actor=user, bio="before", languages=["en"])
    with pytest.raises(ValidationError):
        profile_update(user=user, actor=user, **fields)
    profile = Profile.objects.get(user=user)
    assert profile.bio == "before"
    assert [r.code for r in profile.language_rows.all()] == ["en"]


def test_opted_out_moderators_cannot_be_invited(team):
    profile_update(user=team.outsider, actor=team.outsider, accepts_invitations=False)
    with pytest.raises(ValidationError, match="can't be invited"):
        invitation_create(
            channel=team.channel,
            actor=team.owner,
            roles=[role(team.channel, "Moderator")],
            username=team.outsider.username,
        )
    with pytest.raises(ValidationError, match="can't be invited"):
        invitation_create(channel=team.channel, actor=team.owner, email=team.outsider.email)
    assert not Invitation.objects.filter(channel=team.channel).exists()
    # Opting back in lets the team invite again.
    profile_update(user=team.outsider, actor=team.outsider, accepts_invitations=True)
    invitation_create(channel=team.channel, actor=team.owner, username=team.outsider.username)
    assert Invitation.objects.filter(channel=team.channel, invited_user=team.outsider).exists()


def test_posting_an_announcement_audits_and_notifies_the_team(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_post(
            channel=team.channel,
            actor=team.lead,
            title="Raid night",
            body="**Friday**",
            is_pinned=True,
        )
    assert AuditEvent.objects.filter(channel=team.channel, action="announcement.posted").exists()
    recipients = set(
        Notification.objects.filter(event="announcement.posted").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"owner", "moderator", "trainee"}  # never the author, never outsiders
    announcement_set_pinned(
        announcement=announcement, channel=team.channel, actor=team.lead, is_pinned=False
    )
    announcement.refresh_from_db()
    assert not announcement.is_pinned


@pytest.mark.parametrize("actor", ["moderator", "trainee", "outsider", "other_member", "staff"])
def test_announcement_services_refuse_those_who_cannot_post(team, actor):
    announcement = announcement_post(channel=team.channel, actor=team.owner, title="A", body="B")
    someone = team.user(actor)
    with pytest.raises(PermissionDenied):
        announcement_post(channel=team.channel, actor=someone, title="X", body="Y")
    with pytest.raises(PermissionDenied):
        announcement_set_pinned(
            announcement=announcement, channel=team.channel, actor=someone, is_pinned=True
        )
    with pytest.raises(PermissionDenied):
        announcement_delete(announcement=announcement, channel=team.channel, actor=someone)
    assert list(Announcement.objects.values_list("title", "is_pinned")) == [("A", False)]


def test_an_announcement_of_another_channel_is_refused(team):
    elsewhere = announcement_post(
        channel=team.other_channel,
        actor=UserFactory(username="otherowner"),  # get_or_create: the other channel's owner
        title="Theirs",
        body="Not yours",
    )
    with pytest.raises(ValidationError):
        announcement_delete(announcement=elsewhere, channel=team.channel, actor=team.owner)
    assert Announcement.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize(
    "fields", [{"title": ""}, {"body": ""}, {"title": "t" * 121}, {"body": "\x00"}]
)
def test_bad_announcements_are_refused(team, fields):
    data = {"title": "T", "body": "B", **fields}
    with pytest.raises(ValidationError):
        announcement_post(channel=team.channel, actor=team.owner, **data)
    assert not Announcement.objects.exists()
