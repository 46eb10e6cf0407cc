"""The pages: hostile input gets a message or a 404 and changes nothing; the owner is told
which channels to hand over; staff act through the admin with the permission only."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from privacy.models import AccountDeletion, ChannelDeletion, DataExport, Person
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user, *, recently=True):
    client = Client()
    client.force_login(user)
    if recently:
        # The person confirms their password again, through allauth's own page.
        response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        assert response.status_code == 302, response
    return client


def test_owner_is_told_which_channels_to_hand_over(team):
    page = signed_in(team.owner).get("/account/delete/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nova Streams" in body and "/c/nova/settings/transfer/" in body
    assert 'name="understood"' not in body


def test_deletion_needs_the_box_ticked_and_reauthentication(team):
    client = signed_in(team.moderator, recently=False)
    response = client.post("/account/delete/", {"understood": "on"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    client = signed_in(team.moderator)
    assert client.post("/account/delete/", {}).status_code == 200
    assert not AccountDeletion.objects.exists()
    response = client.post("/account/delete/", {"understood": "on"})
    assert response.status_code == 200
    assert AccountDeletion.objects.get(user=team.moderator).state == "pending"
    assert "_auth_user_id" not in client.session  # signed out


def test_channel_deletion_refuses_a_wrong_or_hostile_slug(team):
    client = signed_in(team.owner)
    for typed in ("nov", "nova\x00", "x" * 5000, "other"):
        response = client.post("/c/nova/settings/delete/", {"confirm_slug": typed})
        assert response.status_code == 200
    assert not ChannelDeletion.objects.exists()
    response = client.post("/c/nova/settings/delete/", {"confirm_slug": "nova"})
    assert response.status_code == 302
    assert ChannelDeletion.objects.get().state == "pending"
    assert "Cancel the deletion" in client.get("/c/nova/settings/delete/").content.decode()


def test_export_ids_of_others_and_odd_ids_are_404(team):
    theirs = DataExport.objects.create(user=team.lead)
    client = signed_in(team.moderator)
    for pk in (theirs.pk, 2**40, 0):
        assert client.get(f"/account/data/exports/{pk}/").status_code == 404
        assert client.get(f"/account/data/exports/{pk}/download/").status_code == 404


def test_status_fragment_polls_while_building(user):
    export = DataExport.objects.create(user=user, state="building", progress=40)
    body = signed_in(user).get(f"/account/data/exports/{export.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in body and "40%" in body


def test_admin_actions_need_the_permission(team):
    staff = UserFactory(username="dpo", is_staff=True)
    client = signed_in(staff)
    assert client.get("/admin/privacy/person/").status_code == 403
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["export_person", "erase_person"])
    )
    data = {"action": "erase_now", "_selected_action": [team.trainee.pk]}
    response = client.post("/admin/privacy/person/", data)
    assert response.status_code == 302
    assert AccountDeletion.objects.get(user=team.trainee).state == "done"
    data = {"action": "erase_now", "_selected_action": [team.owner.pk]}
    client.post("/admin/privacy/person/", data)
    assert Person.objects.get(pk=team.owner.pk).is_active  # owners hand over first
