"""`team_changed` fires inside the team services' transaction, once per change, and not when
the service refuses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from channels import services
from channels.models import Membership
from channels.signals import ownership_transferred, team_changed
from tests.factories import UserFactory, add_member, role

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(
            (
                kwargs["change"],
                kwargs["membership"].user.username,
                sorted(r.name for r in kwargs["roles_before"]),
                sorted(r.name for r in kwargs["roles_after"]),
            )
        )

    team_changed.connect(receiver)
    yield calls
    team_changed.disconnect(receiver)


def test_joining_changing_roles_removing_and_leaving_each_send_one_signal(team, heard):
    newcomer = add_member(team.channel, username="newcomer", roles=["Trainee"])
    services.membership_set_roles(
        membership=newcomer, roles=[role(team.channel, "Moderator")], actor=team.owner
    )
    services.membership_remove(membership=newcomer, actor=team.owner)
    services.membership_leave(membership=team.membership("trainee"), actor=team.trainee)
    assert heard == [
        ("joined", "newcomer", [], ["Trainee"]),
        ("roles", "newcomer", ["Trainee"], ["Moderator"]),
        ("removed", "newcomer", ["Moderator"], []),
        ("left", "trainee", ["Trainee"], []),
    ]


def test_a_refused_change_sends_nothing(team, heard):
    with pytest.raises(ValidationError):
        services.membership_remove(membership=team.membership("owner"), actor=team.lead)
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            membership=team.membership("moderator"), roles=[], actor=outsider
        )
    assert heard == []


def test_deleting_a_role_sends_a_roles_change_for_each_holder(team, heard):
    services.role_delete(role=role(team.channel, "Moderator"), actor=team.owner)
    assert heard == [("roles", "moderator", ["Moderator"], [])]


@pytest.fixture
def transfers():
    calls = []

    def receiver(sender, **kwargs):
        owner = Membership.objects.for_channel(kwargs["channel"]).get(is_owner=True)
        # Inside the transaction, after the new owner is written.
        calls.append((kwargs["previous_owner"].username, kwargs["new_owner"].username, owner.user))

    ownership_transferred.connect(receiver)
    yield calls
    ownership_transferred.disconnect(receiver)


def test_transferring_ownership_sends_one_signal_and_a_refused_transfer_none(team, transfers):
    with pytest.raises(PermissionDenied):
        services.channel_transfer_ownership(
            channel=team.channel, actor=team.lead, new_owner=team.membership("lead")
        )
    assert transfers == []
    services.channel_transfer_ownership(
        channel=team.channel, actor=team.owner, new_owner=team.membership("lead")
    )
    assert transfers == [("owner", "lead", team.lead)]
