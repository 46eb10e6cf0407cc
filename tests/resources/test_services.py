"""The resource services: who may act, what they refuse, what they write and whom they tell."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent, MembershipRole
from integrations.models import ChannelEvent
from portal.notifications.models import Notification
from resources import services
from resources.models import (
    FILE_MAX_BYTES,
    Completion,
    ItemTick,
    Kind,
    Report,
    Resource,
    ResourceRole,
)
from resources.services.overdue import training_overdue_find
from resources.tasks import training_overdue
from tests.factories import UserFactory, add_member, role
from tests.resources.factories import (
    PDF,
    PNG,
    make_platform_resource,
    make_resource,
    owner_of,
    upload,
)

pytestmark = pytest.mark.django_db

NOT_MANAGERS = ["anonymous", "outsider", "other_member", "staff", "trainee", "moderator"]


def actor_of(team, who):
    if who == "anonymous":
        return AnonymousUser()
    return team.user(who)


def counts():
    return (
        Resource.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        ItemTick.objects.count(),
        Completion.objects.count(),
        Report.objects.count(),
    )


# Managing the library


def test_lead_creates_every_kind_audited(team):
    trainee_role = role(team.channel, "Trainee")
    for kind in Kind.values:
        resource = make_resource(team.channel, actor=team.lead, kind=kind, title=f"A {kind}")
        assert resource.channel == team.channel
    article = Resource.objects.get(title="A article")
    assert AuditEvent.objects.filter(action="resource.created").count() == len(Kind.values)
    checklist = Resource.objects.get(title="A checklist")
    assert list(checklist.items.values_list("text", flat=True))[0] == "Read the norms"
    file = Resource.objects.get(title="A file")
    assert file.file_type == "image/png" and file.file.name.startswith("resources/")
    assert "." not in file.file.name.rsplit("/", 1)[-1]
    services.resource_update(
        resource=article, actor=team.lead, roles=[trainee_role], required_roles=[trainee_role]
    )
    assert ResourceRole.objects.get(resource=article).required


@pytest.mark.parametrize("who", NOT_MANAGERS)
def test_management_services_refuse_actors_who_cannot_manage(team, who):
    resource = make_resource(team.channel)
    actor = actor_of(team, who)
    before = counts()
    calls = [
        lambda: services.resource_create(
            channel=team.channel, actor=actor, kind="article", title="x", body="y"
        ),
        lambda: services.resource_update(resource=resource, actor=actor, title="Hacked"),
        lambda: services.resource_delete(resource=resource, actor=actor),
        lambda: services.resource_share(resource=resource, actor=actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before
    assert Resource.objects.get(pk=resource.pk).title == "Welcome guide"


def test_required_training_notifies_the_roles_members_once(team):
    trainee_role = role(team.channel, "Trainee")
    resource = make_resource(
        team.channel, actor=team.lead, roles=[trainee_role], required_roles=[trainee_role]
    )
    notes = Notification.objects.filter(event="resource.required")
    assert [n.recipient for n in notes] == [team.trainee]
    assert "Trainee" in notes[0].summary and resource.title in notes[0].summary
    services.resource_update(
        resource=resource,
        actor=team.lead,
        title="Renamed",
        roles=[trainee_role],
        required_roles=[trainee_role],
    )
    assert notes.count() == 1  # still required: nobody is told twice


def test_roles_of_another_channel_are_refused(team):
    foreign = role(team.other_channel, "Trainee")
    with pytest.raises(ValidationError):
        make_resource(team.channel, required_roles=[foreign])
    assert not Resource.objects.exists()


# Hostile input


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "http://localhost:8000/admin/",
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://127.1/",
        "http://10.0.0.5/",
        "http://192.168.1.1/router",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://printer.local/",
        "https://db.internal/",
        "http://intranet/",
        "https://user@10.1.2.3/",
        "https://exa mple.org/",
    ],
)
def test_unsafe_links_are_refused(team, url):
    with pytest.raises(ValidationError) as refusal:
        make_resource(team.channel, kind=Kind.LINK, url=url)
    assert "url" in refusal.value.error_dict
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "guide.pdf", "PDF or a PNG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "a.svg",
            "SVG",
        ),
        (b"<!doctype html><p>hi", "page.html", "HTML"),
        (PNG, "guide.pdf", "its name ends"),
        (PDF, "photo.png", "its name ends"),
        (b"MZ\x90\x00" + b"\x00" * 100, "tool.exe", "PDF or a PNG"),
        (b"", "empty.pdf", "empty"),
    ],
)
def test_files_are_checked_by_content(team, content, name, message):
    with pytest.raises(ValidationError) as refusal:
        make_resource(team.channel, kind=Kind.FILE, upload=upload(content, name))
    assert message in " ".join(refusal.value.messages)
    assert not Resource.objects.exists()


def test_oversized_file_is_refused(team):
    big = upload(PDF + b"0" * FILE_MAX_BYTES, "big.pdf")
    with pytest.raises(ValidationError, match="too large"):
        make_resource(team.channel, kind=Kind.FILE, upload=big)


def test_pdf_is_accepted(team):
    resource = make_resource(team.channel, kind=Kind.FILE, upload=upload(PDF, "Rules of chat.pdf"))
    assert resource.file_type == "application/pdf" and resource.file_name == "Rules of chat.pdf"


@pytest.mark.parametrize(
    "fields",
    [
        {"title": ""},
        {"title": "x" * 201},
        {"title": "Nul\x00byte"},
        {"body": ""},
        {"estimated_minutes": -5},
        {"estimated_minutes": 10**9},
        {"estimated_minutes": "lots"},
        {"tags": ["x" * 40]},
        {"tags": [f"t{n}" for n in range(20)]},
    ],
)
def test_bad_article_input_is_refused(team, fields):
    with pytest.raises(ValidationError):
        make_resource(team.channel, **fields)
    assert not Resource.objects.exists()


def test_checklist_needs_items(team):
    with pytest.raises(ValidationError):
        make_resource(team.channel, kind=Kind.CHECKLIST, items=["", "  "])
    with pytest.raises(ValidationError):
        make_resource(team.channel, kind=Kind.CHECKLIST, items=[f"i{n}" for n in range(51)])


def test_unknown_kind_is_refused(team):
    with pytest.raises(ValidationError):
        services.resource_create(channel=team.channel, actor=team.owner, kind="video", title="x")


# Working through training


def test_checklist_is_complete_when_every_item_is_ticked(team):
    checklist = make_resource(team.channel, kind=Kind.CHECKLIST)
    items = list(checklist.items.all())
    assert not services.item_tick(item=items[0], actor=team.trainee)
    assert not services.item_tick(item=items[1], actor=team.trainee)
    assert services.item_tick(item=items[2], actor=team.trainee)
    assert Completion.objects.filter(resource=checklist, user=team.trainee).exists()
    assert not services.item_tick(item=items[1], actor=team.trainee, ticked=False)
    assert not Completion.objects.filter(resource=checklist, user=team.trainee).exists()


def test_changing_items_resets_ticks(team):
    checklist = make_resource(team.channel, kind=Kind.CHECKLIST, items=["One"])
    services.item_tick(item=checklist.items.get(), actor=team.trainee)
    services.resource_update(resource=checklist, actor=team.owner, items=["One", "Two"])
    assert not Completion.objects.exists() and not ItemTick.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_member", "staff"])
def test_outsiders_cannot_tick_or_complete(team, who):
    checklist = make_resource(team.channel, kind=Kind.CHECKLIST)
    article = make_resource(team.channel, title="Article")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.item_tick(item=checklist.items.first(), actor=actor_of(team, who))
    with pytest.raises(PermissionDenied):
        services.resource_mark_done(resource=article, actor=actor_of(team, who))
    assert counts() == before


def test_mark_done_and_undo(team):
    article = make_resource(team.channel)
    services.resource_mark_done(resource=article, actor=team.trainee)
    assert Completion.objects.filter(user=team.trainee).count() == 1
    services.resource_mark_done(resource=article, actor=team.trainee, done=False)
    assert not Completion.objects.exists()
    checklist = make_resource(team.channel, kind=Kind.CHECKLIST)
    with pytest.raises(ValidationError):
        services.resource_mark_done(resource=checklist, actor=team.trainee)


# The community library


def test_share_add_elsewhere_keeps_the_original_and_tells_the_sharer(team):
    article = make_resource(team.channel, actor=team.lead, tags=["chat", "safety"])
    with pytest.raises(PermissionDenied):
        services.resource_add_to_channel(
            resource=article, channel=team.other_channel, actor=owner_of(team.other_channel)
        )
    services.resource_share(resource=article, actor=team.lead)
    assert Resource.objects.community().filter(pk=article.pk).exists()
    copy = services.resource_add_to_channel(
        resource=article, channel=team.other_channel, actor=owner_of(team.other_channel)
    )
    assert copy.channel == team.other_channel and copy.copied_from == article
    assert sorted(copy.tags.values_list("name", flat=True)) == ["chat", "safety"]
    note = Notification.objects.get(event="resource.added")
    assert note.recipient == team.lead and "Other Place" in note.summary
    with pytest.raises(ValidationError, match="already"):
        services.resource_add_to_channel(
            resource=article, channel=team.other_channel, actor=owner_of(team.other_channel)
        )
    with pytest.raises(ValidationError):
        services.resource_add_to_channel(resource=article, channel=team.channel, actor=team.owner)
    with pytest.raises(ValidationError, match="already shared"):
        services.resource_share(resource=copy, actor=owner_of(team.other_channel))


def test_adding_needs_manage_resources_in_the_target_channel(team):
    article = make_resource(team.channel)
    services.resource_share(resource=article, actor=team.owner)
    for actor in (team.other_member, team.outsider, team.lead):
        with pytest.raises(PermissionDenied):
            services.resource_add_to_channel(
                resource=article, channel=team.other_channel, actor=actor
            )
    assert Resource.objects.for_channel(team.other_channel).count() == 0


def test_shared_file_is_copied_through_storage(team):
    resource = make_resource(team.channel, kind=Kind.FILE)
    services.resource_share(resource=resource, actor=team.owner)
    copy = services.resource_add_to_channel(
        resource=resource, channel=team.other_channel, actor=owner_of(team.other_channel)
    )
    assert copy.file.name != resource.file.name
    assert copy.file.read() == PNG


def test_platform_resources_need_the_platform_permission(team):
    for actor in (team.owner, team.lead, UserFactory(is_staff=True)):
        with pytest.raises(PermissionDenied):
            services.platform_resource_create(actor=actor, kind="article", title="x", body="y")
    resource = make_platform_resource()
    assert resource.channel is None and resource in Resource.objects.community()
    assert resource not in Resource.objects.for_channel(team.channel)


def test_reports_and_their_resolution(team):
    article = make_resource(team.channel, actor=team.lead)
    with pytest.raises(PermissionDenied):
        services.report_create(resource=article, actor=team.outsider, reason="Not shared yet")
    services.resource_share(resource=article, actor=team.lead)
    report = services.report_create(resource=article, actor=team.outsider, reason="Outdated")
    with pytest.raises(ValidationError):
        services.report_create(resource=article, actor=team.outsider, reason="Again")
    with pytest.raises(ValidationError):
        services.report_create(resource=article, actor=team.other_member, reason="\x00")
    for actor in (team.owner, UserFactory(is_staff=True), team.outsider):
        with pytest.raises(PermissionDenied):
            services.report_resolve(report=report, actor=actor, resolution="ok")
    staff = UserFactory(is_staff=True, is_superuser=True)
    services.report_resolve(report=report, actor=staff, resolution="We asked them to update it.")
    note = Notification.objects.get(event="resource.report_resolved")
    assert note.recipient == team.lead and "update it" in note.summary


def test_feature_and_unpublish(team):
    article = make_resource(team.channel)
    services.resource_share(resource=article, actor=team.owner)
    with pytest.raises(PermissionDenied):
        services.resource_feature(resource=article, actor=team.owner)
    with pytest.raises(PermissionDenied):
        services.resource_unpublish(resource=article, actor=UserFactory(is_staff=True))
    staff = UserFactory(is_staff=True, is_superuser=True)
    services.resource_feature(resource=article, actor=staff)
    services.resource_unpublish(resource=article, actor=staff)
    assert not Resource.objects.community().filter(pk=article.pk).exists()
    assert Resource.objects.for_channel(team.channel).filter(pk=article.pk).exists()
    with pytest.raises(PermissionDenied):
        services.bookmark_set(resource=article, actor=team.outsider)
    services.resource_unpublish(resource=article, actor=staff, unpublished=False)
    services.bookmark_set(resource=article, actor=team.outsider)
    services.bookmark_set(resource=article, actor=team.outsider, bookmarked=False)


def test_unshared_copies_stay(team):
    article = make_resource(team.channel)
    services.resource_share(resource=article, actor=team.owner)
    services.resource_add_to_channel(
        resource=article, channel=team.other_channel, actor=owner_of(team.other_channel)
    )
    services.resource_share(resource=article, actor=team.owner, shared=False)
    assert Resource.objects.for_channel(team.other_channel).count() == 1
    assert not Resource.objects.community().exists()


def test_member_with_manage_resources_role(team):
    member = add_member(team.channel, username="librarian", roles=["Lead Moderator"]).user
    assert make_resource(team.channel, actor=member).created_by == member


def test_reports_are_rate_limited(team):
    resources = [make_platform_resource(title=f"Guide {n}") for n in range(12)]
    for resource in resources[:10]:
        services.report_create(resource=resource, actor=team.outsider, reason="Spam")
    with pytest.raises(ValidationError, match="many reports"):
        services.report_create(resource=resources[10], actor=team.outsider, reason="Spam")
    assert Report.objects.count() == 10


def test_overdue_training_is_recorded_once_per_member_after_the_due_days(team, settings):
    settings.TRAINING_DUE_DAYS = 14
    trainee_role = role(team.channel, "Trainee")
    first, second = (
        make_resource(team.channel, actor=team.lead, title=title, required_roles=[trainee_role])
        for title in ("First steps", "Second steps")
    )
    services.resource_mark_done(resource=first, actor=team.trainee)
    assert training_overdue_find() == 0  # joined today: not due yet
    later = timezone.now() + timedelta(days=14, minutes=1)
    holders = set(
        MembershipRole.objects.filter(role=trainee_role).values_list(
            "membership__user__username", flat=True
        )
    )
    assert training_overdue_find(now=later) == len(holders)
    assert training_overdue_find(now=later) == 0  # the next run records nothing again
    overdue = AuditEvent.objects.filter(channel=team.channel, action="training.overdue")
    assert set(overdue.values_list("target_label", flat=True)) == holders
    mine = overdue.get(target_label=team.trainee.username)
    assert (mine.actor_name, mine.after["outstanding"], mine.after["required"]) == ("system", 1, 2)
    logged = ChannelEvent.objects.filter(channel=team.channel, kind="training.overdue")
    assert {e.level for e in logged} == {"team"} and logged.count() == len(holders)
    # Finished training is never overdue; other channels' members are never counted.
    services.resource_mark_done(resource=second, actor=team.trainee)
    assert not AuditEvent.objects.filter(
        action="training.overdue", channel=team.other_channel
    ).exists()


def test_the_overdue_task_runs_the_check(team):
    assert training_overdue.apply().get() == 0
