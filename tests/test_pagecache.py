"""Public pages from the shared cache (portal/pagecache.py): served without queries to
signed-out visitors, stale after the events that change them, conditional, and never a
signed-in visitor's page or a copy with one visitor's parts in it."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from channels.services import channel_update
from community.services.profiles import profile_for, profile_update
from moderators.models import OpeningState
from moderators.services.openings import opening_close, opening_create, opening_open
from norms.services import norm_create, norms_publish
from portal import events, pagecache
from tests.factories import build_team, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(db):
    return build_team()


@pytest.fixture
def opening(team):
    made = opening_create(
        channel=team.channel,
        actor=team.owner,
        title="Evening chat moderator",
        role=role(team.channel, "Moderator"),
        description="Keep the evening chat friendly.",
    )
    return opening_open(opening=made, actor=team.owner)


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries.captured_queries)


def public_urls(team, opening):
    profile_for(team.moderator)
    return [
        reverse("channels:detail", kwargs={"slug": team.channel.slug}),
        reverse("norms:rules", kwargs={"slug": team.channel.slug}),
        reverse("moderators:board"),
        reverse("moderators:opening_detail", kwargs={"pk": opening.pk}),
        reverse("community:directory"),
        reverse("community:profile", kwargs={"username": team.moderator.username}),
        reverse("resources:community"),
    ]


def publish_norms(team):
    norm_create(
        channel=team.channel,
        actor=team.owner,
        title="Be kind to each other",
        explanation="Kindness first.",
        allowed_examples="",
        not_allowed_examples="",
    )
    norms_publish(channel=team.channel, actor=team.owner, summary="First rules", is_material=True)


def test_every_stale_on_event_is_declared():
    assert len(pagecache.pages) >= 7
    for page in pagecache.pages:
        assert [name for name in page.stale_on if not events.is_declared(name)] == [], page.name


def test_a_second_anonymous_request_is_served_from_the_cache(client, team, opening):
    publish_norms(team)
    for url in public_urls(team, opening):
        first, _ = get(client, url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url
        second, queries = get(client, url)
        assert second.status_code == 200
        assert second["X-Page-Cache"] == "hit", url
        assert queries == 0, url
        assert second.content == first.content
        assert second["ETag"] == first["ETag"] and second.has_header("Last-Modified")
        vary = {part.strip() for part in second["Vary"].split(",")}
        assert {"Cookie", "HX-Request", "Accept-Language"} <= vary, url
        assert "no-cache" in second["Cache-Control"]


def test_304_when_the_etag_still_matches(client, team, opening):
    url = reverse("moderators:opening_detail", kwargs={"pk": opening.pk})
    etag = client.get(url)["ETag"]
    response, queries = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and queries == 0
    assert response["ETag"] == etag and "Cookie" in response["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_language_and_htmx_are_part_of_the_key(client, team, opening):
    url = reverse("moderators:board")
    english = client.get(url)
    german = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert german["X-Page-Cache"] == "miss" and german["Content-Language"] == "de"
    assert german.content != english.content
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="de")["X-Page-Cache"] == "hit"
    assert client.get(url, HTTP_HX_REQUEST="true")["X-Page-Cache"] == "miss"
    assert client.get(url + "?q=evening")["X-Page-Cache"] == "miss"


def fresh_after(client, url, change, django_capture_on_commit_callbacks, expect: str):
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        change()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss", url
    assert expect in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_publishing_norms_makes_the_rules_page_fresh(
    client, team, django_capture_on_commit_callbacks
):
    url = reverse("norms:rules", kwargs={"slug": team.channel.slug})
    fresh_after(
        client,
        url,
        lambda: publish_norms(team),
        django_capture_on_commit_callbacks,
        "Be kind to each other",
    )


def test_editing_the_channel_makes_its_pages_fresh_and_not_another_channels(
    client, team, opening, django_capture_on_commit_callbacks
):
    other = reverse("channels:detail", kwargs={"slug": team.other_channel.slug})
    client.get(other)
    url = reverse("channels:detail", kwargs={"slug": team.channel.slug})
    fresh_after(
        client,
        url,
        lambda: channel_update(
            channel=team.channel, actor=team.owner, description="Brand new description"
        ),
        django_capture_on_commit_callbacks,
        "Brand new description",
    )
    assert client.get(other)["X-Page-Cache"] == "hit"  # per channel: the other one stays


def test_an_opening_closed_makes_the_board_and_the_opening_fresh(
    client, team, opening, django_capture_on_commit_callbacks
):
    board = reverse("moderators:board")
    page = reverse("moderators:opening_detail", kwargs={"pk": opening.pk})
    for url in (board, page):
        client.get(url)
    assert "Evening chat moderator" in client.get(board).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        opening_close(opening=opening, actor=team.owner)
    assert opening.__class__.objects.get(pk=opening.pk).state == OpeningState.CLOSED
    board_now = client.get(board)
    assert board_now["X-Page-Cache"] == "miss"
    assert "Evening chat moderator" not in board_now.content.decode()
    assert client.get(page)["X-Page-Cache"] == "miss"


def test_a_profile_edited_makes_the_profile_and_the_directory_fresh(
    client, team, django_capture_on_commit_callbacks
):
    def edit():
        profile_update(
            user=team.moderator,
            actor=team.moderator,
            display_name="Milo the Kind",
            bio="Evenings, mostly.",
        )

    profile_for(team.moderator)
    url = reverse("community:profile", kwargs={"username": team.moderator.username})
    client.get(reverse("community:directory"))
    fresh_after(client, url, edit, django_capture_on_commit_callbacks, "Milo the Kind")
    assert client.get(reverse("community:directory"))["X-Page-Cache"] == "miss"


def test_an_erased_account_leaves_the_cached_directory_and_its_profile_is_gone(
    client, team, django_capture_on_commit_callbacks
):
    """Found by the page cache's helper: erasing an account published no event, so the cached
    directory could show a deleted person for up to five minutes. The outsider is in no team,
    so no membership event covers it."""
    from privacy.erasure import account_erase

    profile_update(
        user=team.outsider, actor=team.outsider, display_name="Quiet Quill", open_to_channels=True
    )
    directory = reverse("community:directory")
    profile = reverse("community:profile", kwargs={"username": team.outsider.username})
    client.get(directory), client.get(profile)
    assert client.get(directory)["X-Page-Cache"] == "hit"
    assert "Quiet Quill" in client.get(directory).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=team.outsider, actor=team.outsider)
    response = client.get(directory)
    assert response["X-Page-Cache"] == "miss" and "Quiet Quill" not in response.content.decode()
    assert client.get(profile).status_code == 404


ACCOUNT_NAME = re.compile(r'class="account-name">([^<]*)<')


def account_name(response):
    found = ACCOUNT_NAME.search(response.content.decode())
    return found.group(1) if found else None


def test_two_people_and_an_anonymous_visitor_each_see_their_own_page(team, opening):
    """Isolation: the cached copy carries nothing of anyone's, and nobody signed in is ever
    served it; each signed-in person sees only their own name and token."""
    anonymous, alice, bob = Client(), Client(), Client()
    alice.force_login(team.outsider)
    bob.force_login(team.other_member)
    for url in public_urls(team, opening):
        seen = {}
        # The anonymous visitor first, so the cached copy exists before the others ask.
        for name, client in [("anonymous", anonymous), ("alice", alice), ("bob", bob)] * 2:
            response = client.get(url)
            assert response.status_code == 200, (name, url)
            seen.setdefault(name, []).append(response)
        first, again = seen["anonymous"]
        assert again["X-Page-Cache"] == "hit"
        for response in (first, again):
            html = response.content.decode()
            assert account_name(response) is None
            assert "csrfmiddlewaretoken" not in html and "X-CSRFToken" not in html, url
            assert team.outsider.shown_name not in html or url.endswith("/mods/")
            assert not response.cookies
        for name, person, other in [
            ("alice", team.outsider, team.other_member),
            ("bob", team.other_member, team.outsider),
        ]:
            for response in seen[name]:
                assert not response.has_header("X-Page-Cache"), (name, url)
                assert "private" in response["Cache-Control"]
                assert account_name(response) == person.shown_name, (name, url)
                html = response.content.decode()
                assert f'class="account-name">{other.shown_name}<' not in html
                assert "X-CSRFToken" in html
                assert response.content != first.content


def test_a_cookie_or_credentials_bypass_the_cache(client, team, opening):
    url = reverse("moderators:board")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    client.cookies["sessionid"] = "not-a-session"
    assert not client.get(url).has_header("X-Page-Cache")
    del client.cookies["sessionid"]
    assert not client.get(url, HTTP_AUTHORIZATION="Bearer x").has_header("X-Page-Cache")
    client.cookies["django_language"] = "es"
    assert client.get(url)["X-Page-Cache"] == "miss"  # the language cookie is part of the key


def test_the_language_selector_needs_no_token(team):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/openings/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "es"
    assert client.get(reverse("set_language"), {"language": "de"}).status_code == 302
    assert client.cookies["django_language"].value == "es"  # a GET changes nothing


def test_rules_json_body_is_served_without_queries_and_fresh_after_a_rename(
    client, team, django_capture_on_commit_callbacks
):
    publish_norms(team)
    url = reverse("norms:rules_json", kwargs={"slug": team.channel.slug})
    client.get(url)
    response, queries = get(client, url)
    assert response.status_code == 200 and queries <= 1
    with django_capture_on_commit_callbacks(execute=True):
        channel_update(channel=team.channel, actor=team.owner, name="Nova Renamed")
    assert "Nova Renamed" in client.get(url).content.decode()
