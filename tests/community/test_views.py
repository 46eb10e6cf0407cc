import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community.models import Announcement, Profile
from community.services.announcements import announcement_post
from community.services.profiles import profile_update
from moderators.models import Invitation
from resources.models import Completion
from resources.services import resource_mark_done, resource_share
from tests.factories import ChannelFactory, UserFactory, add_member, role
from tests.moderators.factories import make_opening
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db

SECRET = {
    "bio": ("bio", "Secret-bio-text"),
    "experience": ("experience", "Secret-experience-text"),
    "languages": ("languages", ["is"]),  # Icelandic
    "platforms": ("platforms", ["kick"]),
    "time_zone": ("time_zone", "Pacific/Chatham"),
    "hours": ("hours", [3 * 24 + 5]),  # Thursday 05:00
    "away": ("away_until", None),
}
SHOWN_AS = {
    "bio": "Secret-bio-text",
    "experience": "Secret-experience-text",
    "languages": "Icelandic",
    "platforms": "Kick",
    "time_zone": "Pacific/Chatham",
    "hours": "5:00–6:00",
    "away": "Away until",
    "training": "Secret training title",
}


def fill_profile(user, *, private=()):
    """A profile with every field set to something recognisable."""
    resource = make_training_resource_done(user)
    profile_update(
        user=user,
        actor=user,
        bio="Secret-bio-text",
        experience="Secret-experience-text",
        languages=["is"],
        platforms=["kick"],
        time_zone="Pacific/Chatham",
        hours=[3 * 24 + 5],
        away_until=timezone.localdate() + timedelta(days=9),
        open_to_channels=True,
        private=private,
    )
    return resource


def make_training_resource_done(user):
    owner = UserFactory(username="trainer")
    channel = ChannelFactory(name="Trainer", slug="trainer", owner=owner)
    resource = make_resource(channel, kind="article", title="Secret training title")
    resource_share(resource=resource, actor=owner)
    add_member(channel, user=user, roles=["Moderator"])
    resource_mark_done(resource=resource, actor=user)
    return resource


def results(response) -> str:
    """The directory's results, without its filter form (whose menus list every language)."""
    return response.content.decode().split('role="search"', 1)[1].split("</form>", 1)[1]


@pytest.mark.parametrize("field", sorted(SHOWN_AS))
def test_each_private_field_stays_private(client, team, field):
    user = team.moderator
    fill_profile(user, private=[field])
    profile_url = reverse("community:profile", args=[user.username])
    # The moderator sees it, marked private.
    client.force_login(user)
    own = client.get(profile_url).content.decode()
    assert SHOWN_AS[field] in own and "private" in own
    for viewer in (None, team.owner, team.outsider, team.staff):
        client.logout()
        if viewer:
            client.force_login(viewer)
        page = client.get(profile_url).content.decode()
        assert SHOWN_AS[field] not in page, (field, viewer)
        listing = results(client.get(reverse("community:directory")))
        assert user.username in listing
        assert SHOWN_AS[field] not in listing, (field, viewer)
    # Filtering by a private value never finds the moderator (that would reveal it).
    filters = {
        "languages": {"language": "is"},
        "platforms": {"platform": "kick"},
        "hours": {"time_zone": "Pacific/Chatham", "available": "5-6"},
        "training": {"training": Completion.objects.get(user=user).resource_id},
    }
    if field in filters:
        found = client.get(reverse("community:directory"), filters[field]).content.decode()
        assert f"@{user.username}" not in found
    # Nor does the team's health page show a private "away".
    if field in ("away", "hours"):
        client.force_login(team.owner)
        health = client.get(reverse("team_health", args=[team.channel.slug])).content.decode()
        if field == "away":
            assert "Nobody on the team is away" in health


def test_shown_fields_appear_and_filters_find_them(client, team):
    user = team.moderator
    resource = fill_profile(user)
    page = client.get(reverse("community:profile", args=[user.username])).content.decode()
    for text in SHOWN_AS.values():
        assert text in page
    for query in (
        {"language": "is"},
        {"platform": "kick"},
        {"training": resource.pk},
        {"time_zone": "Pacific/Chatham", "available": "5-6"},
        {"q": "moder"},
    ):
        found = client.get(reverse("community:directory"), query).content.decode()
        assert f"@{user.username}" in found, query
    missing = client.get(reverse("community:directory"), {"language": "fr"}).content.decode()
    assert f"@{user.username}" not in missing


def test_hidden_membership_stays_off_the_profile(client, team):
    profile_update(user=team.moderator, actor=team.moderator)
    url = reverse("community:profile", args=[team.moderator.username])
    assert "Nova Streams" in client.get(url).content.decode()
    client.force_login(team.moderator)
    client.post(reverse("channels:member_listing", args=[team.channel.slug]), {"listed": "0"})
    client.logout()
    assert "Nova Streams" not in client.get(url).content.decode()


def test_only_open_moderators_are_listed(client, team):
    profile_update(user=team.trainee, actor=team.trainee, open_to_channels=False)
    profile_update(user=team.moderator, actor=team.moderator, open_to_channels=True)
    page = client.get(reverse("community:directory")).content.decode()
    assert "@moderator" in page and "@trainee" not in page


def png(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "me.png"
    return buffer


def form_data(**overrides):
    data = {
        "display_name": "Mo",
        "time_zone": "Europe/Berlin",
        "bio": "Hello",
        "languages": ["de", "en"],
        "platforms": ["twitch"],
        "hours_mon": "18-22",
        "hours_sat": "9-12, 20-23",
        "open_to_channels": "on",
        "accepts_invitations": "on",
    }
    data.update(overrides)
    return data


def test_the_settings_form_saves_the_profile(client, team):
    client.force_login(team.moderator)
    response = client.post(reverse("community:profile_edit"), {**form_data(), "avatar": png()})
    assert response.status_code == 302
    profile = Profile.objects.get(user=team.moderator)
    assert profile.avatar.name.startswith("avatars/") and profile.avatar.name.endswith(".png")
    assert profile.hours.count() == 4 + 3 + 3
    page = client.get(reverse("community:profile_edit")).content.decode()
    assert 'value="9-12, 20-23"' in page


@pytest.mark.parametrize(
    "overrides",
    [
        {"hours_mon": "22-2"},
        {"hours_mon": "banana"},
        {"hours_mon": "1-99999999999999999999"},
        {"time_zone": "Nowhere/Land"},
        {"languages": ["zz"]},
        {"platforms": ["myspace"]},
        {"bio": "b" * 5000},
        {"bio": "nul\x00"},
        {"away_until": "1999-01-01"},
        {"private": ["password"]},
        {"avatar": io.BytesIO(b"<svg onload=alert(1)>")},
    ],
)
def test_hostile_profile_input_gets_a_message_and_changes_nothing(client, team, overrides):
    profile_update(user=team.moderator, actor=team.moderator, bio="before")
    client.force_login(team.moderator)
    if "avatar" in overrides:
        overrides["avatar"].name = "evil.png"
    response = client.post(reverse("community:profile_edit"), form_data(**overrides))
    assert response.status_code == 200
    assert (
        'class="errorlist' in response.content.decode()
        or "form-errors" in response.content.decode()
    )
    profile = Profile.objects.get(user=team.moderator)
    assert profile.bio == "before" and not profile.avatar


def test_a_streamer_invites_from_the_directory(client, team):
    profile_update(user=team.outsider, actor=team.outsider, open_to_channels=True)
    client.force_login(team.owner)
    listing = client.get(reverse("community:directory")).content.decode()
    invite_url = reverse("community:invite", args=["outsider"])
    assert invite_url in listing
    response = client.post(invite_url, {"role": role(team.channel, "Moderator").pk})
    assert response.status_code == 302
    invitation = Invitation.objects.get(channel=team.channel, invited_user=team.outsider)
    assert [r.name for r in invitation.roles.all()] == ["Moderator"]


def test_inviting_a_current_member_from_the_directory_says_so_on_the_form(client, team):
    # The service keys this error to "username", a field the directory's form does not have:
    # it must show with the form's own errors, not fail the page.
    profile_update(user=team.moderator, actor=team.moderator, open_to_channels=True)
    client.force_login(team.owner)
    invite_url = reverse("community:invite", args=[team.moderator.username])
    response = client.post(invite_url, {"role": role(team.channel, "Moderator").pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{team.moderator.username} is already on the team." in page
    assert response.context["form"].non_field_errors() == [
        f"{team.moderator.username} is already on the team."
    ]
    assert not Invitation.objects.exists()


def test_invite_refuses_roles_of_channels_the_inviter_cannot_manage(client, team):
    profile_update(user=team.outsider, actor=team.outsider, open_to_channels=True)
    client.force_login(team.moderator)  # no MANAGE_TEAM anywhere
    page = client.get(reverse("community:invite", args=["outsider"])).content.decode()
    assert "You can't invite anyone yet" in page
    client.force_login(team.owner)
    for value in (role(team.other_channel, "Moderator").pk, "abc", 2**70, -1):
        response = client.post(reverse("community:invite", args=["outsider"]), {"role": value})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_opted_out_moderator_shows_no_invite_button_and_is_refused(client, team):
    profile_update(
        user=team.outsider, actor=team.outsider, open_to_channels=True, accepts_invitations=False
    )
    client.force_login(team.owner)
    invite_url = reverse("community:invite", args=["outsider"])
    assert invite_url not in client.get(reverse("community:directory")).content.decode()
    response = client.post(invite_url, {"role": role(team.channel, "Moderator").pk})
    assert "can&#x27;t be invited" in response.content.decode()
    assert not Invitation.objects.exists()


def test_announcements_page_posts_and_pins_to_the_dashboard(client, team):
    client.force_login(team.lead)
    url = reverse("community:announcements", args=[team.channel.slug])
    response = client.post(
        url, {"title": "New schedule", "body": "We start at *8*.", "is_pinned": "on"}
    )
    assert response.status_code == 302
    client.force_login(team.trainee)
    assert "<em>8</em>" in client.get(url).content.decode()
    assert "New schedule" in client.get(reverse("dashboard")).content.decode()
    # A member without the capability can't post (403, nothing written).
    assert client.post(url, {"title": "Mine", "body": "x"}).status_code == 403
    assert Announcement.objects.count() == 1


def test_announcement_form_shows_errors_for_hostile_input(client, team):
    client.force_login(team.owner)
    url = reverse("community:announcements", args=[team.channel.slug])
    for data in (
        {"title": "", "body": "x"},
        {"title": "t" * 500, "body": "x"},
        {"title": "a", "body": "\x00"},
    ):
        assert client.post(url, data).status_code == 200
    assert not Announcement.objects.exists()


def test_announcement_of_another_channel_is_404(client, team):
    theirs = announcement_post(
        channel=team.other_channel, actor=UserFactory(username="otherowner"), title="T", body="B"
    )
    client.force_login(team.owner)
    for name in ("announcement_pin", "announcement_delete"):
        url = reverse(f"community:{name}", args=[team.channel.slug, theirs.pk])
        assert client.post(url, {"pinned": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_pinned


def test_health_page_shows_coverage_away_and_links(client, team):
    profile_update(user=team.moderator, actor=team.moderator, time_zone="UTC", hours=[18, 19])
    profile_update(
        user=team.trainee,
        actor=team.trainee,
        away_until=timezone.localdate() + timedelta(days=3),
        hours=[18],
    )
    client.force_login(team.lead)
    page = client.get(reverse("team_health", args=[team.channel.slug])).content.decode()
    assert "<svg" in page and 'class="cov cov-4"' in page
    assert "Mon 18:00 — 1" in page  # the away trainee doesn't count
    assert "Trainee" in page and "until" in page
    assert reverse("moderators:review", args=[team.channel.slug]) in page
    assert "style=" not in page


def test_hub_lists_tasks_and_openings_in_my_languages(client, team):
    opening = make_opening(team.channel, title="German chat mod", languages=["de"])
    profile_update(user=team.outsider, actor=team.outsider, languages=["de"])
    announcement_post(channel=team.channel, actor=team.owner, title="Hello", body="x")
    client.force_login(team.outsider)
    page = client.get(reverse("hub")).content.decode()
    assert opening.title in page
    assert "Hello" not in page  # channel announcements stay in the channel


def test_home_shows_open_positions(client, team):
    make_opening(team.channel, title="Weekend moderator")
    page = client.get(reverse("home")).content.decode()
    assert "Weekend moderator" in page and reverse("account_signup") in page


@pytest.mark.parametrize(
    "query",
    [
        {"training": "99999999999999999999999"},
        {"training": "-1"},
        {"language": "<script>"},
        {"platform": "myspace"},
        {"available": "1-9999999999999999"},
        {"available": "22-2"},
        {"time_zone": "Nowhere/Land", "available": "1-2"},
        {"q": "nul\x00byte"},
        {"q": "q" * 5000},
        {"page": "-5"},
        {"page": "9" * 40},
    ],
)
def test_hostile_directory_queries_get_a_page(client, team, query):
    profile_update(user=team.moderator, actor=team.moderator, open_to_channels=True)
    response = client.get(reverse("community:directory"), query)
    assert response.status_code == 200
