"""Norms pages and exports: conditional GETs, query budgets, hostile input, tenancy."""

import json
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import norms
from channels.models import AuditEvent
from channels.services import channel_update
from norms import stamps
from norms.exports import LINE_MAX
from norms.models import DraftNorm, NormComment, NormTemplate, NormVersion
from norms.services import norm_comment, norm_update
from norms.stamps import stamp_set
from tests.factories import add_member, channel_owner, page_queries
from tests.norms.factories import add_norms, publish, published

pytestmark = pytest.mark.django_db

EDITOR_BUDGET = 16
PAGE_BUDGET = 14


def url(name, **kwargs):
    return reverse(f"norms:{name}", kwargs={"slug": "nova", **kwargs})


def norms_state(channel):
    return (
        list(DraftNorm.objects.for_channel(channel).values()),
        list(NormVersion.objects.for_channel(channel).values_list("id", flat=True)),
        list(NormComment.objects.for_channel(channel).values_list("id", flat=True)),
        list(AuditEvent.objects.for_channel(channel).values_list("id", flat=True)),
    )


# The exports


def test_rules_json_has_the_version_etag_and_cache_headers(client, team):
    published(team.channel, team.lead)
    response = client.get(url("rules_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"rules-') and response["Last-Modified"]
    data = response.json()
    assert data["version"] == 1 and data["channel"] == {"slug": "nova", "name": "Nova Streams"}
    assert [n["number"] for n in data["norms"]] == [1, 2, 3]
    assert data["norms"][0]["text_url"] == "/c/nova/rules/1.txt"


def test_schema_documents_every_key_the_json_has(client, team):
    schema = json.loads((Path(norms.__file__).parent / "rules.schema.json").read_text())
    published(team.channel, team.lead)
    data = client.get(url("rules_json")).json()
    assert set(data) == set(schema["required"]) == set(schema["properties"])
    item = schema["properties"]["norms"]["items"]
    assert set(data["norms"][0]) == set(item["required"]) == set(item["properties"])
    assert set(data["norms"][0]["enforcement"]["first"]) == set(schema["$defs"]["step"]["required"])
    assert data["schema"] == schema["$id"]


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize("name", ["rules_json", "rules_txt", "rule_txt"])
def test_a_conditional_get_is_a_304_with_one_query_and_no_template(client, team, name, cached):
    published(team.channel, team.lead)
    target = url(name, number=2) if name == "rule_txt" else url(name)
    first = client.get(target)
    rendered = []

    def on_render(**kwargs):
        rendered.append(kwargs["template"].name)

    template_rendered.connect(on_render)
    try:
        for headers in (
            {"HTTP_IF_NONE_MATCH": first["ETag"]},
            {"HTTP_IF_NONE_MATCH": f'"other", W/{first["ETag"]}'},
            {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
        ):
            if not cached:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(target, **headers)
            assert response.status_code == 304, headers
            assert len(queries.captured_queries) == (0 if cached else 1), queries.captured_queries
            assert response.content == b""
            assert response["ETag"] == first["ETag"]
            assert response["Cache-Control"] == "public, max-age=60"
    finally:
        template_rendered.disconnect(on_render)
    assert rendered == []
    # A stale ETag gets the new version in full.
    assert client.get(target, HTTP_IF_NONE_MATCH='"rules-0-0-json"').status_code == 200


def test_a_new_version_changes_the_etag(client, team, django_capture_on_commit_callbacks):
    _version, norms = published(team.channel, team.lead)
    etag = client.get(url("rules_json"))["ETag"]
    norm_update(norm=norms[0], actor=team.lead, title="Be very kind")
    with django_capture_on_commit_callbacks(execute=True):
        publish(team.channel, team.lead)  # writes the new stamp to the cache on commit
    response = client.get(url("rules_json"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response.json()["version"] == 2


def test_one_rule_is_one_short_line(client, team):
    add_norms(team.channel, team.lead, ["Long"], explanation="word " * 700)
    publish(team.channel, team.lead)
    response = client.get(url("rule_txt", number=1))
    line = response.content.decode()
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert len(line) < LINE_MAX and "\n" not in line and line.startswith("Rule 1: Long — word")
    for number in (0, 2, 99999999999):
        assert client.get(f"/c/nova/rules/{number}.txt").status_code == 404


def test_exports_are_404_without_a_version_or_channel(client, team):
    for target in (url("rules_json"), url("rules_txt"), "/c/missing/rules.json"):
        assert client.get(target).status_code == 404
    assert client.post(url("rules_json")).status_code == 405
    # The rules page itself says nothing is published yet.
    assert "No rules published yet" in client.get(url("rules")).content.decode()


def test_an_unlisted_channels_rules_are_readable_with_the_link(client, team):
    published(team.channel, team.lead)
    channel_update(channel=team.channel, actor=team.owner, visibility="unlisted")
    assert client.get(url("rules")).status_code == 200
    assert "Be kind" in client.get(url("rules")).content.decode()


# Query budgets


def test_editor_history_and_compare_queries_do_not_grow(client, team):
    client.force_login(team.lead)
    _version, norms = published(team.channel, team.lead, titles=("A", "B"))
    norm_comment(norm=norms[0], actor=team.lead, body="Hmm")
    norm_update(norm=norms[0], actor=team.lead, title="A2")
    publish(team.channel, team.lead)
    pages = [
        url("editor"),
        url("publish"),
        url("history"),
        url("current"),
        url("rules"),
        url("version", number=2),
        url("compare") + "?old=1&new=2",
    ]
    small = [page_queries(client, page) for page in pages]
    more = add_norms(team.channel, team.lead, [f"Norm {i}" for i in range(12)])
    for norm in more[:5]:
        norm_comment(norm=norm, actor=team.lead, body="More")
    publish(team.channel, team.lead)
    for i in range(4):
        norm_update(norm=more[i], actor=team.lead, title=f"Renamed {i}")
        publish(team.channel, team.lead)
    for _ in range(6):
        add_member(team.channel, roles=["Moderator"])
    large = [page_queries(client, page) for page in pages]
    assert small == large
    assert max(large) <= EDITOR_BUDGET


def test_team_page_column_queries_do_not_grow(client, team):
    client.force_login(team.owner)
    published(team.channel, team.lead)
    team_url = reverse("channels:team", kwargs={"slug": "nova"})
    small = page_queries(client, team_url)
    for _ in range(5):
        add_member(team.channel, roles=["Moderator"])
    assert page_queries(client, team_url) == small


# The pages


def test_team_page_shows_who_has_not_acknowledged(client, team):
    published(team.channel, team.lead)
    client.force_login(team.owner)
    page = client.get(reverse("channels:team", kwargs={"slug": "nova"})).content.decode()
    assert page.count("Not yet") == 3 and page.count(">Acknowledged<") == 1


def test_acknowledging_from_the_current_page(client, team):
    published(team.channel, team.lead)
    client.force_login(team.trainee)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Norms to acknowledge" in dashboard
    page = client.get(url("current")).content.decode()
    assert "I have read and acknowledge version 1" in page
    response = client.post(url("acknowledge"), {"number": "1"}, follow=True)
    assert "you acknowledged" in response.content.decode()
    assert "Norms to acknowledge" not in client.get(reverse("dashboard")).content.decode()
    for bad in ({}, {"number": "abc"}, {"number": "-1"}, {"number": "9" * 30}, {"number": "7"}):
        assert client.post(url("acknowledge"), bad).status_code == 302


def test_move_works_with_htmx_and_without_javascript(client, team):
    a, b = add_norms(team.channel, team.lead, ["A", "B"])
    client.force_login(team.lead)
    response = client.post(url("norm_move", pk=b.pk), {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="draft-list">')
    assert list(DraftNorm.objects.values_list("title", flat=True)) == ["B", "A"]
    response = client.post(url("norm_move", pk=b.pk), {"direction": "down"})
    assert response.status_code == 302 and response["Location"] == url("editor")
    assert list(DraftNorm.objects.values_list("title", flat=True)) == ["A", "B"]


def test_hostile_form_input_gets_a_message_and_changes_nothing(client, team):
    add_norms(team.channel, team.lead, ["Be kind"])
    client.force_login(team.lead)
    before = norms_state(team.channel)
    base = {
        "title": "Fine",
        "category": "behaviour",
        "first_action": "remind",
        "repeated_action": "timeout",
        "repeated_timeout": "10",
        "severe_action": "ban",
    }
    for bad in [
        {"title": ""},
        {"title": "x" * 500},
        {"title": "nul\x00"},
        {"title": "be KIND"},
        {"explanation": "x" * 5000},
        {"category": "gossip"},
        {"first_action": "nuke"},
        {"repeated_timeout": "-4"},
        {"repeated_timeout": "9" * 30},
        {"repeated_timeout": ""},
    ]:
        response = client.post(url("norm_create"), {**base, **bad})
        assert response.status_code == 200, bad
        assert 'role="alert"' in response.content.decode(), bad
    response = client.post(url("publish"), {"summary": "x" * 5000, "change": "material"})
    assert response.status_code == 200
    response = client.post(url("publish"), {"summary": "ok", "change": "sneaky"})
    assert response.status_code == 200
    response = client.post(url("comment_add", pk=DraftNorm.objects.get().pk), {"body": ""})
    assert response.status_code == 302
    for bad in (
        {"old": "1", "new": "abc"},
        {"old": "-1", "new": "9" * 30},
        {"old": "1", "new": "5"},
    ):
        assert client.get(url("compare"), bad).status_code == 200
    assert client.get(url("version", number=99999999999)).status_code == 404
    assert norms_state(team.channel) == before


def test_publishing_with_no_changes_says_so(client, team):
    published(team.channel, team.lead)
    client.force_login(team.lead)
    response = client.post(url("publish"), {"summary": "Again", "change": "wording"})
    assert "same as version 1" in response.content.decode()


def test_ids_of_another_channel_are_404(client, team):
    other = add_norms(team.other_channel, channel_owner(team.other_channel), ["Theirs"])[0]
    client.force_login(team.owner)
    before = norms_state(team.other_channel)
    for name in ("norm_edit", "norm_delete"):
        assert client.get(url(name, pk=other.pk)).status_code == 404
        assert client.post(url(name, pk=other.pk), {"title": "x"}).status_code == 404
    for name in ("norm_move", "comment_add"):
        data = {"direction": "up", "body": "x"}
        assert client.post(url(name, pk=other.pk), data).status_code == 404
    inactive = NormTemplate.objects.create(name="Hidden", is_active=False)
    assert client.post(url("template_copy", pk=inactive.pk)).status_code == 404
    assert client.post(url("template_copy", pk=2**40)).status_code == 404
    assert norms_state(team.other_channel) == before


def test_each_process_remembers_the_stamp_briefly(client, team, settings):
    settings.NORMS_STAMP_LOCAL_SECONDS = 30
    published(team.channel, team.lead)
    etag = client.get(url("rules_json"))["ETag"]
    cache.clear()  # the shared cache forgets; this process still remembers for a moment
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("rules_json"), HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries.captured_queries) == 0
    # A stale stamp naming a version that isn't there makes the view ask the database.
    settings.NORMS_STAMP_LOCAL_SECONDS = 0
    stamp_set("nova", (0, 0, timezone.now()))
    assert client.get(url("rules_json")).json()["version"] == 1
    assert client.get(url("rules_json"), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_each_process_remembers_the_body_for_the_stamps_moment(client, team, settings, monkeypatch):
    settings.NORMS_STAMP_LOCAL_SECONDS = 30
    monkeypatch.setattr(stamps, "_local", {})  # this test's memos, gone after it
    monkeypatch.setattr(stamps, "_bodies", {})
    published(team.channel, team.lead)
    body = client.get(url("rules_json")).content
    cache.clear()  # the shared cache forgets; this process still has stamp and body
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("rules_json"))
    assert response.status_code == 200 and response.content == body
    assert len(queries.captured_queries) == 0 and response.has_header("ETag")
    channel_update(channel=team.channel, actor=team.owner, name="Nova Nights")
    # Once the moment has passed, the renamed channel's export is built afresh.
    later = time.monotonic() + 31
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert client.get(url("rules_json")).json()["channel"]["name"] == "Nova Nights"


def test_cached_exports_follow_a_channel_rename(client, team):
    published(team.channel, team.lead)
    assert client.get(url("rules_json")).json()["channel"]["name"] == "Nova Streams"
    channel_update(channel=team.channel, actor=team.owner, name="Nova Nights")
    assert client.get(url("rules_json")).json()["channel"]["name"] == "Nova Nights"
    assert client.get(url("rules_txt")).content.decode().startswith("Norms of Nova Nights")


def test_history_shows_the_drafting_comments_behind_each_version(client, team):
    _version, norms = published(team.channel, team.lead)
    norm_comment(norm=norms[0], actor=team.lead, body="Stricter?")
    norm_comment(norm=norms[1], actor=team.owner, body="Agreed")
    norm_update(norm=norms[0], actor=team.lead, severe_action="escalate")
    publish(team.channel, team.lead, summary="Escalate")
    client.force_login(team.trainee)
    page = client.get(url("history")).content.decode()
    assert "2 drafting comments" in page and "Escalate" in page
    version_page = client.get(url("version", number=2)).content.decode()
    assert "Stricter?" in version_page and "Agreed" in version_page
