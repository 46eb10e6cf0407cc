"""Debrief pages: the journey through the forms, isolation, hostile input, query budgets and
the team-health section."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from channels import health
from debriefs.models import Debrief, DebriefComment, DebriefNorm, ModeratorAction, NormChange
from debriefs.selectors import health as debrief_health
from debriefs.services import debrief_comment
from resources.models import Resource
from tests.debriefs.factories import write_debrief
from tests.factories import ChannelFactory, page_queries
from tests.norms.factories import published

pytestmark = pytest.mark.django_db


def url(name, slug="nova", **kwargs):
    return reverse(f"debriefs:{name}", kwargs={"slug": slug, **kwargs})


@pytest.fixture
def norms(team):
    return published(team.channel, team.lead)[1]


def form_data(team, **extra):
    return {
        "title": "Hate raid",
        "happened_at": (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "20",
        "context": "Charity stream",
        "what_happened": "A raid <script>alert(1)</script> **bots**.",
        "norms": ["1", "3"],
        "moderator_1": str(team.moderator.pk),
        "action_1": "ban",
        "moderator_2": str(team.lead.pk),
        "action_2": "other",
        "detail_2": "Followers-only mode",
        "went_well": "Fast bans.",
        "do_differently": "Shield mode sooner.",
        **extra,
    }


def test_a_moderator_writes_a_debrief_through_the_form(client, team, norms):
    client.force_login(team.moderator)
    page = client.get(url("create")).content.decode()
    assert "Don't paste chat logs with usernames" in page
    assert "3. No spoilers" in page
    response = client.post(url("create"), form_data(team))
    debrief = Debrief.objects.get()
    assert response.status_code == 302 and response["Location"] == debrief.get_absolute_url()
    assert [link.title for link in debrief.norm_links.all()] == ["Be kind", "No spoilers"]
    detail = client.get(debrief.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in detail and "<strong>bots</strong>" in detail
    assert "Followers-only mode" in detail


def _fingerprint():
    return (
        list(Debrief.objects.values()),
        list(DebriefNorm.objects.values()),
        list(ModeratorAction.objects.values()),
        list(DebriefComment.objects.values()),
        list(NormChange.objects.values()),
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "x" * 500},
        {"title": "nul\x00"},
        {"what_happened": "y" * 9000},
        {"duration_minutes": "-3"},
        {"duration_minutes": "9" * 30},
        {"duration_minutes": "1e9"},
        {"happened_at": "2999-01-01T10:00"},
        {"happened_at": "not a date"},
        {"norms": ["99"]},
        {"norms": ["-1"]},
        {"norms": ["x"]},
        {"action_1": "nuke"},
        {"moderator_1": "99999999999999999999"},
        {"action_2": "other", "detail_2": ""},
        {"moderator_3": "", "action_3": "ban"},
    ],
)
def test_hostile_input_gets_a_message_and_changes_nothing(client, team, norms, bad):
    client.force_login(team.moderator)
    before = _fingerprint()
    response = client.post(url("create"), form_data(team, **bad))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode() or "error" in response.content.decode()
    assert _fingerprint() == before


def test_a_member_of_another_channel_cannot_be_named_as_moderator(client, team, norms):
    client.force_login(team.moderator)
    before = _fingerprint()
    response = client.post(url("create"), form_data(team, moderator_1=str(team.other_member.pk)))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert _fingerprint() == before


def test_ids_of_another_channel_are_404_and_change_nothing(client, team, norms):
    theirs = write_debrief(team.other_channel, team.other_member, norms=())
    client.force_login(team.owner)
    before = _fingerprint()
    for name in ("detail", "lessons", "case_study"):
        assert client.get(url(name, pk=theirs.pk)).status_code == 404, name
    for name, data in [
        ("comment", {"body": "Hi"}),
        ("lessons", {"summary": "x"}),
        ("propose", {"norm": norms[0].pk}),
        ("case_study", {"title": "x", "body": "y"}),
    ]:
        assert client.post(url(name, pk=theirs.pk), data).status_code == 404, name
    assert client.get(url("detail", pk=2**63)).status_code == 404
    assert client.get(url("norm", pk=2**40)).status_code == 404
    # A norm of this channel named in a proposal for another channel's debrief: still 404.
    assert _fingerprint() == before
    # Their norm id in our norm page is a 404 too.
    client.force_login(team.other_member)
    assert client.get(url("norm", slug="other", pk=norms[0].pk)).status_code == 404


def test_propose_with_a_norm_the_debrief_does_not_involve_changes_nothing(client, team, norms):
    debrief = write_debrief(team.channel, team.moderator, norms=(1,))
    client.force_login(team.lead)
    before = _fingerprint()
    for norm in ("abc", str(norms[2].pk), "-1", "9" * 25):
        response = client.post(url("propose", pk=debrief.pk), {"norm": norm})
        assert response.status_code == 302 and response["Location"] == debrief.get_absolute_url()
    assert _fingerprint() == before
    response = client.post(url("propose", pk=debrief.pk), {"norm": norms[0].pk, "note": "Raids"})
    assert response["Location"] == reverse("norms:norm_edit", args=["nova", norms[0].pk])


def test_the_thread_lessons_and_case_study_pages(client, team, norms):
    debrief = write_debrief(team.channel, team.lead, norms=(1,))
    client.force_login(team.trainee)
    client.post(url("comment", pk=debrief.pk), {"body": "Use *slow mode* next time"})
    assert "<em>slow mode</em>" in client.get(debrief.get_absolute_url()).content.decode()
    assert client.post(url("comment", pk=debrief.pk), {"body": ""}).status_code == 302
    assert DebriefComment.objects.count() == 1
    client.force_login(team.lead)
    page = client.post(url("lessons", pk=debrief.pk), {"summary": ""})
    assert page.status_code == 200 and not Debrief.objects.get().lessons_agreed
    client.post(url("lessons", pk=debrief.pk), {"summary": "Slow mode first."})
    assert Debrief.objects.get().lessons_agreed
    form = client.get(url("case_study", pk=debrief.pk)).content.decode()
    assert "Remove names before you create it." in form and "## What happened" in form
    assert "trainee" not in form  # the moderators' names are not in the first text
    refused = client.post(url("case_study", pk=debrief.pk), {"title": "Case", "body": "lead did"})
    assert (
        refused.status_code == 200 and "Remove these names first: lead." in refused.content.decode()
    )
    done = client.post(url("case_study", pk=debrief.pk), {"title": "Case", "body": "A mod did"})
    resource = Resource.objects.get()
    assert done["Location"] == resource.get_absolute_url()
    assert "Case study in the library" in client.get(debrief.get_absolute_url()).content.decode()


def _many(team, debrief, count):
    """Rows in bulk for the size test: `count` copies of a service-made debrief."""
    copies = Debrief.objects.bulk_create(
        Debrief(
            channel=team.channel,
            title=f"Copy {i}",
            happened_at=debrief.happened_at - timedelta(hours=i),
            duration_minutes=5,
            context="Stream",
            what_happened="x",
            author=team.moderator,
            author_name="moderator",
            version=debrief.version,
        )
        for i in range(count)
    )
    link = debrief.norm_links.get()
    DebriefNorm.objects.bulk_create(
        DebriefNorm(channel=team.channel, debrief=c, norm=link.norm, number=1, title=link.title)
        for c in copies
    )
    ModeratorAction.objects.bulk_create(
        ModeratorAction(
            channel=team.channel,
            debrief=c,
            moderator=team.moderator,
            moderator_name="moderator",
            action=("ban", "timeout", "remind")[i % 3],
        )
        for i, c in enumerate(copies)
    )
    DebriefComment.objects.bulk_create(
        DebriefComment(
            channel=team.channel, debrief=c, author=team.lead, author_name="lead", body="ok"
        )
        for c in copies
    )


def test_list_norm_and_detail_queries_are_the_same_at_10_and_1000_debriefs(client, team, norms):
    first = write_debrief(team.channel, team.moderator, norms=(1,))
    for n in range(9):
        write_debrief(team.channel, team.moderator, norms=(1,), title=f"Debrief {n}")
    debrief_comment(debrief=first, actor=team.lead, body="Hmm")
    client.force_login(team.trainee)
    pages = [url("list"), url("norm", pk=norms[0].pk), first.get_absolute_url()]
    small = [page_queries(client, page) for page in pages]
    _many(team, first, 990)
    assert Debrief.objects.count() == 1000
    large = [page_queries(client, page) for page in pages]
    assert large == small
    assert max(small) <= 16, small


def test_the_norm_page_counts_each_ladder_step(client, team, norms):
    write_debrief(
        team.channel,
        team.moderator,
        norms=(1,),
        actions=[
            {"moderator": team.moderator, "action": "timeout"},
            {"moderator": team.lead, "action": "timeout"},
            {"moderator": team.lead, "action": "ban"},
        ],
    )
    write_debrief(team.channel, team.moderator, norms=(2,), title="Spam")
    client.force_login(team.trainee)
    page = client.get(url("norm", pk=norms[0].pk)).content.decode()
    assert "Raid during the marathon" in page and "Spam" not in page
    assert "<td>Timeout</td><td>2</td>" in page and "<td>Ban</td><td>1</td>" in page
    assert "<td>Remind</td><td>0</td>" in page
    current = client.get(reverse("norms:current", args=["nova"])).content.decode()
    assert url("norm", pk=norms[0].pk) in current


def test_the_health_section_counts_per_month_and_the_norms_most_involved(team, norms):
    assert "debriefs.activity" in health.sections
    write_debrief(team.channel, team.moderator, norms=(1, 2))
    write_debrief(team.channel, team.moderator, norms=(1,), title="Second")
    write_debrief(
        team.channel,
        team.moderator,
        norms=(3,),
        title="Old",
        happened_at=timezone.now() - timedelta(days=500),
    )
    write_debrief(team.other_channel, team.other_member, norms=(), title="Elsewhere")
    section = debrief_health(team.channel)
    assert section["total"] == 2 and len(section["months"]) in (12, 13)
    assert section["months"][-1][1] + section["months"][-2][1] >= 2
    assert [(title, n) for _pk, title, n in section["norms"]] == [
        ("Be kind", 2),
        ("No spam", 1),
        ("No spoilers", 1),
    ]
    bound = next(s for s in health.bound_sections(team.channel) if s.name == "debriefs.activity")
    html = render_to_string(bound.template, {"section": bound.context, "channel": team.channel})
    assert "Norms most involved" in html and url("norm", pk=norms[0].pk) in html
    quiet = ChannelFactory(name="Quiet", slug="quiet")
    empty = render_to_string(bound.template, {"section": debrief_health(quiet)})
    assert "No debriefs in the last twelve months" in empty


def test_the_published_version_page_links_the_debrief(client, team, norms):
    from norms.services import norm_update
    from tests.norms.factories import publish

    debrief = write_debrief(team.channel, team.moderator, norms=(1,))
    client.force_login(team.lead)
    client.post(url("propose", pk=debrief.pk), {"norm": norms[0].pk})
    publish_page = client.get(reverse("norms:publish", args=["nova"])).content.decode()
    assert debrief.get_absolute_url() in publish_page
    norm_update(norm=norms[0], actor=team.lead, explanation="Raids too.")
    version = publish(team.channel, team.lead, summary="After the raid")
    page = client.get(reverse("norms:version", args=["nova", version.number])).content.decode()
    assert "This change was proposed in:" in page and debrief.get_absolute_url() in page
    detail = client.get(debrief.get_absolute_url()).content.decode()
    assert f"published in version {version.number}" in detail
