"""Credentials on applications: attached on the apply form, verified on the review page each
time it is shown; revoked or tampered ones flagged, never shown as verified."""

import pytest

from records import credentials
from records.models import AttachedCredential, IssuedCredential, ServiceRecord
from tests.moderators.factories import make_opening

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(team):
    """The other channel's member served on Nova, left, and applies back with a credential."""
    person = team.other_member
    record = ServiceRecord.objects.filter(user=person).first()
    issued = credentials.credential_issue(
        user=person, achievement_key=f"service:{record.pk}", actor=person
    )
    opening = make_opening(team.channel, actor=team.owner, questions=[])
    return person, issued, opening


def _apply(client, opening, data):
    return client.post(f"/openings/{opening.pk}/apply/", data)


def test_attach_on_apply_and_reviewers_see_it_verified_then_revoked(team, client, setup):
    person, issued, opening = setup
    client.force_login(person)
    form = client.get(f"/openings/{opening.pk}/apply/").content.decode()
    assert issued.name in form and 'name="records_credential"' in form
    answer = _apply(client, opening, {"message": "Hi", "records_credential": [issued.pk]})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    attached = AttachedCredential.objects.get()
    assert attached.channel_id == team.channel.pk
    client.force_login(team.lead)
    url = f"/c/{team.channel.slug}/applications/{attached.application_id}/"
    page = client.get(url).content.decode()
    assert "verified" in page and issued.name in page and "not verified" not in page
    credentials.credential_revoke(credential=issued, actor=person)
    page = client.get(url).content.decode()
    assert "not verified" in page and "revoked" in page
    assert 'pill-success">verified' not in page


def test_a_tampered_attachment_is_flagged(team, client, setup):
    person, issued, opening = setup
    client.force_login(person)
    _apply(client, opening, {"message": "Hi", "records_credential": [issued.pk]})
    attached = AttachedCredential.objects.get()
    head, body, sig = attached.token.split(".")
    AttachedCredential.objects.filter(pk=attached.pk).update(
        token=f"{head}.{body[:-3]}{'A' if body[-3] != 'A' else 'B'}{body[-2:]}.{sig}"
    )
    client.force_login(team.lead)
    page = client.get(f"/c/{team.channel.slug}/applications/{attached.application_id}/")
    text = page.content.decode()
    assert "not verified" in text and "the credential was changed" in text


def test_hostile_choices_send_nothing(team, client, setup):
    person, issued, opening = setup
    others = IssuedCredential.objects.create(
        user=team.lead,
        kind="tenure",
        achievement_key="x",
        name="Not theirs",
        status_index=77,
        kid=credentials.current_key().kid,
    )
    client.force_login(person)
    for value in (others.pk, "x\x00", "9" * 40):
        answer = _apply(client, opening, {"message": "Hi", "records_credential": [value]})
        assert answer.status_code == 200
        assert "Choose among your own credentials." in answer.content.decode()
    too_many = _apply(client, opening, {"message": "Hi", "records_credential": ["1"] * 6})
    assert "at most 5" in too_many.content.decode()
    credentials.credential_revoke(credential=issued, actor=person)
    revoked = _apply(client, opening, {"message": "Hi", "records_credential": [issued.pk]})
    assert "revoked credential" in revoked.content.decode()
    assert not AttachedCredential.objects.exists()
    from moderators.models import Application

    assert not Application.objects.filter(applicant=person).exists()


def test_attached_credentials_are_in_the_applicants_export_and_go_with_the_account(
    team, client, setup
):
    from portal import personal_data
    from privacy.erasure import account_erase

    person, issued, opening = setup
    client.force_login(person)
    _apply(client, opening, {"message": "Hi", "records_credential": [issued.pk]})
    attached = AttachedCredential.objects.get()
    entry = personal_data.registry["records.AttachedCredential.credentials_attached"]
    assert entry.export(person) == [
        {
            "channel": team.channel.slug,
            "application": attached.application_id,
            "credential": issued.name,
            "attached_at": attached.created_at.isoformat(),
        }
    ]
    assert entry.export(team.lead) == []  # nobody else's
    account_erase(user=person, actor=person)
    assert not AttachedCredential.objects.exists()  # the signed token named the person
