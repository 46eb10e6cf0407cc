"""Channel services on the database: state before and after, audit rows, outbox rows."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from channels import services
from channels.models import AppendOnlyError, AuditEvent, Capability, Channel, Membership, Role
from channels.permissions import access_for
from portal.notifications.models import Notification
from tests.factories import (
    ChannelFactory,
    RoleFactory,
    UserFactory,
    add_member,
    channel_owner,
    role,
)

pytestmark = pytest.mark.django_db


def actions(channel) -> list[str]:
    return list(
        AuditEvent.objects.for_channel(channel).order_by("id").values_list("action", flat=True)
    )


def test_creating_a_channel_makes_the_creator_owner_with_default_roles(user):
    channel = ChannelFactory(owner=user, slug="luna", name="Luna")
    assert Membership.objects.get(channel=channel, user=user).is_owner
    names = list(Role.objects.for_channel(channel).values_list("name", flat=True))
    assert names == ["Lead Moderator", "Moderator", "Trainee"]
    assert all(Role.objects.for_channel(channel).values_list("description", flat=True))
    assert access_for(channel=channel, user=user).capabilities == frozenset(Capability.values)
    assert actions(channel) == ["channel.created"]


@pytest.mark.parametrize(
    "slug", ["admin", "new", "ab", "Has-Caps", "-dash", "dash-", "a" * 41, "sp ace"]
)
def test_channel_slug_rules(user, slug):
    with pytest.raises(ValidationError):
        ChannelFactory(owner=user, slug=slug)
    assert not Channel.objects.exists()


def test_a_taken_slug_is_refused(user):
    ChannelFactory(owner=user, slug="luna")
    with pytest.raises(ValidationError) as error:
        ChannelFactory(owner=UserFactory(), slug="luna")
    assert "slug" in error.value.message_dict
    assert Channel.objects.count() == 1


def test_nobody_grants_a_capability_they_lack(team):
    admin_role = services.role_create(
        channel=team.channel,
        actor=team.owner,
        name="Admins",
        capabilities=[Capability.MANAGE_ROLES],
    )
    target = team.membership("trainee")
    before = actions(team.channel)
    with pytest.raises(ValidationError) as error:
        services.membership_set_roles(membership=target, roles=[admin_role], actor=team.lead)
    assert "roles" in error.value.message_dict
    assert list(target.roles.values_list("name", flat=True)) == ["Trainee"]
    assert actions(team.channel) == before


def test_a_lead_cannot_create_a_role_beyond_their_capabilities(team):
    keeper = services.role_create(
        channel=team.channel,
        actor=team.owner,
        name="Role keeper",
        capabilities=[Capability.MANAGE_ROLES],
    )
    services.membership_set_roles(
        membership=team.membership("lead"), roles=[keeper], actor=team.owner
    )
    with pytest.raises(ValidationError) as error:
        services.role_create(
            channel=team.channel,
            actor=team.lead,
            name="Settings",
            capabilities=[Capability.MANAGE_CHANNEL],
        )
    assert "capabilities" in error.value.message_dict
    assert not Role.objects.for_channel(team.channel).filter(name="Settings").exists()


def test_a_lead_cannot_strip_a_role_they_could_not_grant(team):
    admin_role = services.role_create(
        channel=team.channel,
        actor=team.owner,
        name="Admins",
        capabilities=[Capability.MANAGE_ROLES],
    )
    services.membership_set_roles(
        membership=team.membership("moderator"), roles=[admin_role], actor=team.owner
    )
    with pytest.raises(ValidationError):
        services.membership_set_roles(
            membership=team.membership("moderator"), roles=[], actor=team.lead
        )
    with pytest.raises(ValidationError):
        services.membership_remove(
            membership=team.membership("moderator"), actor=team.lead, reason="x"
        )
    assert list(team.membership("moderator").roles.values_list("name", flat=True)) == ["Admins"]


def test_roles_of_another_channel_are_refused(team):
    foreign = role(team.other_channel, "Moderator")
    with pytest.raises(ValidationError):
        services.membership_set_roles(
            membership=team.membership("trainee"), roles=[foreign], actor=team.owner
        )


def test_changing_roles_records_before_and_after_and_notifies(
    team, django_capture_on_commit_callbacks
):
    membership = team.membership("trainee")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_set_roles(
            membership=membership, roles=[role(team.channel, "Moderator")], actor=team.lead
        )
    event = AuditEvent.objects.for_channel(team.channel).latest("id")
    assert event.action == "membership.roles_changed"
    assert (event.before, event.after) == ({"roles": ["Trainee"]}, {"roles": ["Moderator"]})
    assert (
        Notification.objects.filter(
            recipient=team.trainee, event="membership.roles_changed"
        ).count()
        == 1
    )


def test_a_rolled_back_change_notifies_no_one(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # noqa: SIM117
        with pytest.raises(RuntimeError), transaction.atomic():
            services.membership_set_roles(
                membership=team.membership("trainee"),
                roles=[role(team.channel, "Moderator")],
                actor=team.owner,
            )
            raise RuntimeError("something later in the request failed")
    assert callbacks == []
    assert not Notification.objects.filter(event="membership.roles_changed").exists()
    assert list(team.membership("trainee").roles.values_list("name", flat=True)) == ["Trainee"]


def test_the_owner_cannot_be_removed_or_leave(team):
    owner = team.membership("owner")
    with pytest.raises(ValidationError):
        services.membership_remove(membership=owner, actor=team.lead, reason="coup")
    with pytest.raises(ValidationError):
        services.membership_leave(membership=owner, actor=team.owner)
    assert Membership.objects.get(pk=owner.pk).is_owner


def test_removing_a_member_keeps_the_reason(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(
            membership=team.membership("trainee"), actor=team.lead, reason="Inactive"
        )
    assert not Membership.objects.for_channel(team.channel).filter(user=team.trainee).exists()
    event = AuditEvent.objects.for_channel(team.channel).latest("id")
    assert (event.action, event.after, event.before) == (
        "membership.removed",
        {"reason": "Inactive"},
        {"roles": ["Trainee"]},
    )
    assert Notification.objects.get(recipient=team.trainee, event="membership.removed")


def test_a_member_can_leave(team):
    services.membership_leave(membership=team.membership("moderator"), actor=team.moderator)
    assert not Membership.objects.for_channel(team.channel).filter(user=team.moderator).exists()
    assert actions(team.channel)[-1] == "membership.left"


def test_transferring_ownership(team):
    services.channel_transfer_ownership(
        channel=team.channel, actor=team.owner, new_owner=team.membership("lead")
    )
    assert team.membership("lead").is_owner
    old = team.membership("owner")
    assert not old.is_owner
    assert access_for(channel=team.channel, user=team.owner).can(Capability.MANAGE_TEAM)
    assert actions(team.channel)[-1] == "channel.ownership_transferred"
    with pytest.raises(PermissionDenied):  # no longer the owner
        services.channel_transfer_ownership(channel=team.channel, actor=team.owner, new_owner=old)
    with pytest.raises(ValidationError) as error:
        services.channel_transfer_ownership(
            channel=team.channel, actor=team.lead, new_owner=team.membership("lead")
        )
    assert "member" in error.value.message_dict


def test_only_the_owner_transfers(team):
    with pytest.raises(PermissionDenied):
        services.channel_transfer_ownership(
            channel=team.channel, actor=team.lead, new_owner=team.membership("lead")
        )
    assert team.membership("owner").is_owner


def test_a_suspended_channel_is_read_only(team):
    with pytest.raises(PermissionDenied):
        services.channel_suspend(channel=team.channel, actor=team.owner, reason="no")
    services.channel_suspend(channel=team.channel, actor=team.staff, reason="Spam reports")
    join = {
        "channel": team.channel,
        "user": team.outsider,
        "roles": [],
        "granted_by": team.owner,
        "capability": Capability.MANAGE_TEAM,
        "via": "invitation",
    }
    with pytest.raises(ValidationError):
        services.membership_join(**join)
    with pytest.raises(ValidationError):
        services.role_create(channel=team.channel, actor=team.owner, name="X")
    services.channel_unsuspend(channel=team.channel, actor=team.staff)
    services.membership_join(**join)
    assert actions(team.channel)[-3:] == [
        "channel.suspended",
        "channel.unsuspended",
        "membership.joined",
    ]


def test_archive_and_restore(team):
    with pytest.raises(PermissionDenied):
        services.channel_archive(channel=team.channel, actor=team.lead)
    services.channel_archive(channel=team.channel, actor=team.owner)
    with pytest.raises(ValidationError):
        services.role_create(channel=team.channel, actor=team.owner, name="X")
    services.channel_restore(channel=team.channel, actor=team.owner)
    assert not Channel.objects.get(pk=team.channel.pk).is_archived


def test_roles_edit_reorder_delete(team):
    lead_role = role(team.channel, "Lead Moderator")
    services.role_update(
        role=lead_role,
        actor=team.owner,
        name="Head Mod",
        description="Runs things",
        colour="#123456",
        capabilities=[Capability.MANAGE_TEAM],
    )
    lead_role.refresh_from_db()
    assert (lead_role.name, lead_role.capabilities()) == ("Head Mod", {"can_manage_team"})
    services.role_move(role=role(team.channel, "Trainee"), actor=team.owner, direction="up")
    order = list(Role.objects.for_channel(team.channel).values_list("name", flat=True))
    assert order == ["Head Mod", "Trainee", "Moderator"]
    services.role_delete(role=role(team.channel, "Trainee"), actor=team.owner)
    assert not team.membership("trainee").roles.exists()
    deleted = AuditEvent.objects.for_channel(team.channel).get(action="role.deleted")
    assert deleted.before["held_by"] == ["trainee"]


def test_a_lead_cannot_edit_or_delete_a_role_above_them(team):
    admin_role = services.role_create(
        channel=team.channel,
        actor=team.owner,
        name="Admins",
        capabilities=[Capability.MANAGE_CHANNEL],
    )
    # The lead may manage roles (through a role), but does not hold MANAGE_CHANNEL.
    roles_role = services.role_create(
        channel=team.channel,
        actor=team.owner,
        name="Role keeper",
        capabilities=[Capability.MANAGE_ROLES],
    )
    services.membership_set_roles(
        membership=team.membership("lead"), roles=[roles_role], actor=team.owner
    )
    before = actions(team.channel)
    with pytest.raises(ValidationError):
        services.role_delete(role=admin_role, actor=team.lead)
    with pytest.raises(ValidationError):
        services.role_update(
            role=admin_role,
            actor=team.lead,
            name="Admins",
            description="",
            colour="#000000",
            capabilities=[],
        )
    assert Role.objects.get(pk=admin_role.pk).can_manage_channel
    assert actions(team.channel) == before
    # Within their capabilities the same lead may edit: the refusal above was the rule.
    services.role_update(
        role=role(team.channel, "Trainee"),
        actor=team.lead,
        name="Apprentice",
        description="",
        colour="#000000",
        capabilities=[],
    )
    assert actions(team.channel)[-1] == "role.updated"


def test_audit_events_are_append_only(team):
    event = AuditEvent.objects.for_channel(team.channel).first()
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    events = AuditEvent.objects.for_channel(team.channel)
    count = events.count()
    with pytest.raises(AppendOnlyError):
        events.update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="forged")
    with pytest.raises(AppendOnlyError):
        events.filter(pk=event.pk).delete()
    # bulk_update runs in an atomic block without a savepoint: give it one to roll back to.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["action"])
    assert AuditEvent.objects.get(pk=event.pk).action != "forged"
    assert events.count() == count
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_audit_rows_still_follow_their_channel_and_their_actor(team):
    """The cascade and SET_NULL go through the base manager, not the refusing queryset."""
    lead_events = AuditEvent.objects.filter(actor=team.lead)
    services.role_create(
        channel=team.other_channel, actor=channel_owner(team.other_channel), name="X"
    )
    assert AuditEvent.objects.for_channel(team.other_channel).exists()
    team.other_channel.delete()
    assert not AuditEvent.objects.filter(channel_id=team.other_channel.pk).exists()
    add_member(team.channel, username="leaver", roles=["Trainee"], actor=team.lead)
    assert lead_events.exists()
    team.lead.delete()
    assert not lead_events.exists()
    assert AuditEvent.objects.filter(actor_name="lead", actor=None).exists()


def test_an_unregistered_audit_action_is_refused(team):
    with pytest.raises(ValueError, match="unregistered audit action"):
        services.audit_record(channel=team.channel, actor=team.owner, action="channel.renamed")
    assert not AuditEvent.objects.filter(action="channel.renamed").exists()


def test_access_is_one_query(team, django_assert_num_queries):
    with django_assert_num_queries(1):
        access = access_for(channel=team.channel, user=team.lead)
    assert access.can(Capability.MANAGE_TEAM) and not access.can(Capability.MANAGE_ROLES)


def test_a_member_without_roles_is_still_a_member(team):
    membership = add_member(team.channel, username="bare")
    access = access_for(channel=team.channel, user=membership.user)
    assert access.is_member and access.capabilities == frozenset()


def test_nobody_but_the_owner_changes_the_owners_roles(team):
    with pytest.raises(ValidationError):
        services.membership_set_roles(
            membership=team.membership("owner"),
            roles=[role(team.channel, "Trainee")],
            actor=team.lead,
        )
    assert not team.membership("owner").roles.exists()


def test_members_get_per_channel_notification_choices_for_their_channels(client, team):
    # As if the trainee had turned "added to a team" off: Nova has never notified them.
    Notification.objects.filter(recipient=team.trainee).delete()
    client.force_login(team.trainee)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Nova Streams" in page
    assert "Other Place" not in page


def suspended(team):
    services.channel_suspend(channel=team.channel, actor=team.staff, reason="Under review")
    return Channel.objects.get(pk=team.channel.pk)


def archived(team):
    services.channel_archive(channel=team.channel, actor=team.owner)
    return Channel.objects.get(pk=team.channel.pk)


@pytest.mark.parametrize("state", [suspended, archived])
def test_a_read_only_channel_refuses_the_public_listing_change(team, state):
    channel = state(team)
    membership = Membership.objects.get(channel=channel, user=team.moderator)
    before = actions(channel)
    with pytest.raises(ValidationError):
        services.membership_set_listed(membership=membership, actor=team.moderator, is_listed=False)
    assert Membership.objects.get(pk=membership.pk).is_listed
    assert actions(channel) == before


@pytest.mark.parametrize("state", [suspended, archived])
def test_leaving_works_on_a_read_only_channel(team, state):
    channel = state(team)
    membership = Membership.objects.get(channel=channel, user=team.moderator)
    services.membership_leave(membership=membership, actor=team.moderator)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert actions(channel)[-1] == "membership.left"


def test_archiving_is_refused_while_suspended(team):
    channel = suspended(team)
    before = actions(channel)
    with pytest.raises(ValidationError):
        services.channel_archive(channel=channel, actor=team.owner)
    assert not Channel.objects.get(pk=channel.pk).is_archived
    assert actions(channel) == before


def test_restoring_works_on_an_archive_but_not_while_suspended(team):
    channel = archived(team)
    services.channel_suspend(channel=channel, actor=team.staff, reason="Under review")
    before = actions(channel)
    with pytest.raises(ValidationError):
        services.channel_restore(channel=channel, actor=team.owner)
    assert Channel.objects.get(pk=channel.pk).is_archived
    assert actions(channel) == before
    services.channel_unsuspend(channel=channel, actor=team.staff)
    channel = Channel.objects.get(pk=channel.pk)
    services.channel_restore(channel=channel, actor=team.owner)
    assert not Channel.objects.get(pk=channel.pk).is_archived
    assert actions(channel)[-1] == "channel.restored"


@pytest.mark.parametrize("state", [suspended, archived])
def test_settings_and_ownership_are_refused_on_a_read_only_channel(team, state):
    channel = state(team)
    before = actions(channel)
    with pytest.raises(ValidationError):
        services.channel_update(channel=channel, actor=team.owner, name="Renamed")
    with pytest.raises(ValidationError):
        services.channel_transfer_ownership(
            channel=channel, actor=team.owner, new_owner=team.membership("lead")
        )
    with pytest.raises(ValidationError):
        services.role_move(role=role(channel, "Trainee"), actor=team.owner, direction="up")
    assert Channel.objects.get(pk=channel.pk).name == "Nova Streams"
    assert team.membership("owner").is_owner
    assert actions(channel) == before


@pytest.mark.parametrize("name", ["moderator", "MODERATOR", " Moderator "])
def test_role_names_are_unique_per_channel_in_any_case(team, name):
    count = Role.objects.for_channel(team.channel).count()
    with pytest.raises(ValidationError) as error:
        services.role_create(channel=team.channel, actor=team.owner, name=name)
    assert error.value.message_dict["name"] == [
        "This channel already has a role called “Moderator”.".replace("Moderator", name.strip())
    ]
    with pytest.raises(ValidationError) as error:
        services.role_update(
            role=role(team.channel, "Trainee"),
            actor=team.owner,
            name=name,
            description="",
            colour="#000000",
            capabilities=[],
        )
    assert "name" in error.value.message_dict
    assert Role.objects.for_channel(team.channel).count() == count
    assert role(team.channel, "Trainee").name == "Trainee"
    # Another channel may use the name; the same role may change its own name's case.
    services.role_create(
        channel=team.other_channel, actor=channel_owner(team.other_channel), name="Clipper"
    )
    services.role_create(channel=team.channel, actor=team.owner, name="clipper")
    services.role_update(
        role=role(team.channel, "Moderator"),
        actor=team.owner,
        name="MODERATOR",
        description="",
        colour="#000000",
        capabilities=[],
    )


def test_a_role_template_obeys_the_unique_name_rule(team):
    services.role_create(channel=team.channel, actor=team.owner, name="safety moderator")
    count = Role.objects.for_channel(team.channel).count()
    with pytest.raises(ValidationError) as error:
        services.role_create_from_template(channel=team.channel, actor=team.owner, key="safety")
    assert "already has a role called" in error.value.message_dict["name"][0]
    assert Role.objects.for_channel(team.channel).count() == count


def test_the_database_refuses_a_case_variant_name(team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Role.objects.create(channel=team.channel, name="lead moderator")


def avatar_file() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "purple").save(buffer, format="PNG")
    return SimpleUploadedFile("avatar.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def with_avatar(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.channel_update(channel=team.channel, actor=team.owner, avatar=avatar_file())
    channel = Channel.objects.get(pk=team.channel.pk)
    assert channel.avatar and default_storage.exists(channel.avatar.name)
    return channel


def test_a_replaced_avatar_is_deleted_after_commit(
    with_avatar, team, django_capture_on_commit_callbacks
):
    old = with_avatar.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.channel_update(channel=with_avatar, actor=team.owner, avatar=avatar_file())
    new = Channel.objects.get(pk=with_avatar.pk).avatar.name
    assert new != old and default_storage.exists(new)
    assert not default_storage.exists(old)


def test_a_cleared_avatar_is_deleted_after_commit(
    with_avatar, team, django_capture_on_commit_callbacks
):
    old = with_avatar.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.channel_update(channel=with_avatar, actor=team.owner, remove_avatar=True)
    assert not Channel.objects.get(pk=with_avatar.pk).avatar
    assert not default_storage.exists(old)


def test_the_old_avatar_stays_when_the_change_rolls_back(
    with_avatar, team, django_capture_on_commit_callbacks
):
    old = with_avatar.avatar.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # noqa: SIM117
        with pytest.raises(RuntimeError), transaction.atomic():
            services.channel_update(channel=with_avatar, actor=team.owner, remove_avatar=True)
            raise RuntimeError("something later in the request failed")
    assert callbacks == []
    assert Channel.objects.get(pk=with_avatar.pk).avatar.name == old
    assert default_storage.exists(old)


def test_joining_is_granted_by_someone_who_still_holds_the_roles(team):
    newcomer = UserFactory(username="newcomer")
    moderator = role(team.channel, "Moderator")
    membership = services.membership_join(
        channel=team.channel,
        user=newcomer,
        roles=[moderator],
        granted_by=team.lead,
        capability=Capability.MANAGE_TEAM,
        via="invitation",
    )
    assert [r.name for r in membership.roles.all()] == ["Moderator"]
    event = AuditEvent.objects.for_channel(team.channel).latest("id")
    assert (event.action, event.actor, event.after) == (
        "membership.joined",
        team.lead,
        {"roles": ["Moderator"], "via": "invitation"},
    )
    with pytest.raises(ValidationError):  # already on the team
        services.membership_join(
            channel=team.channel,
            user=newcomer,
            roles=[],
            granted_by=team.owner,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )


def test_joining_is_refused_when_the_granter_lost_the_standing_or_the_roles(team):
    newcomer = UserFactory(username="newcomer")
    lead_role = role(team.channel, "Lead Moderator")
    admins = RoleFactory(channel=team.channel, name="Admins", capabilities=["can_manage_roles"])
    before = Membership.objects.for_channel(team.channel).count()
    with pytest.raises(PermissionDenied):  # a moderator can't manage the team
        services.membership_join(
            channel=team.channel,
            user=newcomer,
            roles=[],
            granted_by=team.moderator,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )
    with pytest.raises(ValidationError):  # a lead can't hand out a role managing roles
        services.membership_join(
            channel=team.channel,
            user=newcomer,
            roles=[lead_role, admins],
            granted_by=team.lead,
            capability=Capability.MANAGE_TEAM,
            via="invitation",
        )
    assert Membership.objects.for_channel(team.channel).count() == before
