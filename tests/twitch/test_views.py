"""The sync pages: hidden without credentials, scoped to the channel, tokens never shown,
query counts flat as the team and the outbox grow."""

import pytest
from allauth.socialaccount.models import SocialToken
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from channels.services import membership_set_roles
from tests.factories import add_member, channel_owner, page_queries, role
from tests.twitch.conftest import connect, link_channel
from tests.vnu import html_errors
from twitch.models import TwitchChange, TwitchDrift, TwitchLink, TwitchListEntry, TwitchRoleStatus

pytestmark = pytest.mark.django_db


def url(name, team, **kwargs):
    return reverse(f"twitch:{name}", kwargs={"slug": team.channel.slug, **kwargs})


def test_without_twitch_credentials_the_sync_is_hidden(client, team, settings):
    settings.PAGE_CACHE = False  # a setting changed between two requests: the render itself
    settings.TWITCH_SYNC_ENABLED = False
    client.force_login(team.owner)
    assert client.get(url("sync", team)).status_code == 404
    assert client.post(url("roles", team), {}).status_code == 404
    assert b"twitch/" not in client.get(reverse("channels:team", args=["nova"])).content
    settings.TWITCH_SYNC_ENABLED = True
    assert url("sync", team).encode() in client.get(reverse("channels:team", args=["nova"])).content


def test_the_owner_connects_links_and_sets_roles_from_the_page(client, team, fake_twitch):
    client.force_login(team.owner)
    page = client.get(url("sync", team)).content.decode()
    assert "Connect your Twitch account first" in page
    fake_twitch.user("1000", "novastreams")
    connect(team.owner, "1000", "novastreams", token="secret-access", refresh="secret-refresh")
    assert "Link to my Twitch channel" in client.get(url("sync", team)).content.decode()
    response = client.post(url("link", team))
    assert response.status_code == 302
    page = client.get(url("sync", team)).content.decode()
    assert "novastreams" in page
    assert "secret-access" not in page and "secret-refresh" not in page
    moderator = role(team.channel, "Moderator")
    client.post(url("roles", team), {f"role_{moderator.pk}": "moderator"})
    assert TwitchRoleStatus.objects.get(role=moderator).status == "moderator"
    # An unoffered choice changes nothing and says why.
    response = client.post(url("roles", team), {f"role_{moderator.pk}": "owner"}, follow=True)
    assert "Choose moderator, VIP or no Twitch status" in response.content.decode()
    assert TwitchRoleStatus.objects.get(role=moderator).status == "moderator"


def test_a_manager_sees_the_page_but_cannot_link(client, team):
    client.force_login(team.lead)
    assert "Only the owner can link it" in client.get(url("sync", team)).content.decode()
    assert client.post(url("link", team)).status_code == 403


def test_ids_of_another_channel_are_404(client, team, fake_twitch):
    link_channel(fake_twitch, team.other_channel, channel_owner(team.other_channel))
    other = team.other_channel
    entry = TwitchListEntry.objects.create(
        channel=other, twitch_user_id="5", login="x", status="vip"
    )
    change = TwitchChange.objects.create(
        channel=other, label="x", to_status="vip", reason="roles", state="failed"
    )
    drift = TwitchDrift.objects.create(channel=other, twitch_user_id="5", login="x")
    link_channel(fake_twitch, team.channel, team.owner, uid="1001", login="nova")
    client.force_login(team.owner)
    assert client.post(url("invite", team, pk=entry.pk)).status_code == 404
    assert client.post(url("retry", team, pk=change.pk)).status_code == 404
    assert client.post(url("drift", team, pk=drift.pk, how="revert")).status_code == 404
    assert client.post(url("drift", team, pk=2**70, how="revert")).status_code == 404
    assert client.post(url("drift", team, pk=drift.pk, how="\x00")).status_code == 404
    change.refresh_from_db()
    drift.refresh_from_db()
    assert (change.state, drift.state) == ("failed", "open")


def test_tokens_are_not_in_the_admin(admin_client):
    assert not admin.site.is_registered(SocialToken)
    assert admin_client.get("/admin/socialaccount/socialtoken/").status_code == 404


def grow(team, fake, start, count):
    """Members with Twitch linked and a Twitch role, their changes, Twitch's list entries."""
    for n in range(start, start + count):
        member = add_member(team.channel, username=f"member{n}", roles=[])
        connect(member.user, f"7{n:03d}", f"member{n}")
        membership_set_roles(
            membership=member, roles=[role(team.channel, "Moderator")], actor=team.owner
        )
        TwitchListEntry.objects.create(
            channel=team.channel, twitch_user_id=f"8{n:03d}", login=f"tw{n}", status="vip"
        )
        TwitchDrift.objects.create(channel=team.channel, twitch_user_id=f"8{n:03d}", login="d")


def test_sync_and_import_pages_do_not_grow_with_the_team(client, linked):
    team = linked.team
    client.force_login(team.owner)
    grow(team, linked.fake, 0, 2)
    small = [page_queries(client, url(name, team)) for name in ("sync", "import")]
    grow(team, linked.fake, 2, 15)
    assert [page_queries(client, url(name, team)) for name in ("sync", "import")] == small
    assert small[0] <= 14 and small[1] <= 12, small


def test_the_tokens_state_is_shown_in_valid_html_in_each_language(client, linked):
    team, documents = linked.team, {}
    client.force_login(team.owner)
    now = timezone.now()
    states = {
        "confirmed": {"token_checked_at": now, "token_scopes": list(linked.fake.scopes["1000"])},
        "missing": {"token_checked_at": now, "token_scopes": ["moderation:read"]},
        "lost": {"token_checked_at": now, "token_lost_at": now},
    }
    expected = {
        "confirmed": "Twitch last confirmed the connection",
        "missing": "channel:manage:moderators, channel:read:vips, channel:manage:vips",
        "lost": "Twitch no longer accepts this channel",
    }
    for state, fields in states.items():
        TwitchLink.objects.filter(pk=linked.link.pk).update(**{"token_lost_at": None, **fields})
        for language in ("en", "de"):
            team.owner.language = language
            team.owner.save(update_fields=["language"])
            page = client.get(url("sync", team), HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200
            html = page.content.decode()
            documents[f"{state} {language}"] = html
            if language == "en":
                assert expected[state] in html
            elif state == "lost":
                assert "Twitch akzeptiert die Verbindung dieses Kanals nicht mehr" in html
    assert not html_errors(documents), html_errors(documents)
