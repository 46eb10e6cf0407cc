"""Every public service of channels.services × every kind of actor, called directly
(tests/service_matrix.py). A refused call raises PermissionDenied or ValidationError and leaves
the database exactly as it was. Adding a public function to channels.services without a row
fails `test_every_service_has_a_row`.

"capable" holds exactly the capabilities a row `needs`, through a role made for it: a service
that needs more (or less) than it says fails its row.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from channels import services
from channels.models import Capability, Channel, Membership
from tests.factories import RoleFactory, UserFactory, role
from tests.service_matrix import (
    ACTORS,
    CAPABLE,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MATRIX_ACTORS = (*ACTORS, CAPABLE)
EVERY_CAPABILITY = set(Capability.values)
SIGNED_IN = set(MATRIX_ACTORS) - {"anonymous", "deactivated"}

# Public functions of channels.services that act for no one.
NOT_ACTIONS = {
    "audit_record": "the audit helper; its callers are the guarded services",
    "audit_changes": "the audit helper for changed fields; its callers are the guarded services",
    "require_signed_in": "a guard the services call on their actor",
    "require_capability": "a guard the services call on their actor",
    "require_member": "a guard the services call on their actor",
    "require_manager": "a guard the services call on their actor",
    "require_owner": "a guard the services call on their actor",
    "require_self": "a guard the services call on their actor",
    "require_platform_permission": "a guard the services call on their actor",
    "ensure_writable": "a guard the services call on the channel",
    "ensure_not_suspended": "a guard the services call on the channel",
    "within_actor": "the no-escalation check the role and team services call",
}


def _build(world):
    world.add_user("newcomer", UserFactory(username="newcomer"))


world = world_fixture(_build)


def _channel_create(w, actor):
    services.channel_create(
        creator=actor, name="Fresh", slug="fresh", platform="twitch", platform_url="https://x.tv/f"
    )


def _suspend(w):
    services.channel_suspend(channel=w.channel, actor=w.actor("admin"), reason="Spam")


def _archive(w):
    services.channel_archive(channel=w.channel, actor=w.actor("owner"))


def _trainee(w):
    return w.membership("trainee")


ROWS = {
    "channel_create": Row(_channel_create, ok=SIGNED_IN),
    "channel_update": Row(
        lambda w, a: services.channel_update(channel=w.channel, actor=a, name="Renamed"),
        ok={CAPABLE, "owner"},
        needs={Capability.MANAGE_CHANNEL},
    ),
    "channel_archive": Row(
        lambda w, a: services.channel_archive(channel=w.channel, actor=a),
        ok={"owner"},
        needs=EVERY_CAPABILITY,
    ),
    "channel_restore": Row(
        lambda w, a: services.channel_restore(channel=w.channel, actor=a),
        ok={"owner"},
        needs=EVERY_CAPABILITY,
        setup=_archive,
    ),
    "channel_transfer_ownership": Row(
        lambda w, a: services.channel_transfer_ownership(
            channel=w.channel, actor=a, new_owner=_trainee(w)
        ),
        ok={"owner"},
        needs=EVERY_CAPABILITY,
    ),
    # Platform permission channels.suspend_channel: the admin holds it, plain staff don't.
    "channel_suspend": Row(
        lambda w, a: services.channel_suspend(channel=w.channel, actor=a, reason="Abuse"),
        ok={"admin"},
        needs=EVERY_CAPABILITY,
    ),
    "channel_unsuspend": Row(
        lambda w, a: services.channel_unsuspend(channel=w.channel, actor=a),
        ok={"admin"},
        needs=EVERY_CAPABILITY,
        setup=_suspend,
    ),
    # The granter acts: the invitation's sender or the application's reviewer.
    "membership_join": Row(
        lambda w, a: services.membership_join(
            channel=w.channel,
            user=w.user("newcomer"),
            roles=[],
            granted_by=a,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        ),
        ok={CAPABLE, "lead", "owner"},
        needs={Capability.MANAGE_TEAM},
    ),
    # A recruitment decision: the reviewer accepts someone on trial.
    "membership_promote": Row(
        lambda w, a: services.membership_promote(
            membership=_trainee(w),
            roles=[role(w.channel, "Moderator")],
            granted_by=a,
            capability=Capability.REVIEW_APPLICATIONS,
            via="application",
        ),
        ok={CAPABLE, "lead", "owner"},
        # The Moderator role writes debriefs: no escalation past the reviewer.
        needs={Capability.REVIEW_APPLICATIONS, Capability.WRITE_DEBRIEFS},
    ),
    "membership_set_roles": Row(
        lambda w, a: services.membership_set_roles(
            membership=_trainee(w), roles=[role(w.channel, "Moderator")], actor=a
        ),
        ok={CAPABLE, "lead", "owner"},
        needs={Capability.MANAGE_TEAM, Capability.WRITE_DEBRIEFS},
    ),
    "membership_remove": Row(
        lambda w, a: services.membership_remove(membership=_trainee(w), actor=a, reason="x"),
        ok={CAPABLE, "lead", "owner"},
        needs={Capability.MANAGE_TEAM},
    ),
    # Personal: acting on the moderator's own membership, only they may.
    "membership_leave": Row(
        lambda w, a: services.membership_leave(membership=w.membership("moderator"), actor=a),
        ok={"moderator"},
        needs=EVERY_CAPABILITY,
    ),
    "membership_set_listed": Row(
        lambda w, a: services.membership_set_listed(
            membership=w.membership("moderator"), actor=a, is_listed=False
        ),
        ok={"moderator"},
        needs=EVERY_CAPABILITY,
    ),
    "role_create": Row(
        lambda w, a: services.role_create(channel=w.channel, actor=a, name="Clipper"),
        ok={CAPABLE, "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_create_from_template": Row(
        lambda w, a: services.role_create_from_template(channel=w.channel, actor=a, key="safety"),
        ok={CAPABLE, "owner"},
        # The Safety template grants VIEW_AUDIT_LOG and WRITE_DEBRIEFS: no escalation past
        # the creator.
        needs={Capability.MANAGE_ROLES, Capability.VIEW_AUDIT_LOG, Capability.WRITE_DEBRIEFS},
    ),
    "role_update": Row(
        lambda w, a: services.role_update(
            role=role(w.channel, "Trainee"),
            actor=a,
            name="Apprentice",
            description="",
            colour="#123456",
            capabilities=[],
        ),
        ok={CAPABLE, "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_delete": Row(
        lambda w, a: services.role_delete(role=role(w.channel, "Trainee"), actor=a),
        ok={CAPABLE, "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_move": Row(
        lambda w, a: services.role_move(role=role(w.channel, "Trainee"), actor=a, direction="up"),
        ok={CAPABLE, "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], MATRIX_ACTORS)


def test_refusals_follow_the_convention(world):
    """No standing at all: PermissionDenied. Standing, but a rule broken: ValidationError."""
    channel, outsider, lead = world.channel, world.user("outsider"), world.user("lead")
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            membership=world.membership("trainee"), roles=[], actor=outsider
        )
    with pytest.raises(PermissionDenied):
        services.channel_update(channel=channel, actor=lead, name="Mine now")
    admins = RoleFactory(channel=channel, name="Admins", capabilities=["can_manage_roles"])
    with pytest.raises(ValidationError) as error:
        services.membership_join(
            channel=channel,
            user=outsider,
            roles=[admins],
            granted_by=lead,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )
    assert "roles" in error.value.message_dict
    assert not Membership.objects.filter(channel=channel, user=outsider).exists()
    assert Channel.objects.get(pk=channel.pk).name == "Nova Streams"


def test_objects_of_another_channel_are_refused(world):
    """An id of another channel in an argument is refused, even from the owner."""
    owner, other = world.actor("owner"), world.other_channel
    other_role = role(other, "Moderator")
    trainee = world.membership("trainee")
    elsewhere = Membership.objects.for_channel(other).filter(is_owner=False).first()
    assert_refused(
        lambda: services.membership_set_roles(membership=trainee, roles=[other_role], actor=owner),
        ValidationError,
    )
    assert_refused(
        lambda: services.channel_transfer_ownership(
            channel=world.channel, actor=owner, new_owner=elsewhere
        ),
        ValidationError,
    )
    assert_refused(
        lambda: services.membership_promote(
            membership=trainee,
            roles=[],
            granted_by=world.actor("other_owner"),
            capability=Capability.REVIEW_APPLICATIONS,
            via="application",
        ),
        PermissionDenied,
    )
