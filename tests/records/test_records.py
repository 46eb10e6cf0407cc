import pytest
from django.core.exceptions import PermissionDenied

from channels.models import Membership
from channels.services import membership_leave, membership_remove, membership_set_roles
from records.models import Ending, ServiceRecord
from records.selectors import public_record
from records.services import record_set_visibility
from tests.factories import UserFactory, add_member, channel_owner, role

pytestmark = pytest.mark.django_db


def test_leaving_keeps_the_record_and_rejoining_adds_a_second_period(team):
    channel = team.channel
    owner = channel_owner(channel)
    person = UserFactory()
    membership = add_member(channel, user=person, roles=[role(channel, "Trainee")])
    membership_set_roles(membership=membership, roles=[role(channel, "Moderator")], actor=owner)
    membership_leave(membership=membership, actor=person)
    assert not Membership.objects.filter(user=person, channel=channel).exists()

    again = add_member(channel, user=person, roles=[role(channel, "Lead Moderator")])
    membership_remove(membership=again, actor=owner, reason="Went quiet")

    first, second = ServiceRecord.objects.filter(user=person).order_by("started_at", "pk")
    assert first.ending == Ending.LEFT and first.visible
    assert [(p.role_name, p.ended_at is not None) for p in first.periods.all()] == [
        ("Trainee", True),
        ("Moderator", True),
    ]
    assert second.ending == Ending.REMOVED and second.removal_reason == "Went quiet"
    assert [p.role_name for p in second.periods.all()] == ["Lead Moderator"]
    # A removal is hidden from the profile by default.
    assert not second.visible
    assert list(public_record(person)) == [first]


def test_only_the_person_changes_visibility(team, client):
    channel = team.channel
    person = UserFactory()
    membership = add_member(channel, user=person, roles=[role(channel, "Moderator")])
    membership_leave(membership=membership, actor=person)
    record = ServiceRecord.objects.get(user=person)
    with pytest.raises(PermissionDenied):
        record_set_visibility(record=record, actor=channel_owner(channel), visible=False)

    client.force_login(person)
    page = client.get("/me/record/")
    assert channel.name in page.content.decode()
    client.post("/me/record/", {"entry": record.pk, "visible": "0"})
    record.refresh_from_db()
    assert not record.visible
    # Hostile input: another person's entry is a 404, junk is a message, never a change.
    other = UserFactory()
    client.force_login(other)
    assert client.post("/me/record/", {"entry": record.pk, "visible": "1"}).status_code == 404
    assert client.post("/me/record/", {"entry": "x\x00", "visible": "9"}).status_code == 302
    record.refresh_from_db()
    assert not record.visible


def test_profile_shows_only_the_past_teams_the_person_chose(team, client):
    channel = team.channel
    owner = channel_owner(channel)
    person = UserFactory()
    membership = add_member(channel, user=person, roles=[role(channel, "Moderator")])
    membership_remove(membership=membership, actor=owner, reason="SECRET-REASON")
    record = ServiceRecord.objects.get(user=person)
    from community.models import Profile

    Profile.objects.get_or_create(user=person)
    client.force_login(team.outsider)
    page = client.get(f"/mods/{person.username}/")
    assert page.status_code == 200
    assert "SECRET-REASON" not in page.content.decode()
    assert "Past teams" not in page.content.decode()
    record_set_visibility(record=record, actor=person, visible=True)
    page = client.get(f"/mods/{person.username}/").content.decode()
    assert "Past teams" in page and "Moderator" in page and "SECRET-REASON" not in page
