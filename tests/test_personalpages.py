"""Signed-in pages from the shared cache, one copy per person (portal/personalpages.py): a
second visit is served without rendering, each person only ever sees their own copy, who may
see a page is decided afresh every time, and a copy goes stale after the events and writes
that change what it shows."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from channels.services import membership_remove
from community.services.announcements import announcement_post
from exercises.models import Attempt
from exercises.services import attempt_submit
from moderators.services.invitations import invitation_create
from portal import events, panels, personalpages
from resources.models import Kind
from resources.services import resource_create
from tests.exercises.factories import moderators_drill, publish_norm, wrong_answers
from tests.factories import build_team, role

pytestmark = pytest.mark.django_db
ACCOUNT_NAME = re.compile(r'class="account-name">([^<]*)<')


@pytest.fixture
def team(db):
    return build_team()


def signed_in(user) -> Client:
    """A browser's state: a session, and the CSRF cookie its first page set."""
    client = Client()
    client.force_login(user)
    client.get(reverse("dashboard"))
    assert client.cookies.get("csrftoken"), "the first page sets the CSRF cookie"
    return client


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries.captured_queries)


def team_urls(team):
    slug = team.channel.slug
    return [
        reverse("dashboard"),
        reverse("hub"),
        reverse("channels:team", kwargs={"slug": slug}),
        reverse("team_health", kwargs={"slug": slug}),
        reverse("moderators:review", kwargs={"slug": slug}),
        reverse("norms:editor", kwargs={"slug": slug}),
        reverse("resources:library", kwargs={"slug": slug}),
    ]


def test_every_declared_event_exists_and_every_page_has_its_view():
    declared = set().union(*(page.events() for page in personalpages.pages))
    assert declared and not [name for name in declared if not events.is_declared(name)]
    assert panels.events_shown(panels.dashboard_panels) >= {"invitation.sent"}
    assert {page.name for page in personalpages.pages} >= {
        "portal.dashboard",
        "portal.hub",
        "channels.team",
        "portal.team_health",
        "moderators.review",
        "norms.editor",
        "resources.library",
    }


def test_a_second_visit_is_served_from_the_persons_copy(team):
    client = signed_in(team.owner)
    for url in team_urls(team):
        first, rendered = get(client, url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url
        second, queries = get(client, url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content, url
        # The session, the account and (for a channel's page) who may see it: never cached.
        assert queries < rendered and queries <= 5, (url, queries, rendered)
        assert "private" in second["Cache-Control"] and "no-cache" in second["Cache-Control"]
        assert {"Cookie", "HX-Request"} <= {v.strip() for v in second["Vary"].split(",")}
        again, _ = get(client, url, HTTP_IF_NONE_MATCH=second["ETag"])
        assert again.status_code == 304, url


def test_two_people_each_see_only_their_own_copy(team):
    owner, lead = signed_in(team.owner), signed_in(team.lead)
    url = reverse("channels:team", kwargs={"slug": team.channel.slug})
    for _ in range(2):
        for person, client in [(team.owner, owner), (team.lead, lead)]:
            response = client.get(url)
            assert ACCOUNT_NAME.search(response.content.decode()).group(1) == person.shown_name
    assert owner.get(url)["X-Page-Cache"] == "hit" and lead.get(url)["X-Page-Cache"] == "hit"
    assert owner.get(url).content != lead.get(url).content


def test_a_copy_never_outlives_the_right_to_see_it(team, django_capture_on_commit_callbacks):
    client = signed_in(team.moderator)
    url = reverse("resources:library", kwargs={"slug": team.channel.slug})
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        membership_remove(membership=team.membership("moderator"), actor=team.owner)
    assert client.get(url).status_code == 404
    # Another channel's page by its address: the permission check, never a copy.
    other = reverse("resources:library", kwargs={"slug": team.other_channel.slug})
    assert client.get(other).status_code == 404


def test_an_event_in_the_channel_makes_its_pages_fresh_and_not_another_channels(
    team, django_capture_on_commit_callbacks
):
    ours, theirs = signed_in(team.moderator), signed_in(team.other_member)
    url = reverse("dashboard")
    for client in (ours, theirs):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        announcement_post(
            channel=team.channel,
            actor=team.owner,
            title="Raid night on Friday",
            body="Everyone on deck.",
            is_pinned=True,
        )
    fresh = ours.get(url)
    assert fresh["X-Page-Cache"] == "miss" and "Raid night on Friday" in fresh.content.decode()
    assert theirs.get(url)["X-Page-Cache"] == "hit"


def test_an_invitation_from_a_channel_one_is_not_in_reaches_the_dashboard(
    team, django_capture_on_commit_callbacks
):
    client = signed_in(team.outsider)
    url = reverse("dashboard")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            channel=team.channel,
            actor=team.owner,
            roles=[role(team.channel, "Moderator")],
            username=team.outsider.username,
        )
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss" and team.channel.name in fresh.content.decode()


def test_a_write_without_an_event_makes_the_channels_pages_fresh(team):
    """Marking training done records no domain event; the write itself makes the team's
    pages (the lead's team page with its training column) and the writer's own fresh."""
    resource = resource_create(
        channel=team.channel,
        actor=team.owner,
        kind=Kind.ARTICLE,
        title="How we time out",
        body="Read this first.",
        required_roles=[role(team.channel, "Moderator")],
    )
    lead, moderator = signed_in(team.lead), signed_in(team.moderator)
    team_url = reverse("channels:team", kwargs={"slug": team.channel.slug})
    lead.get(team_url)
    assert lead.get(team_url)["X-Page-Cache"] == "hit"
    moderator.get(reverse("dashboard"))
    assert moderator.get(reverse("dashboard"))["X-Page-Cache"] == "hit"
    done = reverse("resources:done", kwargs={"slug": team.channel.slug, "pk": resource.pk})
    assert moderator.post(done).status_code == 302
    assert lead.get(team_url)["X-Page-Cache"] == "miss"
    # The writer's next page shows the message once, rendered for them and never stored.
    after = moderator.get(reverse("dashboard"))
    assert not after.has_header("X-Page-Cache") and "Marked as done." in after.content.decode()
    assert moderator.get(reverse("dashboard"))["X-Page-Cache"] == "miss"


def test_a_write_outside_any_channel_makes_everyones_copies_fresh(team):
    lead, owner = signed_in(team.lead), signed_in(team.owner)
    team_url = reverse("channels:team", kwargs={"slug": team.channel.slug})
    owner.get(team_url)
    assert owner.get(team_url)["X-Page-Cache"] == "hit"
    response = lead.post(
        reverse("community:profile_edit"), {"display_name": "Lea the Lead", "bio": ""}
    )
    assert response.status_code in (200, 302)
    assert owner.get(team_url)["X-Page-Cache"] == "miss"


def test_htmx_language_and_a_new_csrf_cookie_are_separate_copies(team):
    client = signed_in(team.owner)
    url = reverse("channels:team", kwargs={"slug": team.channel.slug})
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert client.get(url, HTTP_HX_REQUEST="true")["X-Page-Cache"] == "miss"
    assert client.get(url + "?q=lead")["X-Page-Cache"] == "miss"
    client.cookies["csrftoken"] = "x" * 32
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert not Client().get(url).has_header("X-Page-Cache")  # signed out: sent to log in


def test_no_copy_without_the_csrf_cookie_or_with_credentials(team):
    client = Client()
    client.force_login(team.owner)
    url = reverse("dashboard")
    first = client.get(url)
    assert not first.has_header("X-Page-Cache")  # the page sets the CSRF cookie: not stored
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert not client.get(url, HTTP_AUTHORIZATION="Bearer x").has_header("X-Page-Cache")


def test_a_copy_ends_when_a_cool_down_it_shows_ends(team, monkeypatch):
    """The dashboard shows a failed exercise's cool-down: its copy is kept only until the
    cool-down ends (sooner than the 60 seconds), and a page without one keeps its minute."""
    norm = publish_norm(team.channel, team.owner, title="No links")
    exercise = moderators_drill(team, norm, cooldown_minutes=1)
    attempt_submit(exercise=exercise, actor=team.moderator, answers=wrong_answers(exercise))
    Attempt.objects.update(submitted_at=timezone.now() - timedelta(seconds=40))  # 20 s left
    moderator, owner = signed_in(team.moderator), signed_in(team.owner)
    dashboard, team_url = reverse("dashboard"), reverse("norms:editor", args=[team.channel.slug])
    assert "cool-down until" in moderator.get(dashboard).content.decode()
    assert moderator.get(dashboard)["X-Page-Cache"] == "hit"
    owner.get(team_url)
    assert owner.get(team_url)["X-Page-Cache"] == "hit"
    later = time.time() + 30
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock: 30 s on
    assert moderator.get(dashboard)["X-Page-Cache"] == "miss"
    assert owner.get(team_url)["X-Page-Cache"] == "hit"


def test_nothing_is_kept_of_a_page_that_has_already_changed(team):
    page = personalpages.pages["portal.dashboard"]
    assert personalpages._lifetime(page, None) == page.timeout
    assert personalpages._lifetime(page, timezone.now() - timedelta(seconds=1)) == 0
    assert personalpages._lifetime(page, timezone.now() + timedelta(seconds=5)) in (5, 6)
    assert personalpages._lifetime(page, timezone.now() + timedelta(hours=1)) == page.timeout


def test_a_get_that_changed_the_session_makes_the_persons_copies_stale(team, rf):
    """A page may show what the session holds; a GET that changed it counts as a write of the
    person's own (and only theirs), one that did not changes nothing."""
    from django.contrib.sessions.backends.cache import SessionStore

    key = personalpages.person_key(team.moderator.pk)
    request = rf.get("/anything/")
    request.user, request.session = team.moderator, SessionStore()
    before = cache.get(key)
    personalpages.make_stale_after_write(request, HttpResponse())
    assert cache.get(key) == before
    request.session["seen"] = True
    personalpages.make_stale_after_write(request, HttpResponse())
    assert cache.get(key) != before and cache.get(personalpages.EVERYONE) is None


def test_a_copy_ends_when_an_invitation_it_shows_lapses(team, monkeypatch):
    invitation = invitation_create(
        channel=team.channel,
        actor=team.owner,
        roles=[role(team.channel, "Moderator")],
        username=team.outsider.username,
    )
    type(invitation).objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(seconds=20)
    )
    client = signed_in(team.outsider)
    url = reverse("dashboard")
    assert team.channel.name in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    later = time.time() + 30
    monkeypatch.setattr(time, "time", lambda: later)  # the cache's clock: 30 s on
    assert client.get(url)["X-Page-Cache"] == "miss"
