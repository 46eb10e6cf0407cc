"""Every public service of channels.services × every kind of actor, called directly.

The URL matrix (tests/test_access_matrix.py) proves the views' decorators; this one proves the
services guard themselves, whatever calls them (the admin, a Celery task, another service).
A refused call raises PermissionDenied or ValidationError and leaves the database exactly as it
was (row counts, the channel and its roles and team, the audit log, the notification outbox).
Adding a public function to channels.services without a row fails
`test_every_service_has_a_row`.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from channels import services
from channels.models import AuditEvent, Capability, Channel, Membership, MembershipRole, Role
from portal.notifications.models import Notification
from tests.factories import ChannelFactory, MembershipFactory, RoleFactory, UserFactory, role

pytestmark = pytest.mark.django_db

# Kinds of actor. "member" holds the Moderator role (it only writes debriefs); "capable" holds
# exactly what the row needs, through a role made for it; "staff" is platform staff without any
# membership or permission; "suspender" is staff holding channels.suspend_channel.
ACTORS = [
    "anonymous",
    "outsider",
    "other_member",
    "member",
    "capable",
    "owner",
    "staff",
    "suspender",
]

# Public names of channels.services that act for no one: helpers the services call inside
# their own transaction.
NOT_ACTIONS = {
    "audit_record": "the audit helper; its callers are the guarded services",
    "audit_changes": "the audit helper for changed fields; its callers are guarded services",
}


@dataclass
class World:
    """Fresh instances for each actor: a call that succeeded (then rolled back) may have
    changed or deleted the objects it was given."""

    users: dict
    channel_pk: int
    target_pk: int  # a trainee the team services act on
    member_pk: int  # the "member" actor's own membership

    @property
    def channel(self) -> Channel:
        return Channel.objects.get(pk=self.channel_pk)

    @property
    def target(self) -> Membership:
        return Membership.objects.select_related("channel").get(pk=self.target_pk)

    @property
    def own_membership(self) -> Membership:
        return Membership.objects.select_related("channel").get(pk=self.member_pk)

    def owner(self):
        return self.users["owner"]


@dataclass
class Row:
    call: Callable  # (world, actor) -> None
    allowed: set
    needs: set = field(default_factory=set)  # capabilities the "capable" actor holds
    setup: Callable | None = None  # (world) -> None, run before anyone acts


def _channel_update(w, actor):
    services.channel_update(channel=w.channel, actor=actor, name="Renamed")


def _channel_create(w, actor):
    services.channel_create(
        creator=actor, name="Fresh", slug="fresh", platform="twitch", platform_url="https://x.tv/f"
    )


def _suspend(w):
    services.channel_suspend(channel=w.channel, actor=w.users["suspender"], reason="Spam")


def _archive(w):
    services.channel_archive(channel=w.channel, actor=w.owner())


EVERY_CAPABILITY = set(Capability.values)
SIGNED_IN = set(ACTORS) - {"anonymous"}

ROWS = {
    "channel_create": Row(_channel_create, allowed=SIGNED_IN),
    "channel_update": Row(
        _channel_update, allowed={"capable", "owner"}, needs={Capability.MANAGE_CHANNEL}
    ),
    "channel_archive": Row(
        lambda w, a: services.channel_archive(channel=w.channel, actor=a),
        allowed={"owner"},
        needs=EVERY_CAPABILITY,
    ),
    "channel_restore": Row(
        lambda w, a: services.channel_restore(channel=w.channel, actor=a),
        allowed={"owner"},
        needs=EVERY_CAPABILITY,
        setup=_archive,
    ),
    "channel_transfer_ownership": Row(
        lambda w, a: services.channel_transfer_ownership(
            channel=w.channel, actor=a, new_owner=w.target
        ),
        allowed={"owner"},
        needs=EVERY_CAPABILITY,
    ),
    "channel_suspend": Row(
        lambda w, a: services.channel_suspend(channel=w.channel, actor=a, reason="Abuse"),
        allowed={"suspender"},
        needs=EVERY_CAPABILITY,
    ),
    "channel_unsuspend": Row(
        lambda w, a: services.channel_unsuspend(channel=w.channel, actor=a),
        allowed={"suspender"},
        needs=EVERY_CAPABILITY,
        setup=_suspend,
    ),
    # The granter acts: the invitation's sender or the application's reviewer.
    "membership_join": Row(
        lambda w, a: services.membership_join(
            channel=w.channel,
            user=w.users["newcomer"],
            roles=[],
            granted_by=a,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        ),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_TEAM},
    ),
    # A recruitment decision: the reviewer accepts someone on trial.
    "membership_promote": Row(
        lambda w, a: services.membership_promote(
            membership=w.target,
            roles=[role(w.channel, "Moderator")],
            granted_by=a,
            capability=Capability.REVIEW_APPLICATIONS,
            via="application",
        ),
        allowed={"capable", "owner"},
        # The Moderator role writes debriefs: no escalation past the reviewer.
        needs={Capability.REVIEW_APPLICATIONS, Capability.WRITE_DEBRIEFS},
    ),
    "membership_set_roles": Row(
        lambda w, a: services.membership_set_roles(
            membership=w.target, roles=[role(w.channel, "Moderator")], actor=a
        ),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_TEAM, Capability.WRITE_DEBRIEFS},
    ),
    "membership_remove": Row(
        lambda w, a: services.membership_remove(membership=w.target, actor=a, reason="x"),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_TEAM},
    ),
    # Acting on the "member" actor's own membership: only they may.
    "membership_leave": Row(
        lambda w, a: services.membership_leave(membership=w.own_membership, actor=a),
        allowed={"member"},
        needs=EVERY_CAPABILITY,
    ),
    "membership_set_listed": Row(
        lambda w, a: services.membership_set_listed(
            membership=w.own_membership, actor=a, is_listed=False
        ),
        allowed={"member"},
        needs=EVERY_CAPABILITY,
    ),
    "role_create": Row(
        lambda w, a: services.role_create(channel=w.channel, actor=a, name="Clipper"),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_create_from_template": Row(
        lambda w, a: services.role_create_from_template(channel=w.channel, actor=a, key="safety"),
        allowed={"capable", "owner"},
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
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_delete": Row(
        lambda w, a: services.role_delete(role=role(w.channel, "Trainee"), actor=a),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
    "role_move": Row(
        lambda w, a: services.role_move(role=role(w.channel, "Trainee"), actor=a, direction="up"),
        allowed={"capable", "owner"},
        needs={Capability.MANAGE_ROLES},
    ),
}


def public_services() -> set[str]:
    return {
        name
        for name, value in vars(services).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


def test_every_service_has_a_row():
    missing = public_services() - set(ROWS) - set(NOT_ACTIONS)
    assert not missing, f"add these services to ROWS: {sorted(missing)}"
    assert not set(ROWS) - public_services(), "rows for services that no longer exist"


def fingerprint(channel) -> tuple:
    """Everything a channel service could change: every table's row count, the channel, its
    roles and team, the audit log and the outbox."""
    return (
        {
            model.__name__: model.objects.count()
            for model in (Channel, Role, Membership, MembershipRole, AuditEvent, Notification)
        },
        Channel.objects.filter(pk=channel.pk).values().get(),
        sorted(Role.objects.for_channel(channel).values_list("id", "name", "position")),
        sorted(
            Membership.objects.for_channel(channel).values_list("user_id", "is_owner", "is_listed")
        ),
        sorted(MembershipRole.objects.for_channel(channel).values_list("membership_id", "role_id")),
        list(AuditEvent.objects.values_list("id", flat=True)),
        list(Notification.objects.values_list("id", flat=True)),
    )


def build_world(needs) -> World:
    owner = UserFactory(username="owner")
    channel = ChannelFactory(name="Nova", slug="nova", owner=owner)
    other = ChannelFactory(name="Other", slug="other")
    member = MembershipFactory(channel=channel, roles=[role(channel, "Moderator")])
    granted = RoleFactory(channel=channel, name="Granted", capabilities=sorted(needs))
    capable = MembershipFactory(channel=channel, roles=[granted])
    target = MembershipFactory(channel=channel, roles=[role(channel, "Trainee")])
    suspender = UserFactory(username="suspender", is_staff=True)
    suspender.user_permissions.add(Permission.objects.get(codename="suspend_channel"))
    users = {
        "anonymous": AnonymousUser(),
        "outsider": UserFactory(username="outsider"),
        "other_member": MembershipFactory(channel=other).user,
        "member": member.user,
        "capable": capable.user,
        "owner": owner,
        "staff": UserFactory(username="staffer", is_staff=True),
        "suspender": type(suspender).objects.get(pk=suspender.pk),  # fresh permission cache
        "newcomer": UserFactory(username="newcomer"),
    }
    return World(users=users, channel_pk=channel.pk, target_pk=target.pk, member_pk=member.pk)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(name):
    row = ROWS[name]
    world = build_world(row.needs)
    if row.setup:
        row.setup(world)
    outcome = {}
    for actor in ACTORS:
        before = fingerprint(world.channel)
        # Each actor acts alone: a savepoint undoes a successful call before the next one.
        with transaction.atomic():
            try:
                row.call(world, world.users[actor])
            except (PermissionDenied, ValidationError):
                outcome[actor] = "refused"
                assert fingerprint(world.channel) == before, f"{actor} was refused but wrote"
            else:
                outcome[actor] = "done"
                assert fingerprint(world.channel) != before, f"{actor} succeeded but wrote nothing"
            transaction.set_rollback(True)
    expected = {actor: "done" if actor in row.allowed else "refused" for actor in ACTORS}
    assert outcome == expected


def test_refusals_follow_the_convention(team):
    """No standing at all: PermissionDenied. Standing, but a rule broken: ValidationError."""
    with pytest.raises(PermissionDenied):
        services.membership_set_roles(
            membership=team.membership("trainee"), roles=[], actor=team.outsider
        )
    with pytest.raises(PermissionDenied):
        services.channel_update(channel=team.channel, actor=team.lead, name="Mine now")
    admins = RoleFactory(channel=team.channel, name="Admins", capabilities=["can_manage_roles"])
    with pytest.raises(ValidationError) as error:
        services.membership_join(
            channel=team.channel,
            user=team.outsider,
            roles=[admins],
            granted_by=team.lead,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )
    assert "roles" in error.value.message_dict
    assert not Membership.objects.filter(channel=team.channel, user=team.outsider).exists()
    assert Channel.objects.get(pk=team.channel.pk).name == "Nova Streams"
