"""Norms services on PostgreSQL: state before and after, audit rows, outbox rows, refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent
from channels.services import channel_suspend
from integrations.models import ChannelEvent
from norms.models import (
    Acknowledgement,
    DraftNorm,
    NormComment,
    NormSet,
    NormTemplate,
    NormVersion,
    VersionImmutable,
)
from norms.services import (
    norm_comment,
    norm_create,
    norm_delete,
    norm_move,
    norm_update,
    norms_acknowledge,
    norms_copy_template,
    norms_publish,
    norms_send_reminders,
)
from norms.tasks import reminders
from portal.notifications.models import Notification
from tests.factories import add_member
from tests.norms.factories import add_norms, publish, published

pytestmark = pytest.mark.django_db


def snapshot(channel):
    return (
        list(AuditEvent.objects.for_channel(channel).values_list("id", flat=True)),
        list(DraftNorm.objects.for_channel(channel).values()),
        list(NormVersion.objects.for_channel(channel).values()),
        list(Acknowledgement.objects.for_channel(channel).values()),
        list(NormComment.objects.for_channel(channel).values()),
        list(Notification.objects.values_list("id", flat=True)),
    )


def refusers(team):
    """People who may not manage norms in the team's channel."""
    return [None, team.outsider, team.other_member, team.staff, team.trainee, team.moderator]


def test_management_services_refuse_actors_who_cannot_manage_norms(team):
    norm = norm_create(channel=team.channel, actor=team.lead, title="Be kind")
    template = NormTemplate.objects.first()
    calls = [
        lambda actor: norm_create(channel=team.channel, actor=actor, title="Sneaky"),
        lambda actor: norm_update(norm=norm, actor=actor, title="Changed"),
        lambda actor: norm_move(norm=norm, actor=actor, direction="down"),
        lambda actor: norm_delete(norm=norm, actor=actor),
        lambda actor: norm_comment(norm=norm, actor=actor, body="Hi"),
        lambda actor: norms_copy_template(channel=team.channel, actor=actor, template=template),
        lambda actor: norms_publish(
            channel=team.channel, actor=actor, summary="x", is_material=True
        ),
    ]
    before = snapshot(team.channel)
    for actor in refusers(team):
        for call in calls:
            with pytest.raises(PermissionDenied):
                call(actor)
    assert snapshot(team.channel) == before


def test_acknowledging_is_for_members_only(team):
    published(team.channel, team.lead)
    before = snapshot(team.channel)
    for actor in (None, team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            norms_acknowledge(channel=team.channel, actor=actor, number=1)
    assert snapshot(team.channel) == before
    norms_acknowledge(channel=team.channel, actor=team.trainee, number=1)
    assert Acknowledgement.objects.filter(user=team.trainee, version__number=1).exists()


def test_publishing_numbers_versions_audits_and_notifies_the_team(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version, _norms = published(team.channel, team.lead)
    assert version.number == 1 and version.is_material
    assert [n["title"] for n in version.norms] == ["Be kind", "No spam", "No spoilers"]
    assert version.norms[0]["enforcement"]["repeated"] == {
        "action": "timeout",
        "timeout_minutes": 10,
    }
    assert NormSet.objects.get(channel=team.channel).current_version == version
    event = AuditEvent.objects.for_channel(team.channel).get(action="norms.published")
    assert event.actor == team.lead and event.after["version"] == 1
    notified = set(
        Notification.objects.filter(event="norms.published").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"owner", "moderator", "trainee"}  # not the publisher
    # The publisher wrote it: they have acknowledged it.
    assert Acknowledgement.objects.get(version=version).user == team.lead


def test_a_publish_with_no_changes_or_no_norms_is_refused(team):
    with pytest.raises(ValidationError, match="at least one norm"):
        publish(team.channel, team.lead)
    published(team.channel, team.lead)
    before = snapshot(team.channel)
    with pytest.raises(ValidationError, match="same as version 1"):
        publish(team.channel, team.lead)
    with pytest.raises(ValidationError):
        norms_publish(channel=team.channel, actor=team.lead, summary="  ", is_material=True)
    assert snapshot(team.channel) == before


def test_a_wording_change_carries_acknowledgements_over_and_a_material_one_does_not(team):
    version, norms = published(team.channel, team.lead)
    norms_acknowledge(channel=team.channel, actor=team.moderator, number=1)
    norm_update(norm=norms[0], actor=team.lead, explanation="Kinder wording.")
    v2 = publish(team.channel, team.lead, summary="Wording", material=False)
    acks = {a.user.username: a.carried_over for a in Acknowledgement.objects.filter(version=v2)}
    assert acks == {"lead": False, "moderator": True}
    norm_update(norm=norms[1], actor=team.lead, severe_action="escalate")
    v3 = publish(team.channel, team.lead, summary="Escalate spam", material=True)
    assert set(
        Acknowledgement.objects.filter(version=v3).values_list("user__username", flat=True)
    ) == {"lead"}


def test_acknowledging_an_old_version_is_refused_and_twice_is_harmless(team):
    _version, norms = published(team.channel, team.lead)
    norm_update(norm=norms[0], actor=team.lead, title="Be very kind")
    publish(team.channel, team.lead)
    with pytest.raises(ValidationError, match="Version 2 is current"):
        norms_acknowledge(channel=team.channel, actor=team.trainee, number=1)
    first = norms_acknowledge(channel=team.channel, actor=team.trainee, number=2)
    events = AuditEvent.objects.for_channel(team.channel).filter(action="norms.acknowledged")
    assert events.count() == 1
    assert norms_acknowledge(channel=team.channel, actor=team.trainee, number=2) == first
    assert events.count() == 1


def test_published_versions_can_never_be_edited_or_deleted(team):
    version, _norms = published(team.channel, team.lead)
    version.summary = "Rewritten history"
    with pytest.raises(VersionImmutable):
        version.save()
    with pytest.raises(VersionImmutable):
        version.delete()
    with pytest.raises(VersionImmutable):
        NormVersion.objects.filter(pk=version.pk).update(summary="x")
    with pytest.raises(VersionImmutable):
        NormVersion.objects.filter(pk=version.pk).delete()


def test_bad_norms_get_clear_messages_and_change_nothing(team):
    add_norms(team.channel, team.lead, ["Be kind"])
    before = snapshot(team.channel)
    bad = [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "BE KIND"}, "title"),  # a duplicate, ignoring case
        ({"title": "x" * 121}, "title"),
        ({"title": "Nul\x00byte"}, "title"),
        ({"title": "Ok", "explanation": "x" * 4001}, "explanation"),
        ({"title": "Ok", "category": "gossip"}, "category"),
        ({"title": "Ok", "first_action": "shout"}, "first_action"),
        ({"title": "Ok", "first_action": "timeout"}, "first_timeout"),
        ({"title": "Ok", "first_action": "timeout", "first_timeout": -5}, "first_timeout"),
        ({"title": "Ok", "first_action": "timeout", "first_timeout": 10**12}, "first_timeout"),
    ]
    for fields, field in bad:
        with pytest.raises(ValidationError) as error:
            norm_create(channel=team.channel, actor=team.lead, **fields)
        assert field in error.value.message_dict, fields
    assert snapshot(team.channel) == before


def test_moving_reorders_and_stops_at_the_ends(team):
    a, b, c = add_norms(team.channel, team.lead, ["A", "B", "C"])
    norm_move(norm=c, actor=team.lead, direction="up")
    order = list(DraftNorm.objects.for_channel(team.channel).values_list("title", flat=True))
    assert order == ["A", "C", "B"]
    events = AuditEvent.objects.for_channel(team.channel).filter(action="norm.moved")
    count = events.count()
    norm_move(norm=a, actor=team.lead, direction="up")
    assert events.count() == count
    with pytest.raises(ValidationError):
        norm_move(norm=a, actor=team.lead, direction="sideways")


def test_comments_stay_with_the_version_they_led_to(team):
    norm = add_norms(team.channel, team.lead, ["Be kind"])[0]
    comment = norm_comment(norm=norm, actor=team.owner, body="Include emotes?")
    version = publish(team.channel, team.lead)
    comment.refresh_from_db()
    assert comment.version == version and comment.author_name == "owner"
    later = norm_comment(norm=norm, actor=team.lead, body="Next round")
    assert later.version is None
    with pytest.raises(ValidationError):
        norm_comment(norm=norm, actor=team.lead, body="   ")


def test_a_starter_template_is_copied_once(team):
    template = NormTemplate.objects.get(name="Friendly chat basics")
    created = norms_copy_template(channel=team.channel, actor=team.lead, template=template)
    assert [n.title for n in created] == [item.title for item in template.items.all()]
    with pytest.raises(ValidationError, match="already has every norm"):
        norms_copy_template(channel=team.channel, actor=team.lead, template=template)
    template.is_active = False
    template.save()
    with pytest.raises(ValidationError):
        norms_copy_template(channel=team.channel, actor=team.lead, template=template)


def test_a_read_only_channel_takes_no_norm_changes(team):
    norm = add_norms(team.channel, team.lead, ["Be kind"])[0]
    publish(team.channel, team.lead)
    channel_suspend(channel=team.channel, actor=team.staff, reason="Under review")
    team.channel.refresh_from_db()
    with pytest.raises(ValidationError):
        norm_update(norm=norm, actor=team.lead, title="Changed")
    with pytest.raises(ValidationError):
        norms_publish(channel=team.channel, actor=team.lead, summary="x", is_material=True)
    # Reading and acknowledging is never blocked.
    norms_acknowledge(channel=team.channel, actor=team.trainee, number=1)


def test_joining_asks_the_new_member_to_acknowledge(team):
    published(team.channel, team.lead)
    newcomer = add_member(team.channel, username="newcomer", roles=["Trainee"]).user
    welcome = Notification.objects.get(recipient=newcomer, event="norms.welcome")
    assert welcome.target_url == "/c/nova/norms/current/"
    # A channel without norms asks nothing.
    add_member(team.other_channel, username="elsewhere", roles=["Trainee"])
    assert not Notification.objects.filter(recipient__username="elsewhere", event="norms.welcome")


def test_reminders_go_once_per_version_after_the_configured_days(team, settings):
    settings.NORMS_REMINDER_DAYS = 3
    published(team.channel, team.lead)
    norms_acknowledge(channel=team.channel, actor=team.moderator, number=1)
    assert norms_send_reminders() == 0  # not due yet
    later = timezone.now() + timedelta(days=3, minutes=1)
    assert norms_send_reminders(now=later) == 2  # owner and trainee; lead published it
    reminded = set(
        Notification.objects.filter(event="norms.reminder").values_list(
            "recipient__username", flat=True
        )
    )
    assert reminded == {"owner", "trainee"}
    assert norms_send_reminders(now=later) == 0
    # The domain event, once per version, carries a count and no names.
    overdue = AuditEvent.objects.filter(action="norms.acknowledgements_overdue")
    assert list(overdue.values_list("actor_name", "after")) == [
        ("system", {"version": 1, "outstanding": 2})
    ]
    logged = ChannelEvent.objects.get(kind="norms.acknowledgements_overdue")
    assert (logged.level, logged.payload["data"]) == ("team", {"version": 1, "outstanding": 2})
    assert "trainee" not in str(logged.payload)


def test_reminder_task_runs_the_service(team, settings):
    settings.NORMS_REMINDER_DAYS = 0
    published(team.channel, team.lead)
    assert reminders.apply().get() == 3


def test_hostile_markdown_is_inert_in_the_exports(team, client):
    norm_create(
        channel=team.channel,
        actor=team.lead,
        title="<b>Bold</b> title",
        explanation="<script>alert(1)</script><img src=x onerror=alert(2)> "
        '[click](javascript:alert(3)) <iframe src="https://evil"></iframe> **fine**',
    )
    publish(team.channel, team.lead)
    data = client.get("/c/nova/rules.json").json()
    norm = data["norms"][0]
    for text in (norm["explanation_html"], norm["explanation"]):
        assert "<script" not in text and "onerror" not in text
        assert "javascript:" not in text and "<iframe" not in text
    assert "<strong>fine</strong>" in norm["explanation_html"]
    line = client.get("/c/nova/rules/1.txt").content.decode()
    assert "<script" not in line and "javascript:" not in line and "\n" not in line
    page = client.get("/c/nova/rules/").content.decode()
    assert "<script>alert" not in page and "&lt;b&gt;Bold&lt;/b&gt; title" in page
