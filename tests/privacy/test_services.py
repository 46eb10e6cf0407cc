"""The data-rights services: exports (content, isolation, rate limit, expiry), account
deletion (owners refused, grace period, cancel by signing in, erasure, sign-in refused),
channel deletion, retention, and who may do each."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from channels.models import AuditEvent, Channel
from community.services.profiles import profile_update
from moderators import services as recruitment
from moderators.models import Application
from portal.notifications.models import Notification, OutboundEmail, State
from portal.notifications.services import notify
from privacy import erasure, retention, services
from privacy.audit import EXPORT_READY
from privacy.models import AccountDeletion, ChannelDeletion, DataExport, DeletionState, ExportState
from tests.factories import PASSWORD, UserFactory
from tests.moderators.factories import TWO_QUESTIONS, answers_for, make_opening
from twitch.models import EventSubMessage

pytestmark = pytest.mark.django_db


def archive(export: DataExport) -> dict:
    export.refresh_from_db()
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        return {name: zf.read(name).decode() for name in zf.namelist()}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call a service and run its on-commit callbacks (the export task, eager in tests), as
    a committed request would."""

    def call(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


@pytest.fixture
def applicant(team):
    """A person who applied to the team, with notes and a vote about them, and a profile."""
    person = UserFactory(username="quillon", display_name="Quill Onyx")
    profile_update(
        user=person,
        actor=person,
        display_name="Quill Onyx",
        bio="Evenings, EU.",
        hours=[20, 21],
        languages=["en"],
    )
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    application = recruitment.application_submit(
        opening=opening, applicant=person, answers=answers_for(opening), message="Pick me"
    )
    recruitment.application_note_add(
        application=application, actor=team.owner, body="SECRET-REVIEW-TEXT"
    )
    recruitment.application_vote(application=application, actor=team.owner, choice="for")
    # Another applicant, whose answers must not reach quillon's export.
    other = UserFactory(username="rivalapplicant")
    recruitment.application_submit(
        opening=opening,
        applicant=other,
        answers=answers_for(opening, Why="OTHER-PERSON-ANSWER"),
        message="Other",
    )
    profile_update(user=team.moderator, actor=team.moderator, hours=[99], bio="OTHER-BIO")
    return person


def test_export_holds_the_persons_data_and_none_of_anyone_elses(applicant, committed):
    export = committed(services.export_request, user=applicant, actor=applicant)
    export.refresh_from_db()
    assert export.state == ExportState.READY  # eager Celery in tests: built on commit
    assert export.expires_at > timezone.now() + timedelta(days=6)
    files = archive(export)
    assert "README.md" in files and "belongs to the team" in files["README.md"]
    assert json.loads(files["account.json"])[0]["username"] == "quillon"
    apps_ = json.loads(files["applications.json"])
    assert apps_[0]["message"] == "Pick me" and apps_[0]["answers"]
    reviews = json.loads(files["reviews_about_you.json"])
    assert {r["kind"] for r in reviews} == {"note", "vote"}
    assert json.loads(files["profile.json"])[0]["hours_local_slots"] == [20, 21]
    everything = "".join(files.values())
    for private in ("SECRET-REVIEW-TEXT", "OTHER-PERSON-ANSWER", "OTHER-BIO", "rivalapplicant"):
        assert private not in everything
    # The person is told where to download it.
    assert Notification.objects.filter(recipient=applicant, event="privacy.export_ready").exists()


def test_download_only_for_the_owner_and_until_expiry(applicant, team, committed):
    export = committed(services.export_request, user=applicant, actor=applicant)
    own = Client()
    own.force_login(applicant)
    url = f"/account/data/exports/{export.pk}/download/"
    response = own.get(url)
    assert response.status_code == 200
    assert zipfile.is_zipfile(io.BytesIO(b"".join(response.streaming_content)))
    other = Client()
    other.force_login(team.moderator)
    assert other.get(url).status_code == 404
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert retention.purge_all()["exports"] == 1
    export.refresh_from_db()
    assert export.state == ExportState.EXPIRED and not export.file
    assert own.get(url).status_code == 404


def test_exports_are_rate_limited(user, settings, committed):
    settings.PRIVACY_EXPORT_RATE = "2/d"
    for _ in range(2):
        committed(services.export_request, user=user, actor=user)
    with pytest.raises(ValidationError):
        services.export_request(user=user, actor=user)
    assert DataExport.objects.filter(user=user).count() == 2


def test_nobody_exports_or_deletes_someone_else(team):
    plain_staff = UserFactory(username="plainstaff", is_staff=True)
    for service in (services.export_request, services.account_deletion_request):
        with pytest.raises(PermissionDenied):
            service(user=team.moderator, actor=team.lead)
        with pytest.raises(PermissionDenied):
            service(user=team.moderator, actor=plain_staff)  # without the permission
    with pytest.raises(PermissionDenied):
        erasure.account_erase(user=team.moderator, actor=plain_staff)
    assert not DataExport.objects.exists() and not AccountDeletion.objects.exists()


def test_staff_with_the_permission_act_for_a_person(team):
    staff = UserFactory(username="dpo", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["export_person", "erase_person"])
    )
    staff = type(staff).objects.get(pk=staff.pk)
    export = services.export_request(user=team.moderator, actor=staff)
    assert export.requested_by == staff and export.user == team.moderator
    deletion = erasure.account_erase(user=team.moderator, actor=staff)
    assert deletion.state == DeletionState.DONE and deletion.requested_by == staff


def test_owners_must_hand_over_first(team):
    with pytest.raises(ValidationError, match="Nova Streams"):
        services.account_deletion_request(user=team.owner, actor=team.owner)
    with pytest.raises(ValidationError):
        erasure.account_erase(user=team.owner, actor=team.owner)
    assert team.owner.is_active


def test_deletion_waits_for_the_grace_period_then_erases(applicant, team):
    deletion = services.account_deletion_request(user=applicant, actor=applicant)
    assert deletion.due_at > timezone.now() + timedelta(days=6)
    assert erasure.erase_due() == 0
    with pytest.raises(PermissionDenied):
        erasure.account_erase(user=applicant, actor=None)
    AccountDeletion.objects.filter(pk=deletion.pk).update(due_at=timezone.now())
    assert erasure.erase_due() == 1
    applicant.refresh_from_db()
    assert applicant.username == deletion.pseudonym and not applicant.is_active
    assert applicant.email == "" and not applicant.has_usable_password()
    assert not Application.objects.filter(applicant=applicant).exists()
    assert not applicant.emailaddress_set.exists()
    # The team's audit rows stay, with the pseudonym as actor name.
    names = set(AuditEvent.objects.filter(actor=applicant).values_list("actor_name", flat=True))
    assert names == {deletion.pseudonym}
    # The old credentials no longer sign in.
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "quillon", "password": PASSWORD}, follow=True
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_signing_in_during_the_grace_period_cancels(applicant):
    services.account_deletion_request(user=applicant, actor=applicant)
    client = Client()
    client.post("/accounts/login/", {"login": "quillon", "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(applicant.pk)
    assert AccountDeletion.objects.get(user=applicant).state == DeletionState.CANCELLED


def test_channel_deletion_by_the_owner_typing_the_slug(team, committed):
    with pytest.raises(PermissionDenied):
        services.channel_deletion_request(
            channel=team.channel, actor=team.lead, confirm_slug="nova"
        )
    with pytest.raises(ValidationError):
        services.channel_deletion_request(
            channel=team.channel, actor=team.owner, confirm_slug="nov"
        )
    deletion = committed(
        services.channel_deletion_request,
        channel=team.channel,
        actor=team.owner,
        confirm_slug="nova",
    )
    assert deletion.export.kind == "channel"
    deletion.export.refresh_from_db()
    files = archive(deletion.export)
    assert "channels.membership.json" in files and "README.md" in files
    told = Notification.objects.filter(event="channel.deletion_scheduled")
    assert set(told.values_list("recipient__username", flat=True)) >= {"lead", "moderator"}
    assert erasure.channel_delete_due() == 0
    ChannelDeletion.objects.filter(pk=deletion.pk).update(due_at=timezone.now())
    assert erasure.channel_delete_due() == 1
    assert not Channel.objects.filter(slug="nova").exists()
    assert Channel.objects.filter(slug="other").exists()
    assert ChannelDeletion.objects.get(pk=deletion.pk).state == DeletionState.DONE


def test_channel_deletion_can_be_cancelled(team):
    services.channel_deletion_request(channel=team.channel, actor=team.owner, confirm_slug="nova")
    assert services.channel_deletion_cancel(channel=team.channel, actor=team.owner)
    ChannelDeletion.objects.update(due_at=timezone.now())
    assert erasure.channel_delete_due() == 0
    assert Channel.objects.filter(slug="nova").exists()


def test_retention_purges_old_delivery_rows_only(team, settings):
    settings.PRIVACY_RETENTION_BATCH = 2
    old = timezone.now() - timedelta(days=400)
    notify(
        event=EXPORT_READY,
        recipients=[team.lead, team.moderator, team.trainee],
        context={"url": "/", "days": 7},
    )
    Notification.objects.update(state=State.SENT)
    total = Notification.objects.count()
    assert total >= 3
    keep = Notification.objects.order_by("pk").first()
    Notification.objects.exclude(pk=keep.pk).update(created_at=old)
    OutboundEmail.objects.update(state=State.SENT, sent_at=old)
    emails = OutboundEmail.objects.count()
    EventSubMessage.objects.create(message_id="old")
    EventSubMessage.objects.filter(message_id="old").update(received_at=old)
    EventSubMessage.objects.create(message_id="new")
    purged = retention.purge_all()
    assert purged["notifications"] == total - 1
    assert purged["emails"] == emails
    assert purged["eventsub"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [keep.pk]
    assert list(EventSubMessage.objects.values_list("message_id", flat=True)) == ["new"]


def test_account_erase_checks_its_actor_before_reading_the_account():
    """Found by the service matrix: signed out, the erasure queried the account first and
    failed with a TypeError instead of refusing."""
    with pytest.raises(PermissionDenied):
        erasure.account_erase(user=AnonymousUser(), actor=AnonymousUser())
