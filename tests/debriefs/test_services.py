"""Debrief services on PostgreSQL: state before and after, audit rows, outbox rows, refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent
from channels.services import channel_suspend
from debriefs.models import Debrief, DebriefComment, DebriefNorm, ModeratorAction, NormChange
from debriefs.norm_hooks import debrief_links
from debriefs.services import (
    debrief_agree_lessons,
    debrief_comment,
    debrief_create_case_study,
    debrief_propose_norm_change,
)
from norms.models import DraftNorm, NormComment
from norms.services import norm_update
from portal.notifications.models import Notification
from resources.models import Resource
from tests.debriefs.factories import write_debrief
from tests.norms.factories import publish, published

pytestmark = pytest.mark.django_db


def snapshot(channel):
    return (
        list(AuditEvent.objects.for_channel(channel).values_list("id", flat=True)),
        list(Debrief.objects.for_channel(channel).values()),
        list(DebriefNorm.objects.for_channel(channel).values()),
        list(ModeratorAction.objects.for_channel(channel).values()),
        list(DebriefComment.objects.for_channel(channel).values()),
        list(NormChange.objects.for_channel(channel).values()),
        list(NormComment.objects.for_channel(channel).values()),
        list(Resource.objects.for_channel(channel).values_list("id", flat=True)),
        list(Notification.objects.values_list("id", flat=True)),
    )


@pytest.fixture
def norms(team):
    version, drafts = published(team.channel, team.lead)
    return drafts


def test_a_moderator_writes_a_debrief_the_team_hears_of_it(team, norms):
    debrief = write_debrief(
        team.channel,
        team.moderator,
        norms=(1, 3),
        actions=[
            {"moderator": team.moderator, "action": "ban"},
            {"moderator": team.lead, "action": "other", "detail": "Followers-only mode"},
        ],
    )
    links = list(debrief.norm_links.all())
    assert [(link.number, link.title, link.norm) for link in links] == [
        (1, "Be kind", norms[0]),
        (3, "No spoilers", norms[2]),
    ]
    assert [(a.moderator_name, a.action, a.detail) for a in debrief.actions.all()] == [
        ("moderator", "ban", ""),
        ("lead", "other", "Followers-only mode"),
    ]
    assert debrief.version.number == 1
    event = AuditEvent.objects.for_channel(team.channel).get(action="debrief.created")
    assert event.actor == team.moderator and event.after["norms"] == ["Be kind", "No spoilers"]
    told = set(
        Notification.objects.filter(event="debrief.created").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"owner", "lead", "trainee"}


def test_only_members_who_can_write_debriefs_write_them(team, norms):
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff, team.trainee):
        with pytest.raises(PermissionDenied):
            write_debrief(team.channel, actor, actions=[])
    assert snapshot(team.channel) == before
    for actor in (team.moderator, team.lead, team.owner):
        write_debrief(team.channel, actor)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"what_happened": "bad\x00byte"}, "what_happened"),
        ({"what_happened": "x" * 8001}, "what_happened"),
        ({"context": "  "}, "context"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -5}, "duration_minutes"),
        ({"duration_minutes": 10**12}, "duration_minutes"),
        ({"duration_minutes": True}, "duration_minutes"),
        ({"happened_at": timezone.now() + timedelta(days=2)}, "happened_at"),
        ({"happened_at": "yesterday"}, "happened_at"),
        ({"norm_numbers": [4]}, "norms"),
        ({"norm_numbers": [-1]}, "norms"),
        ({"norm_numbers": ["abc"]}, "norms"),
        ({"actions": [{"moderator": None, "action": "ban"}]}, "actions"),
        ({"actions": [{"moderator": "OUTSIDER", "action": "ban"}]}, "actions"),
        ({"actions": [{"moderator": "MOD", "action": "nuke"}]}, "actions"),
        ({"actions": [{"moderator": "MOD", "action": "other", "detail": ""}]}, "actions"),
        ({"actions": [{"moderator": "MOD", "action": "ban"}] * 5}, "actions"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(team, norms, change, field):
    people = {"OUTSIDER": team.other_member, "MOD": team.moderator}
    if "actions" in change:
        change = {
            "actions": [
                {**item, "moderator": people.get(item["moderator"], item["moderator"])}
                for item in change["actions"]
            ]
        }
    before = snapshot(team.channel)
    with pytest.raises(ValidationError) as refused:
        write_debrief(team.channel, team.moderator, **{"norms": (1,), **_rename(change)})
    assert field in refused.value.message_dict
    assert snapshot(team.channel) == before


def _rename(change):
    if "norm_numbers" in change:
        return {"norms": change["norm_numbers"]}
    return change


def test_norms_come_from_the_current_version_and_keep_their_draft_identity(team, norms):
    norm_update(norm=norms[0], actor=team.lead, title="Be kind to everyone")
    publish(team.channel, team.lead, summary="Clearer")
    debrief = write_debrief(team.channel, team.moderator, norms=(1,))
    link = debrief.norm_links.get()
    assert (link.title, link.norm) == ("Be kind to everyone", norms[0])
    assert debrief.version.number == 2


def test_without_published_norms_a_debrief_names_none(team):
    debrief = write_debrief(team.channel, team.moderator, norms=())
    assert debrief.version is None and not debrief.norm_links.exists()
    with pytest.raises(ValidationError):
        write_debrief(team.channel, team.moderator, norms=(1,))


def test_any_member_comments_outsiders_and_read_only_channels_are_refused(team, norms):
    debrief = write_debrief(team.channel, team.moderator)
    comment = debrief_comment(debrief=debrief, actor=team.trainee, body="I'd have used slow mode.")
    assert comment.author_name == "trainee"
    assert AuditEvent.objects.for_channel(team.channel).filter(action="debrief.commented").exists()
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            debrief_comment(debrief=debrief, actor=actor, body="Hi")
    for body in ("", "x" * 2001, "nul\x00"):
        with pytest.raises(ValidationError):
            debrief_comment(debrief=debrief, actor=team.lead, body=body)
    channel_suspend(channel=team.channel, actor=team.staff, reason="Review")
    before = snapshot(team.channel)
    debrief.channel.refresh_from_db()
    with pytest.raises(ValidationError):
        debrief_comment(debrief=debrief, actor=team.lead, body="Hi")
    assert snapshot(team.channel) == before


def test_comments_are_rate_limited(team, norms, settings):
    debrief = write_debrief(team.channel, team.moderator)
    for n in range(60):
        debrief_comment(debrief=debrief, actor=team.lead, body=f"Comment {n}")
    with pytest.raises(ValidationError):
        debrief_comment(debrief=debrief, actor=team.lead, body="One more")
    assert DebriefComment.objects.filter(debrief=debrief).count() == 60


def test_writing_debriefs_is_rate_limited(team, norms):
    for n in range(20):
        write_debrief(team.channel, team.moderator, title=f"Debrief {n}", actions=[])
    with pytest.raises(ValidationError):
        write_debrief(team.channel, team.moderator, title="One more")
    assert Debrief.objects.count() == 20


def test_the_author_or_a_manager_agrees_the_lessons_once(
    team, norms, django_capture_on_commit_callbacks
):
    debrief = write_debrief(team.channel, team.moderator)
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff, team.trainee):
        with pytest.raises(PermissionDenied):
            debrief_agree_lessons(debrief=debrief, actor=actor, summary="Lessons")
    with pytest.raises(ValidationError):
        debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="  ")
    assert snapshot(team.channel) == before
    debrief = debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="Slow mode first.")
    assert debrief.lessons_agreed and debrief.lessons_agreed_by_name == "lead"
    told = set(
        Notification.objects.filter(event="debrief.lessons_agreed").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"owner", "moderator", "trainee"}
    with pytest.raises(ValidationError):
        debrief_agree_lessons(debrief=debrief, actor=team.moderator, summary="Again")
    own = write_debrief(team.channel, team.moderator, title="Another")
    debrief_agree_lessons(debrief=own, actor=team.moderator, summary="Ours")


def test_a_proposed_change_is_linked_when_a_version_changes_the_norm(team, norms):
    debrief = write_debrief(team.channel, team.moderator, norms=(1, 2))
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff, team.trainee, team.moderator):
        with pytest.raises(PermissionDenied):
            debrief_propose_norm_change(debrief=debrief, actor=actor, norm=norms[0])
    with pytest.raises(ValidationError):  # not a norm of this debrief
        debrief_propose_norm_change(debrief=debrief, actor=team.lead, norm=norms[2])
    assert snapshot(team.channel) == before

    change = debrief_propose_norm_change(
        debrief=debrief, actor=team.lead, norm=norms[0], note="Cover raids explicitly."
    )
    again = debrief_propose_norm_change(debrief=debrief, actor=team.lead, norm=norms[0])
    assert again == change and change.version is None
    comment = NormComment.objects.get(norm=norms[0])
    assert "Cover raids explicitly." in comment.body and debrief.title in comment.body
    assert debrief_links(channel=team.channel, version=None) == [
        (f"Debrief “{debrief.title}” (norm “Be kind”)", debrief.get_absolute_url())
    ]
    debrief_propose_norm_change(debrief=debrief, actor=team.lead, norm=norms[1])

    # A version that does not change the norm leaves the proposal waiting.
    norm_update(norm=norms[2], actor=team.lead, explanation="Spoilers of new releases.")
    publish(team.channel, team.lead, summary="Spoilers")
    assert NormChange.objects.filter(version__isnull=True).count() == 2

    norm_update(norm=norms[0], actor=team.lead, explanation="Raids included.")
    version = publish(team.channel, team.lead, summary="After the raid")
    change.refresh_from_db()
    assert change.version == version
    assert NormChange.objects.get(norm=norms[1]).version is None  # "No spam" did not change
    assert debrief_links(channel=team.channel, version=version) == [
        (f"Debrief “{debrief.title}” (norm “Be kind”)", debrief.get_absolute_url())
    ]
    told = Notification.objects.get(event="debrief.norm_changed")
    assert told.recipient == team.moderator and "version 3" in told.summary
    assert (
        AuditEvent.objects.for_channel(team.channel).filter(action="debrief.norm_changed").count()
        == 1
    )


def test_removing_the_norm_counts_as_its_change(team, norms):
    from norms.services import norm_delete

    debrief = write_debrief(team.channel, team.moderator, norms=(2,))
    debrief_propose_norm_change(debrief=debrief, actor=team.lead, norm=norms[1])
    norm_delete(norm=norms[1], actor=team.lead)
    version = publish(team.channel, team.lead, summary="No spam is covered by Be kind")
    assert NormChange.objects.get(debrief=debrief).version == version
    assert not DraftNorm.objects.filter(pk=norms[1].pk).exists()


def test_a_case_study_needs_agreed_lessons_no_names_and_a_library_manager(team, norms):
    debrief = write_debrief(team.channel, team.lead)
    with pytest.raises(ValidationError):
        debrief_create_case_study(debrief=debrief, actor=team.lead, title="Case", body="Text")
    debrief = debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="Slow mode first.")
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff, team.trainee, team.moderator):
        with pytest.raises(PermissionDenied):
            debrief_create_case_study(debrief=debrief, actor=actor, title="Case", body="Text")
    with pytest.raises(ValidationError) as refused:
        debrief_create_case_study(
            debrief=debrief, actor=team.lead, title="Case", body="Then Moderator banned them."
        )
    assert "moderator" in str(refused.value)
    assert snapshot(team.channel) == before
    resource = debrief_create_case_study(
        debrief=debrief, actor=team.lead, title="Case: a raid", body="A mod banned them."
    )
    assert resource.channel == team.channel and resource.kind == "article"
    assert [tag.name for tag in resource.tags.all()] == ["case-study"]
    debrief.refresh_from_db()
    assert debrief.case_study == resource
    with pytest.raises(ValidationError):
        debrief_create_case_study(debrief=debrief, actor=team.lead, title="Again", body="x")


def test_a_username_that_is_a_word_passes_once_confirmed(team, norms):
    debrief = write_debrief(team.channel, team.lead)
    debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="Lessons")
    body = "The lead asked the moderator on duty to ban them."
    with pytest.raises(ValidationError) as refused:
        debrief_create_case_study(debrief=debrief, actor=team.lead, title="Case", body=body)
    assert "lead, moderator" in str(refused.value)
    resource = debrief_create_case_study(
        debrief=debrief, actor=team.lead, title="Case", body=body, not_names=True
    )
    assert resource.body == body


def test_a_moderator_author_without_library_rights_cannot_make_the_case_study(team, norms):
    debrief = write_debrief(team.channel, team.moderator)
    debrief_agree_lessons(debrief=debrief, actor=team.moderator, summary="Lessons")
    with pytest.raises(PermissionDenied):
        debrief_create_case_study(debrief=debrief, actor=team.moderator, title="Case", body="x")


@pytest.mark.parametrize(
    "body", ["Then @moderator banned them.", "Thanks @MODERATOR!", "(@moderator) stepped in"]
)
def test_a_case_study_refuses_an_at_mention_of_a_member(team, norms, body):
    debrief = write_debrief(team.channel, team.lead)
    debrief = debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="Slow mode first.")
    with pytest.raises(ValidationError) as refused:
        debrief_create_case_study(debrief=debrief, actor=team.lead, title="Case", body=body)
    assert "moderator" in str(refused.value)


def test_a_name_inside_a_longer_word_is_no_mention(team, norms):
    debrief = write_debrief(team.channel, team.lead)
    debrief = debrief_agree_lessons(debrief=debrief, actor=team.lead, summary="Slow mode first.")
    resource = debrief_create_case_study(
        debrief=debrief, actor=team.lead, title="Case", body="The moderators misleading@x."
    )
    assert resource.body.startswith("The moderators")
