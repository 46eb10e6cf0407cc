"""Every public records service (records.services, records.endorsements, records.credentials)
× every kind of actor, called directly (tests/service_matrix.py).

Every member of the world's channel has a service record (the team's join events opened them).
The moderator has served 100 days, so a tenure credential is theirs to take, and holds one
already issued; the lead has endorsed the trainee. The personal rules: only the person whose
record, endorsement or credential it is changes what it shows or takes it; an endorsement is
written by a team manager; platform staff revoke a credential only with the permission to
change credentials. Adding a public function to any of the three modules without a row (or a
NOT_ACTIONS entry) fails `test_every_service_has_a_row`."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moderators.services import application_submit
from records import attachments, credentials, endorsements, services, verification
from records.models import IssuedCredential, ServiceRecord
from tests.moderators.factories import TWO_QUESTIONS, answers_for, make_opening
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MANAGERS = {"lead", "owner"}  # can_manage_team
JOINED = (MEMBERS - {"owner"}) | {"other_member"}  # the actors with a service record
SUBSCRIBER = "the team event subscriber (records/plugin.py), inside the team service that checked"

NOT_ACTIONS = {
    "record_joined": SUBSCRIBER,
    "record_roles": SUBSCRIBER,
    "record_ended": SUBSCRIBER,
    "record_channel_archived": SUBSCRIBER,
    "records_backfill": "the operator's management command (backfill_service_records), the demo",
}
ENDORSEMENTS_NOT_ACTIONS: dict = {}
ATTACHMENTS_NOT_ACTIONS = {
    "attachable_for": "a read of the person's own credentials",
    "attached_verified": "a read for the review page, behind its REVIEW_APPLICATIONS check",
}
VERIFICATION_NOT_ACTIONS = {
    "reason_text": "a message for a reason",
    "token_from_upload": "reads an uploaded file",
    "achievement_lines": "describes verified claims",
    "verify_token": "anyone verifies a credential: public, rate-limited by its views",
    "requester_key": "the rate limit's key for a request",
    "over_verify_limit": "the public verification's rate limit",
}
CREDENTIALS_NOT_ACTIONS = {
    "issuer_did": "a read of the issuer's identifier",
    "current_key": "the signing key, made once the first time it is needed",
    "rotate_key": "the operator's management command (rotate_credential_key)",
    "public_keys": "a read of the published keys",
    "jwks": "a read of the published keys",
    "did_document": "a read of the issuer's DID document",
    "achievements_for": "a read of what the person has earned",
    "credential_document": "renders an issued credential",
    "credential_jwt": "signs an issued credential for its holder's download",
    "encoded_status_list": "a read of the revocation list",
    "status_list_jwt": "signs the public revocation list",
    "bit_at": "decodes the revocation list",
    "verify": "checks a signature",
    "status_list_url": "the address of the public revocation list",
}


def _record(w, actor):
    return ServiceRecord.objects.for_channel(w.channel).get(user_id=w.users[actor])


def _tenure_key(w):
    return f"tenure:{w.pk('veteran_record')}:90"


def _build(world):
    # Served 100 days: the record's start moved back, as if the moderator had joined then.
    veteran = _record(world, "moderator")
    ServiceRecord.objects.filter(pk=veteran.pk).update(
        started_at=timezone.now() - timedelta(days=100)
    )
    world.add("veteran_record", veteran)
    moderator = world.actor("moderator")
    issued = credentials.credential_issue(
        user=moderator, achievement_key=_tenure_key(world), actor=moderator
    )
    world.add("credential", issued)
    # The outsider applies to the channel and holds a credential from elsewhere on the site.
    outsider = world.actor("outsider")
    opening = make_opening(world.channel, actor=world.actor("owner"), questions=TWO_QUESTIONS)
    world.add(
        "application",
        application_submit(opening=opening, applicant=outsider, answers=answers_for(opening)),
    )
    world.add(
        "outsider_credential",
        IssuedCredential.objects.create(
            user=outsider,
            kind="service",
            achievement_key="service:elsewhere",
            name="Moderator at Elsewhere",
            status_index=issued.status_index + 1,
            kid=issued.kid,
        ),
    )
    world.add(
        "endorsement",
        endorsements.endorsement_write(
            record=_record(world, "trainee"), actor=world.actor("lead"), body="Steady in raids."
        ),
    )


world = world_fixture(_build)


def _own_record(w, actor):
    return ServiceRecord.objects.filter(user=actor, ended_at__isnull=True).first()


def _withdraw_moderator_credential(w):
    IssuedCredential.objects.filter(pk=w.pk("credential")).update(revoked_at=timezone.now())


ROWS = {
    "record_set_visibility": Row(
        lambda w, a: services.record_set_visibility(
            record=_record(w, "moderator"), actor=a, visible=False
        ),
        ok={"moderator"},
    ),
}

ENDORSEMENTS_ROWS = {
    "endorsement_write": Row(
        lambda w, a: endorsements.endorsement_write(
            record=_record(w, "trainee"), actor=a, body="Calm and kind."
        ),
        ok=MANAGERS,
    ),
    "endorsement_accept": Row(
        lambda w, a: endorsements.endorsement_accept(endorsement=w.get("endorsement"), actor=a),
        ok={"trainee"},
    ),
    # The person endorsed, its author (the lead) or a team manager.
    "endorsement_remove": Row(
        lambda w, a: endorsements.endorsement_remove(endorsement=w.get("endorsement"), actor=a),
        ok={"trainee"} | MANAGERS,
    ),
}

CREDENTIALS_ROWS = {
    # The moderator's credential was revoked, so taking it again issues a new one.
    "credential_issue": Row(
        lambda w, a: credentials.credential_issue(
            user=w.user("moderator"), achievement_key=_tenure_key(w), actor=a
        ),
        ok={"moderator"},
        setup=_withdraw_moderator_credential,
    ),
    "credential_revoke": Row(
        lambda w, a: credentials.credential_revoke(credential=w.get("credential"), actor=a),
        ok={"moderator", "admin"},
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)
    check_rows(endorsements, ENDORSEMENTS_ROWS, ENDORSEMENTS_NOT_ACTIONS)
    check_rows(credentials, CREDENTIALS_ROWS, CREDENTIALS_NOT_ACTIONS)
    check_rows(attachments, ATTACHMENTS_ROWS, ATTACHMENTS_NOT_ACTIONS)
    check_rows(verification, {}, VERIFICATION_NOT_ACTIONS)


ATTACHMENTS_ROWS = {
    # Only the applicant, with their own credential.
    "credential_attach": Row(
        lambda w, a: attachments.credential_attach(
            application=w.get("application"), credential=w.get("outsider_credential"), actor=a
        ),
        ok={"outsider"},
    ),
}


ALL_ROWS = {
    **ROWS,
    **{f"endorsements.{k}": v for k, v in ENDORSEMENTS_ROWS.items()},
    **{f"credentials.{k}": v for k, v in CREDENTIALS_ROWS.items()},
    **{f"attachments.{k}": v for k, v in ATTACHMENTS_ROWS.items()},
}


@pytest.mark.parametrize("name", sorted(ALL_ROWS))
def test_service_matrix(world, name):
    run_row(world, ALL_ROWS[name], ACTORS)


def test_everyone_decides_what_their_own_record_shows(world):
    """Each actor with a record (the members who joined, here or in the other channel: an
    owner has none) hides their own entry; a deactivated account decides nothing any more."""
    run_row(
        world,
        Row(
            lambda w, a: services.record_set_visibility(
                record=_own_record(w, a), actor=a, visible=False
            ),
            ok=JOINED,
        ),
        actors=(*sorted(JOINED), "deactivated"),
    )


def test_a_deactivated_account_takes_no_credential(world):
    gone = world.actor("deactivated")
    record = _own_record(world, gone)
    ServiceRecord.objects.filter(pk=record.pk).update(
        started_at=timezone.now() - timedelta(days=100)
    )
    assert_refused(
        lambda: credentials.credential_issue(
            user=gone, achievement_key=f"tenure:{record.pk}:90", actor=gone
        ),
        PermissionDenied,
    )
