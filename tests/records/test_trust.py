"""Endorsements and verifiable credentials."""

import base64
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from joserfc.errors import BadSignatureError

from channels.models import AuditEvent
from channels.services import membership_leave
from records import credentials
from records.endorsements import endorsement_accept, endorsement_remove, endorsement_write
from records.models import Endorsement, IssuedCredential, ServiceRecord
from records.services import record_joined, record_set_visibility
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _record(team, actor="trainee"):
    return ServiceRecord.objects.get(channel=team.channel, user=team.user(actor))


def test_endorsement_waits_for_acceptance_and_is_audited(team, client):
    record = _record(team)
    endorsement = endorsement_write(record=record, actor=team.lead, body="Steady in raids.")
    assert AuditEvent.objects.filter(action="record.endorsed", channel=team.channel).exists()
    client.force_login(team.trainee)
    page = client.get("/me/record/endorsements/").content.decode()
    assert "Steady in raids." in page and "Accept and show" in page
    with pytest.raises(PermissionDenied):
        endorsement_accept(endorsement=endorsement, actor=team.lead)
    client.post("/me/record/endorsements/", {"endorsement": endorsement.pk, "action": "accept"})
    endorsement.refresh_from_db()
    assert endorsement.is_accepted
    assert AuditEvent.objects.filter(action="record.endorsement_accepted").exists()


def test_only_managers_endorse_and_hostile_input_changes_nothing(team, client):
    record = _record(team)
    for actor in (team.trainee, team.moderator, team.outsider, team.other_member):
        with pytest.raises(PermissionDenied):
            endorsement_write(record=record, actor=actor, body="Hi")
    for body in ("", "x" * 1001, "nul\x00byte"):
        with pytest.raises(ValidationError):
            endorsement_write(record=record, actor=team.owner, body=body)
    with pytest.raises(ValidationError):
        own = record_joined(channel=team.channel, user=team.owner, role_names=[])
        endorsement_write(record=own, actor=team.owner, body="Me!")
    client.force_login(team.owner)
    url = f"/c/{team.channel.slug}/team/endorse/"
    other_record = record_joined(channel=team.other_channel, user=UserFactory(), role_names=[])
    assert client.post(url, {"record": other_record.pk, "body": "x"}).status_code == 404
    assert client.post(url, {"record": "9" * 40, "body": "x"}).status_code == 302
    assert not Endorsement.objects.exists()


def test_endorsements_are_rate_limited(team, settings):
    record = _record(team)
    for _ in range(10):
        endorsement_write(record=record, actor=team.owner, body="Good work")
    with pytest.raises(ValidationError):
        endorsement_write(record=record, actor=team.owner, body="Good work")


def test_past_members_can_be_endorsed_and_removal_by_subject(team):
    membership_leave(membership=team.membership("trainee"), actor=team.trainee)
    endorsement = endorsement_write(record=_record(team), actor=team.owner, body="Missed.")
    with pytest.raises(PermissionDenied):
        endorsement_remove(endorsement=endorsement, actor=team.moderator)
    endorsement_remove(endorsement=endorsement, actor=team.trainee)
    assert not Endorsement.objects.exists()
    assert AuditEvent.objects.filter(action="record.endorsement_removed").exists()


def _published(client):
    did = client.get("/.well-known/did.json").json()
    jwks = client.get("/.well-known/jwks.json").json()
    return did, jwks


def _verify(client, token):
    """What an outside verifier does: the issuer's published keys, then the status list."""
    did, jwks = _published(client)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["kid"] in did["assertionMethod"]
    claims = credentials.verify(token, jwks)
    assert claims["issuer"]["id"] == did["id"] == claims["iss"]
    status = claims["credentialStatus"]
    assert status["statusListCredential"].endswith("/credentials/status/1")
    listed = client.get("/credentials/status/1")
    assert listed["Content-Type"] == "application/vc+jwt"
    status_claims = credentials.verify(listed.content.decode(), jwks)
    encoded = status_claims["credentialSubject"]["encodedList"]
    return claims, credentials.bit_at(encoded, int(status["statusListIndex"]))


def test_credential_signed_verifiable_revocable_and_survives_key_rotation(team, client):
    record = _record(team)
    record.started_at = timezone.now() - timedelta(days=400)
    record.save()
    client.force_login(team.trainee)
    page = client.get("/me/record/credentials/").content.decode()
    assert "365 days on the Nova Streams team" in page
    key = f"tenure:{record.pk}:365"
    client.post("/me/record/credentials/", {"action": "issue", "achievement": key})
    issued = IssuedCredential.objects.get(user=team.trainee, achievement_key=key)
    token = client.get(f"/me/record/credentials/{issued.pk}.jwt").content.decode()
    claims, revoked = _verify(client, token)
    assert not revoked
    assert "OpenBadgeCredential" in claims["type"]
    assert claims["@context"] == [credentials.VC_CONTEXT, credentials.OB_CONTEXT]
    assert claims["credentialSubject"]["achievement"]["name"] == "365 days on the Nova Streams team"

    credentials.rotate_key()
    did, jwks = _published(client)
    assert len(jwks["keys"]) == 2 and len(did["verificationMethod"]) == 2
    assert _verify(client, token)[1] is False  # the old signature still verifies

    client.post("/me/record/credentials/", {"action": "revoke", "credential": issued.pk})
    assert _verify(client, token)[1] is True
    # Someone else's credential is a 404, a forged achievement a message.
    client.force_login(team.moderator)
    assert client.get(f"/me/record/credentials/{issued.pk}.jwt").status_code == 404
    client.post("/me/record/credentials/", {"action": "issue", "achievement": key})
    assert not IssuedCredential.objects.filter(user=team.moderator).exists()


def test_contexts_ship_with_the_repository():
    loaded = credentials.contexts()
    assert "OpenBadgeCredential" in loaded[credentials.OB_CONTEXT]["@context"]
    assert "BitstringStatusList" in loaded[credentials.VC_CONTEXT]["@context"]


def test_a_tampered_credential_fails(team, client):
    issued = IssuedCredential.objects.create(
        user=team.owner,
        kind="tenure",
        achievement_key="x",
        name="n",
        status_index=5,
        kid=credentials.current_key().kid,
    )
    token = credentials.credential_jwt(issued)
    head, body, sig = token.split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=="))
    forged["name"] = "Admin"
    body = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(BadSignatureError):
        credentials.verify(f"{head}.{body}.{sig}", _published(client)[1])


def test_profile_shows_only_accepted_endorsements(team, client):
    from community.services.profiles import profile_for

    profile_for(team.trainee)
    pending = endorsement_write(record=_record(team), actor=team.owner, body="Pending words")
    accepted = endorsement_write(record=_record(team), actor=team.lead, body="Accepted words")
    endorsement_accept(endorsement=accepted, actor=team.trainee)
    text = client.get(f"/mods/{team.trainee.username}/").content.decode()
    assert "Accepted words" in text and pending.body not in text


def test_archiving_the_channel_ends_every_open_stint(team):
    from channels.services import channel_archive

    channel_archive(channel=team.channel, actor=team.owner)
    records = ServiceRecord.objects.filter(channel=team.channel)
    assert records.exists()
    assert all(r.ending == "archived" and r.ended_at for r in records)
    assert not records.filter(periods__ended_at__isnull=True).exists()


def test_staff_revoke_a_credential_only_with_the_permission(team):
    """Found by the service matrix: any is_staff account could revoke anyone's credential."""
    record = _record(team)
    ServiceRecord.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timedelta(days=100)
    )
    issued = credentials.credential_issue(
        user=team.trainee, achievement_key=f"tenure:{record.pk}:90", actor=team.trainee
    )
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        credentials.credential_revoke(credential=issued, actor=staff)
    issued.refresh_from_db()
    assert issued.revoked_at is None
    staff.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="records", codename="change_issuedcredential"
        )
    )
    staff = type(staff).objects.get(pk=staff.pk)
    assert credentials.credential_revoke(credential=issued, actor=staff).revoked_at is not None


def test_a_deactivated_account_changes_no_record_and_takes_no_credential(team):
    """Found by the service matrix: both checked is_authenticated, not that the account is
    active."""
    record = _record(team)
    ServiceRecord.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timedelta(days=100)
    )
    type(team.trainee).objects.filter(pk=team.trainee.pk).update(is_active=False)
    gone = type(team.trainee).objects.get(pk=team.trainee.pk)
    with pytest.raises(PermissionDenied):
        credentials.credential_issue(
            user=gone, achievement_key=f"tenure:{record.pk}:90", actor=gone
        )
    with pytest.raises(PermissionDenied):
        record_set_visibility(record=record, actor=gone, visible=not record.visible)
    assert not IssuedCredential.objects.filter(user=gone).exists()
    assert ServiceRecord.objects.get(pk=record.pk).visible == record.visible
