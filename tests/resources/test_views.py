"""The resources pages: what each person sees, hostile input through forms, file serving,
and query counts that don't grow with the library or the team."""

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse

from channels.models import Membership, MembershipRole
from portal.notifications.models import Notification
from resources import selectors, services
from resources.models import Completion, Kind, Resource
from tests.factories import UserFactory, page_queries, role
from tests.resources.factories import (
    PDF,
    PNG,
    clone_resources,
    make_platform_resource,
    make_resource,
    owner_of,
    upload,
)

pytestmark = pytest.mark.django_db

LIBRARY_BUDGET = 12
COMMUNITY_BUDGET = 12
GRID_BUDGET = 12


def lib(team, *args):
    return reverse("resources:library", args=[team.channel.slug, *args])


# The library


def test_library_filters_by_tag_role_and_search(client, team):
    trainee = role(team.channel, "Trainee")
    make_resource(team.channel, title="De-escalation basics", tags=["chat"], roles=[trainee])
    make_resource(team.channel, title="Raid response plan", tags=["safety"], body="Raids happen.")
    client.force_login(team.trainee)
    page = client.get(lib(team)).content.decode()
    assert "De-escalation basics" in page and "Raid response plan" in page
    page = client.get(lib(team), {"tag": "safety"}).content.decode()
    assert "Raid response plan" in page and "De-escalation basics" not in page
    page = client.get(lib(team), {"role": trainee.pk}).content.decode()
    assert "De-escalation basics" in page and "Raid response plan" not in page
    page = client.get(lib(team), {"q": "raids"}).content.decode()
    assert "Raid response plan" in page and "De-escalation basics" not in page
    # Odd filter values are dropped, not an error.
    for odd in ({"role": "abc"}, {"role": 2**70}, {"tag": "\x00"}, {"q": "x" * 5000}):
        assert client.get(lib(team), odd).status_code == 200


def test_sqlite_fallback_search(team, monkeypatch):
    make_resource(team.channel, title="Working with the streamer", tags=["streamer"])
    make_resource(team.channel, title="Self-care")
    monkeypatch.setattr(connection, "vendor", "sqlite")
    found, ranked = selectors.search(Resource.objects.for_channel(team.channel), "STREAMER")
    assert not ranked and [r.title for r in found] == ["Working with the streamer"]


def test_create_article_with_script_renders_inert(client, team):
    client.force_login(team.lead)
    url = reverse("resources:create", args=[team.channel.slug]) + "?kind=article"
    response = client.post(
        url,
        {
            "title": "Safety",
            "body": "Hello <script>alert(1)</script> [x](javascript:alert(2)) "
            "<img src=x onerror=alert(3)>",
            "estimated_minutes": 5,
            "tags": "safety",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "javascript:alert" not in page
    assert "onerror" not in page


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("link", {"url": "javascript:alert(1)"}, "starting with https://"),
        ("link", {"url": "http://192.168.0.1/"}, "not a local or private network"),
        ("file", {"upload": ("evil.pdf", b"<html><script>x</script>")}, "SVG and HTML are refused"),
        ("file", {"upload": ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")}, "SVG"),
        ("file", {"upload": ("photo.pdf", PNG)}, "its name ends"),
        ("file", {}, "Choose a file"),
        ("checklist", {"items": ""}, "at least one item"),
        ("article", {"body": "x", "estimated_minutes": -1}, "greater than or equal"),
        ("article", {"body": "x", "title": "x" * 300}, "at most 200"),
        ("article", {"body": "x", "roles": [999999]}, "valid choice"),
    ],
)
def test_hostile_input_gets_a_clear_message(client, team, kind, data, message):
    client.force_login(team.lead)
    url = reverse("resources:create", args=[team.channel.slug]) + f"?kind={kind}"
    payload = {"title": "T", "estimated_minutes": 5, **data}
    if "upload" in data:
        name, content = data["upload"]
        payload["upload"] = upload(content, name)
    response = client.post(url, payload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_roles_of_another_channel_are_not_offered(client, team):
    client.force_login(team.owner)
    foreign = role(team.other_channel, "Trainee").pk
    url = reverse("resources:create", args=[team.channel.slug]) + "?kind=article"
    response = client.post(
        url, {"title": "T", "body": "b", "estimated_minutes": 5, "required_roles": [foreign]}
    )
    assert response.status_code == 200 and not Resource.objects.exists()


def test_ticking_items_one_cannot_see_is_404(client, team):
    other = make_resource(team.other_channel, kind=Kind.CHECKLIST)
    mine = make_resource(team.channel, kind=Kind.CHECKLIST)
    foreign_item = other.items.first()
    client.force_login(team.trainee)
    slug = team.channel.slug
    for url in [
        reverse("resources:tick", args=[slug, other.pk, foreign_item.pk]),
        reverse("resources:tick", args=[slug, mine.pk, foreign_item.pk]),
        reverse("resources:tick", args=["other", other.pk, foreign_item.pk]),
        reverse("resources:done", args=[slug, other.pk]),
        f"/c/{slug}/resources/{mine.pk}/items/99999999999999999999/tick/",
    ]:
        assert client.post(url, {"ticked": "1"}).status_code == 404, url
    assert not Completion.objects.exists()
    for url in [
        reverse("resources:detail", args=[slug, other.pk]),
        reverse("resources:file", args=[slug, other.pk]),
        reverse("resources:edit", args=[slug, other.pk]),
    ]:
        client.force_login(team.owner)
        assert client.get(url).status_code == 404, url


def test_checklist_through_the_page(client, team):
    checklist = make_resource(team.channel, kind=Kind.CHECKLIST, items=["One", "Two"])
    client.force_login(team.trainee)
    for item in checklist.items.all():
        response = client.post(
            reverse("resources:tick", args=[team.channel.slug, checklist.pk, item.pk]),
            {"ticked": "1"},
            follow=True,
        )
    assert "Checklist complete" in response.content.decode()
    assert Completion.objects.filter(user=team.trainee, resource=checklist).exists()


# Files


def test_files_are_served_with_safe_headers_only_to_members(client, team, settings):
    image = make_resource(team.channel, kind=Kind.FILE)
    pdf = make_resource(team.channel, kind=Kind.FILE, upload=upload(PDF, "rules.pdf"), title="R")
    client.force_login(team.trainee)
    response = client.get(reverse("resources:file", args=[team.channel.slug, image.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG
    response = client.get(reverse("resources:file", args=[team.channel.slug, pdf.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    # Stored in the private storage, outside MEDIA_ROOT: no public path, whatever its name.
    assert image.file.storage is storages["private"]
    assert (settings.PRIVATE_MEDIA_ROOT / image.file.name).exists()
    assert not (settings.MEDIA_ROOT / image.file.name).exists()
    assert client.get(f"/media/{image.file.name}").status_code == 404
    assert client.get(f"/media/./{image.file.name}").status_code == 404
    client.force_login(team.other_member)
    assert (
        client.get(reverse("resources:file", args=[team.channel.slug, image.pk])).status_code == 404
    )
    assert client.get(reverse("resources:community_file", args=[image.pk])).status_code == 404
    services.resource_share(resource=image, actor=team.owner)
    assert client.get(reverse("resources:community_file", args=[image.pk])).status_code == 200


# The community library and its journey pieces


def test_community_search_and_add_to_channel(client, team):
    article = make_resource(team.channel, title="Handling raids", body="Slow mode and followers.")
    services.resource_share(resource=article, actor=team.owner)
    make_platform_resource(title="Self-care for moderators", body="Take breaks.")
    hidden = make_resource(team.channel, title="Private raids notes")
    other_owner = owner_of(team.other_channel)
    client.force_login(other_owner)
    page = client.get(reverse("resources:community"), {"q": "raid"}).content.decode()
    assert "Handling raids" in page and "Private raids notes" not in page
    assert "Self-care" not in page
    assert client.get(reverse("resources:community_detail", args=[hidden.pk])).status_code == 404
    response = client.post(
        reverse("resources:add_to_channel", args=[article.pk]),
        {"channel": team.other_channel.pk},
    )
    copy = Resource.objects.for_channel(team.other_channel).get()
    assert response.status_code == 302 and copy.copied_from == article
    # A channel id the person can't manage is just an invalid choice.
    response = client.post(
        reverse("resources:add_to_channel", args=[article.pk]), {"channel": team.channel.pk}
    )
    assert response.status_code == 200
    assert Resource.objects.for_channel(team.channel).count() == 2
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "See the original" in page


def test_bookmarks_and_reports(client, team):
    platform = make_platform_resource()
    client.force_login(team.outsider)
    client.post(reverse("resources:bookmark", args=[platform.pk]), {"bookmarked": "1"})
    page = client.get(reverse("resources:community"), {"bookmarked": "on"}).content.decode()
    assert platform.title in page
    url = reverse("resources:report", args=[platform.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "x" * 2000}).status_code == 200
    assert client.post(url, {"reason": "Broken link in step 2"}).status_code == 302
    response = client.post(url, {"reason": "Again"})
    assert "already reported" in response.content.decode()


def test_visitors_read_the_community_library_and_sign_in_to_act(client, team):
    shared = make_resource(team.channel, title="Handling raids", body="Use **slow mode**.")
    services.resource_share(resource=shared, actor=team.owner)
    platform = make_platform_resource(title="Self-care for moderators", body="Take breaks.")
    hidden = make_resource(team.channel, title="Private raids notes")
    page = client.get(reverse("resources:community"), {"q": "raid"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "Handling raids" in body and "Private raids notes" not in body
    assert "Only my bookmarks" not in body  # bookmarks need an account
    # A visitor asking for bookmarks gets the whole library, not an error.
    listing = client.get(reverse("resources:community"), {"bookmarked": "on"}).content.decode()
    assert platform.title in listing and "Handling raids" in listing
    detail = client.get(reverse("resources:community_detail", args=[shared.pk]))
    body = detail.content.decode()
    assert detail.status_code == 200 and "<strong>slow mode</strong>" in body
    assert 'action="' + reverse("resources:bookmark", args=[shared.pk]) not in body
    assert "Report a problem" not in body and "Sign in</a> to bookmark" in body
    assert client.get(reverse("resources:community_detail", args=[hidden.pk])).status_code == 404
    for name in ("resources:report", "resources:add_to_channel"):
        response = client.get(reverse(name, args=[shared.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    response = client.post(reverse("resources:bookmark", args=[shared.pk]), {"bookmarked": "1"})
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_admin_lists_reports_and_resolving_notifies(client, team):
    article = make_resource(team.channel, actor=team.lead)
    services.resource_share(resource=article, actor=team.lead)
    report = services.report_create(resource=article, actor=team.outsider, reason="Spam link")
    client.force_login(team.staff)
    changelist = client.get(reverse("admin:resources_report_changelist")).content.decode()
    assert article.title in changelist
    page = client.get(reverse("admin:resources_report_change", args=[report.pk]))
    assert "Spam link" in page.content.decode()
    client.post(
        reverse("admin:resources_report_change", args=[report.pk]),
        {"resolution": "Removed the link."},
    )
    report.refresh_from_db()
    assert report.state == "resolved"
    assert Notification.objects.filter(
        event="resource.report_resolved", recipient=team.lead
    ).exists()
    response = client.post(
        reverse("admin:resources_resource_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert not Resource.objects.community().exists()


def test_admin_adds_a_platform_resource(client, team):
    client.force_login(team.staff)
    response = client.post(
        reverse("admin:resources_resource_add"),
        {
            "kind": "article",
            "title": "Moderator roles",
            "summary": "",
            "body": "Roles.",
            "url": "",
            "tags": "roles",
            "estimated_minutes": 5,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get()
    assert resource.is_platform and resource.is_shared


# Required training on the dashboard and the team page


def test_dashboard_and_team_page_show_required_training(client, team):
    trainee = role(team.channel, "Trainee")
    article = make_resource(team.channel, title="Read the norms", required_roles=[trainee])
    client.force_login(team.trainee)
    assert "Read the norms" in client.get(reverse("dashboard")).content.decode()
    services.resource_mark_done(resource=article, actor=team.trainee)
    assert "Read the norms" not in client.get(reverse("dashboard")).content.decode()
    client.force_login(team.lead)
    page = client.get(reverse("channels:team", args=[team.channel.slug])).content.decode()
    assert "1 / 1 done" in page
    grid = client.get(reverse("resources:progress", args=[team.channel.slug])).content.decode()
    assert "Read the norms" in grid and "none required" in grid


# Query counts


def test_library_queries_do_not_grow(client, team):
    trainee = role(team.channel, "Trainee")
    base = make_resource(
        team.channel, tags=["chat", "safety"], roles=[trainee], required_roles=[trainee]
    )
    clone_resources(base, 9)
    client.force_login(team.trainee)
    url = lib(team)
    small = page_queries(client, url)
    small_search = page_queries(client, url + "?q=welcome&tag=chat")
    clone_resources(base, 990)
    assert Resource.objects.for_channel(team.channel).count() == 1000
    assert page_queries(client, url) == small <= LIBRARY_BUDGET
    assert page_queries(client, url + "?q=welcome&tag=chat") == small_search <= LIBRARY_BUDGET


def test_community_search_queries_do_not_grow(client, team):
    base = make_resource(team.channel, tags=["chat"], body="De-escalation in chat.")
    services.resource_share(resource=base, actor=team.owner)
    base.refresh_from_db()
    clone_resources(base, 9)
    client.force_login(team.outsider)
    url = reverse("resources:community") + "?q=escalation"
    small = page_queries(client, url)
    clone_resources(base, 990)
    assert Resource.objects.community().count() == 1000
    assert page_queries(client, url) == small <= COMMUNITY_BUDGET


def add_members(channel, count: int, role_name: str) -> None:
    users = UserFactory.create_batch(count)
    memberships = Membership.objects.bulk_create(
        Membership(channel=channel, user=user) for user in users
    )
    held = role(channel, role_name)
    MembershipRole.objects.bulk_create(
        MembershipRole(channel=channel, membership=m, role=held) for m in memberships
    )


def test_progress_grid_and_team_page_queries_do_not_grow(client, team):
    trainee = role(team.channel, "Trainee")
    base = make_resource(team.channel, required_roles=[trainee])
    clone_resources(base, 4)
    add_members(team.channel, 1, "Trainee")
    client.force_login(team.lead)
    grid = reverse("resources:progress", args=[team.channel.slug])
    team_page = reverse("channels:team", args=[team.channel.slug])
    small, small_team = page_queries(client, grid), page_queries(client, team_page)
    add_members(team.channel, 495, "Trainee")
    assert Membership.objects.for_channel(team.channel).count() == 500
    assert page_queries(client, grid) == small <= GRID_BUDGET
    assert page_queries(client, team_page) == small_team


def test_search_has_a_gin_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the full-text index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'resource_search'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


def test_dashboard_training_panel_queries_do_not_grow(client, team):
    trainee = role(team.channel, "Trainee")
    base = make_resource(team.channel, required_roles=[trainee])
    client.force_login(team.trainee)
    small = page_queries(client, reverse("dashboard"))
    clone_resources(base, 50)
    other_trainee = role(team.other_channel, "Trainee")
    MembershipRole.objects.bulk_create(
        [
            MembershipRole(
                channel=team.other_channel,
                membership=Membership.objects.create(channel=team.other_channel, user=team.trainee),
                role=other_trainee,
            )
        ]
    )
    make_resource(team.other_channel, title="Elsewhere", required_roles=[other_trainee])
    assert len(selectors.todo_for_user(team.trainee)) == 8  # the panel shows the first eight
    assert "Elsewhere" in [r.title for r in selectors.todo_for_user(team.trainee, limit=100)]
    assert page_queries(client, reverse("dashboard")) == small
