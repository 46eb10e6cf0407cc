"""Channel pages through the client: forms, htmx fragments, hostile input, query budgets."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from channels.models import AuditEvent, Channel, Membership, MembershipRole, Role
from channels.services import channel_create, channel_suspend, channel_update, role_create
from tests.factories import ChannelFactory, UserFactory, add_member, page_queries, role

pytestmark = pytest.mark.django_db

TEAM_PAGE_BUDGET = 12
AUDIT_PAGE_BUDGET = 12


def channel_data(**overrides):
    data = {
        "name": "Luna Live",
        "slug": "luna-live",
        "platform": "twitch",
        "platform_url": "twitch.tv/luna",
        "description": "Cozy **art** streams.",
        "languages": ["en", "de"],
        "time_zone": "Europe/Berlin",
        "visibility": "public",
    }
    return {**data, **overrides}


def png(size=(64, 64)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "purple").save(buffer, format="PNG")
    return SimpleUploadedFile("avatar.png", buffer.getvalue(), content_type="image/png")


def test_create_a_channel(client, user):
    client.force_login(user)
    response = client.post(reverse("channels:create"), {**channel_data(), "avatar": png()})
    assert response.status_code == 302
    channel = Channel.objects.get(slug="luna-live")
    assert response["Location"] == reverse("channels:team", args=["luna-live"])
    assert channel.platform_url == "https://twitch.tv/luna"
    assert channel.languages == ["en", "de"]
    assert channel.avatar.name.startswith("channels/avatars/")
    assert Membership.objects.get(channel=channel).user == user
    page = client.get(reverse("channels:detail", args=["luna-live"])).content.decode()
    assert "<strong>art</strong>" in page
    assert (
        channel.avatar.name.endswith(".png")
        and "avatar" not in channel.avatar.name.rsplit("/", 1)[1]
    )
    served = client.get(channel.avatar.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    channel.avatar.delete(save=False)


def test_an_upload_is_stored_under_its_real_format(client, user):
    client.force_login(user)
    upload = png()
    upload.name = "evil.gif"
    response = client.post(reverse("channels:create"), {**channel_data(), "avatar": upload})
    assert response.status_code == 302
    channel = Channel.objects.get(slug="luna-live")
    assert channel.avatar.name.endswith(".png")
    channel.avatar.delete(save=False)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "admin"}, "is reserved"),
        ({"slug": "UPPER case"}, "lowercase letters"),
        ({"name": ""}, "This field is required"),
        ({"name": "x" * 500}, "at most 80 characters"),
        ({"name": "nul\x00byte"}, "Null characters are not allowed"),
        ({"platform": "myspace"}, "Select a valid choice"),
        ({"languages": ["xx-nope"]}, "Select a valid choice"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"visibility": "secret"}, "Select a valid choice"),
        ({"platform_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"description": "d" * 6000}, "at most 5000 characters"),
    ],
)
def test_create_refuses_bad_input_clearly(client, user, overrides, message):
    client.force_login(user)
    response = client.post(reverse("channels:create"), channel_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Channel.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("a.png", b"not an image at all", content_type="image/png"),
            "Upload a valid image",
        ),
        (
            SimpleUploadedFile("a.svg", b"<svg onload='alert(1)'/>", content_type="image/svg+xml"),
            "valid image",
        ),
    ],
)
def test_avatar_must_be_a_real_image(client, user, upload, message):
    client.force_login(user)
    response = client.post(reverse("channels:create"), {**channel_data(), "avatar": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Channel.objects.exists()


def test_an_image_named_like_a_page_is_refused(client, user):
    client.force_login(user)
    upload = png()
    upload.name = "evil.html"
    response = client.post(reverse("channels:create"), {**channel_data(), "avatar": upload})
    assert "extension “html” is not allowed" in response.content.decode()
    assert not Channel.objects.exists()


def test_avatar_size_is_limited(client, user, settings):
    client.force_login(user)
    big = SimpleUploadedFile(
        "big.png", png().read() + b"\0" * (1024 * 1024 + 10), content_type="image/png"
    )
    response = client.post(reverse("channels:create"), {**channel_data(), "avatar": big})
    assert response.status_code == 200
    assert "at most 1 MB" in response.content.decode()


def test_user_text_never_runs_as_script(client, team):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>[link](javascript:alert(1))'
    channel_update(channel=team.channel, actor=team.owner, description=evil, name="<b>Bold</b>")
    role_create(channel=team.channel, actor=team.owner, name="<i>Evil</i>", description=evil)
    client.force_login(team.owner)
    for name in ("channels:detail", "channels:roles", "channels:team", "channels:audit"):
        body = client.get(reverse(name, args=[team.channel.slug])).content.decode()
        assert (
            '<script>alert("x")' not in body
            and "<img src=x" not in body
            and 'href="javascript:' not in body
        )
        assert "<b>Bold</b>" not in body
    assert (
        "&lt;i&gt;Evil&lt;/i&gt;"
        in client.get(reverse("channels:roles", args=["nova"])).content.decode()
    )


def test_change_roles_inline_with_htmx(client, team):
    client.force_login(team.lead)
    membership = team.membership("trainee")
    url = reverse("channels:member_roles", args=["nova", membership.pk])
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'hx-post="' in fragment.content.decode()
    moderator = role(team.channel, "Moderator")
    response = client.post(url, {"roles": [moderator.pk]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="member-{membership.pk}"' in body and "Moderator" in body and "<html" not in body
    assert list(membership.roles.values_list("name", flat=True)) == ["Moderator"]


def test_change_roles_without_javascript(client, team):
    client.force_login(team.lead)
    membership = team.membership("trainee")
    url = reverse("channels:member_roles", args=["nova", membership.pk])
    assert "<html" in client.get(url).content.decode()
    response = client.post(url, {})  # no box ticked: every role removed
    assert response.status_code == 302
    assert not membership.roles.exists()


def test_remove_member_needs_a_reason_and_confirms(client, team):
    client.force_login(team.owner)
    url = reverse("channels:member_remove", args=["nova", team.membership("moderator").pk])
    page = client.get(url).content.decode()
    assert "Remove from team" in page and "Keep them" in page
    response = client.post(url, {"reason": ""})
    assert "This field is required" in response.content.decode()
    assert client.post(url, {"reason": "Stepped down"}).status_code == 302
    assert not Membership.objects.filter(channel=team.channel, user=team.moderator).exists()


def test_leave_and_owner_cannot_leave(client, team):
    client.force_login(team.owner)
    response = client.post(reverse("channels:leave", args=["nova"]), follow=True)
    assert "Transfer ownership to another member" in response.content.decode()
    client.force_login(team.moderator)
    assert client.post(reverse("channels:leave", args=["nova"])).status_code == 302
    assert not Membership.objects.filter(channel=team.channel, user=team.moderator).exists()


def test_listing_toggle(client, team):
    shown = f"<strong>{team.moderator.shown_name}</strong>"
    assert shown in client.get(reverse("channels:detail", args=["nova"])).content.decode()
    client.force_login(team.moderator)
    response = client.post(reverse("channels:member_listing", args=["nova"]), {"listed": "0"})
    assert response.status_code == 302
    assert not team.membership("moderator").is_listed
    client.logout()
    public = client.get(reverse("channels:detail", args=["nova"])).content.decode()
    assert shown not in public
    assert team.lead.shown_name in public


def test_a_suspended_channel_refuses_listing_and_archive_but_lets_members_leave(client, team):
    channel_suspend(channel=team.channel, actor=team.staff, reason="Under review")
    client.force_login(team.moderator)
    listing = reverse("channels:member_listing", args=["nova"])
    assert client.post(listing, {"listed": "0"}).status_code == 403
    assert team.membership("moderator").is_listed
    client.force_login(team.owner)
    response = client.post(reverse("channels:archive", args=["nova"]), follow=True)
    assert "suspended by the platform" in response.content.decode()
    assert not Channel.objects.get(slug="nova").is_archived
    client.force_login(team.moderator)
    assert client.post(reverse("channels:leave", args=["nova"])).status_code == 302
    assert not Membership.objects.filter(channel=team.channel, user=team.moderator).exists()


def test_role_forms(client, team):
    client.force_login(team.owner)
    url = reverse("channels:role_create", args=["nova"])
    response = client.post(url, {"name": "Clipper", "colour": "red"})
    assert "Use a colour like" in response.content.decode()
    response = client.post(
        url, {"name": "Clipper", "colour": "#123456", "capabilities": ["can_fly"]}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Role.objects.for_channel(team.channel).filter(name="Clipper").exists()
    response = client.post(
        url, {"name": "Clipper", "colour": "#123456", "capabilities": ["can_post_announcements"]}
    )
    assert response.status_code == 302
    clipper = Role.objects.for_channel(team.channel).get(name="Clipper")
    assert clipper.can_post_announcements
    move = reverse("channels:role_move", args=["nova", clipper.pk])
    names = list(Role.objects.for_channel(team.channel).values_list("name", flat=True))
    response = client.post(move, {"direction": "sideways"}, follow=True)
    assert "Move a role up or down." in response.content.decode()
    assert list(Role.objects.for_channel(team.channel).values_list("name", flat=True)) == names
    assert client.post(move, {"direction": "up"}).status_code == 302
    names = list(Role.objects.for_channel(team.channel).values_list("name", flat=True))
    assert names.index("Clipper") == len(names) - 2
    template = reverse("channels:role_template", args=["nova"])
    response = client.post(template, {"template": "not-offered"}, follow=True)
    assert "Choose one of the offered role templates." in response.content.decode()
    assert Role.objects.for_channel(team.channel).count() == len(names)
    response = client.post(template, {"template": "events"}, follow=True)
    assert "Added the Events Moderator role." in response.content.decode()
    assert Role.objects.for_channel(team.channel).filter(name="Events Moderator").exists()
    delete = reverse("channels:role_delete", args=["nova", clipper.pk])
    assert "Delete role" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Role.objects.filter(pk=clipper.pk).exists()


def test_a_role_name_taken_in_another_case_is_refused_clearly(client, team):
    """From the form, the template button and (tests/channels/test_services.py) the service."""
    client.force_login(team.owner)
    count = Role.objects.for_channel(team.channel).count()
    response = client.post(
        reverse("channels:role_create", args=["nova"]), {"name": "moderator", "colour": "#123456"}
    )
    assert response.status_code == 200
    assert "This channel already has a role called “moderator”." in response.content.decode()
    edit = reverse("channels:role_edit", args=["nova", role(team.channel, "Trainee").pk])
    response = client.post(edit, {"name": "LEAD MODERATOR", "colour": "#123456"})
    assert "already has a role called" in response.content.decode()
    response = client.post(
        reverse("channels:role_create", args=["nova"]),
        {"name": "events moderator", "colour": "#123456"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("channels:role_template", args=["nova"]), {"template": "events"}, follow=True
    )
    assert response.status_code == 200
    assert "already has a role called “Events Moderator”" in response.content.decode()
    names = list(Role.objects.for_channel(team.channel).values_list("name", flat=True))
    assert len(names) == count + 1 and "Events Moderator" not in names
    assert role(team.channel, "Trainee").name == "Trainee"


def test_transfer_needs_the_typed_confirmation(client, team):
    client.force_login(team.owner)
    url = reverse("channels:transfer", args=["nova"])
    lead = team.membership("lead")
    response = client.post(url, {"member": lead.pk, "confirm": "wrong"})
    assert "Type nova exactly" in response.content.decode()
    other = Membership.objects.for_channel(team.other_channel).first()
    response = client.post(url, {"member": other.pk, "confirm": "nova"})
    assert "Select a valid choice" in response.content.decode()
    assert client.post(url, {"member": lead.pk, "confirm": "nova"}).status_code == 302
    assert team.membership("lead").is_owner


def test_settings_and_archive(client, team):
    client.force_login(team.owner)
    url = reverse("channels:settings", args=["nova"])
    data = {**channel_data(), "name": "Nova Renamed"}
    data.pop("slug")
    assert client.post(url, data).status_code == 302
    assert Channel.objects.get(slug="nova").name == "Nova Renamed"
    event = AuditEvent.objects.for_channel(team.channel).latest("id")
    assert event.action == "channel.updated" and event.after["name"] == "Nova Renamed"
    archive = reverse("channels:archive", args=["nova"])
    assert "/c/nova/" in client.get(reverse("channels:list")).content.decode()
    assert "Archive channel" in client.get(archive).content.decode()
    assert client.post(archive).status_code == 302
    assert Channel.objects.get(slug="nova").is_archived
    assert "/c/nova/" not in client.get(reverse("channels:list")).content.decode()
    assert client.post(archive).status_code == 302  # restoring is the way out
    assert not Channel.objects.get(slug="nova").is_archived
    assert actions_of(team.channel)[-2:] == ["channel.archived", "channel.restored"]


def actions_of(channel) -> list[str]:
    return list(
        AuditEvent.objects.for_channel(channel).order_by("id").values_list("action", flat=True)
    )


def test_audit_log_filters(client, team):
    client.force_login(team.lead)
    url = reverse("channels:audit", args=["nova"])
    body = client.get(url, {"action": "membership.joined"}).content.decode()
    assert body.count("Member joined") >= 3
    assert "Channel created" not in body.split("<tbody>")[1]
    body = client.get(url, {"actor": "nobody"}).content.decode()
    assert "No changes match" in body
    for query in (
        {"since": "2026-13-45"},
        {"action": "not.an.action"},
        {"page": "-3"},
        {"page": "9" * 30},
        {"actor": "a\x00b"},
        {"since": "2030-01-02", "until": "2020-01-01"},
    ):
        assert client.get(url, query).status_code == 200, query


def grow_team(channel, count: int) -> None:
    """Bulk rows for size tests only: 500 service calls would time the setup, not the page."""
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory._meta.model(
            username=f"bulk{channel.pk}-{n}-{count}", email=f"b{n}-{count}@example.com"
        )
        for n in range(count)
    )
    members = Membership.objects.bulk_create(Membership(channel=channel, user=u) for u in users)
    roles = list(Role.objects.for_channel(channel))
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=m, role=roles[i % len(roles)])
        for i, m in enumerate(members)
    )


def test_team_page_queries_do_not_grow_with_the_team(client, team):
    client.force_login(team.owner)
    url = reverse("channels:team", args=["nova"])
    small = page_queries(client, url)  # 4 members
    grow_team(team.channel, 496)
    assert Membership.objects.for_channel(team.channel).count() == 500
    assert page_queries(client, url) == small <= TEAM_PAGE_BUDGET


def test_audit_log_queries_do_not_grow_with_the_log(client, team):
    client.force_login(team.owner)
    url = reverse("channels:audit", args=["nova"])
    small = page_queries(client, url)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            channel=team.channel,
            actor=team.owner,
            actor_name="owner",
            action="role.updated",
            target_label=f"r{n}",
            after={"name": f"r{n}"},
        )
        for n in range(500)
    )
    assert page_queries(client, url) == small <= AUDIT_PAGE_BUDGET
    assert page_queries(client, url + "?page=5") == small


def test_public_pages_queries_do_not_grow(client, team, settings):
    settings.PAGE_CACHE = False  # the render's own queries (the cache: tests/test_pagecache.py)
    url = reverse("channels:detail", args=["nova"])
    small = page_queries(client, url)
    grow_team(team.channel, 100)
    assert page_queries(client, url) == small


def test_dashboard_lists_owned_and_moderated_channels(client, team):
    client.force_login(team.lead)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Nova Streams" in body and "Lead Moderator" in body
    assert "You don't own a channel yet" in body
    small = page_queries(client, reverse("dashboard"))
    for n in range(5):
        channel = ChannelFactory(slug=f"more-{n}")
        add_member(channel, user=team.lead, roles=["Moderator"])
    assert page_queries(client, reverse("dashboard")) == small
    client.force_login(team.owner)
    body = client.get(reverse("dashboard")).content.decode()
    assert "Channels you own" in body and "Nova Streams" in body


def test_pagination_keeps_the_search_and_filters(client, team):
    for n in range(30):
        channel_create(
            creator=team.owner,
            name=f"Speed {n}",
            slug=f"speed-{n}",
            platform="twitch",
            platform_url=f"https://twitch.tv/speed{n}",
        )
    body = client.get(reverse("channels:list"), {"q": "Speed"}).content.decode()
    assert "?q=Speed&amp;page=2" in body
    client.force_login(team.owner)
    AuditEvent.objects.bulk_create(
        AuditEvent(channel=team.channel, actor_name="owner", action="role.updated")
        for _ in range(60)
    )
    body = client.get(reverse("channels:audit", args=["nova"]), {"action": "role.updated"}).content
    assert "?action=role.updated&amp;page=2" in body.decode()
