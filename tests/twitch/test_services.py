"""The sync's services on PostgreSQL: linking, the outbox written with the team change,
applying it (in-process here), failures, drift, import, isolation between channels."""

import pytest
from allauth.socialaccount.models import SocialToken
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from channels import services as channel_services
from channels.models import AuditEvent, Membership, Role
from integrations.models import ChannelEvent
from moderators.models import Invitation
from moderators.services import application_move, application_submit
from moderators.services.invitations import invitation_accept
from portal.notifications.models import Notification
from tests.factories import ChannelFactory, UserFactory, add_member, role
from tests.moderators.factories import answers_for, make_opening
from tests.twitch.conftest import connect, link_channel, mark
from twitch import services, sync
from twitch.models import (
    ChangeState,
    DriftState,
    TwitchChange,
    TwitchDrift,
    TwitchLink,
    TwitchListEntry,
    TwitchRoleStatus,
)

pytestmark = pytest.mark.django_db


def changes(channel):
    return list(
        TwitchChange.objects.for_channel(channel)
        .order_by("id")
        .values_list("label", "from_status", "to_status", "state")
    )


def test_only_the_owner_links_with_their_own_connected_account(team, fake_twitch):
    connect(team.lead, "1001", "leadlee", token="t")
    for actor in (team.lead, team.moderator, team.outsider, team.staff):
        with pytest.raises(PermissionDenied):
            services.link_create(channel=team.channel, actor=actor)
    with pytest.raises(ValidationError, match="Connect your Twitch account"):
        services.link_create(channel=team.channel, actor=team.owner)
    link = link_channel(fake_twitch, team.channel, team.owner)
    assert (link.broadcaster_id, link.broadcaster_login) == ("1000", "novastreams")
    assert AuditEvent.objects.for_channel(team.channel).filter(action="twitch.linked").exists()


def test_accepting_an_applicant_into_a_twitch_role_queues_and_applies_one_add(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    applicant = UserFactory(username="newmod")
    linked.fake.user("2005", "newmod_tv")
    connect(applicant, "2005", "newmod_tv")
    opening = make_opening(team.channel, role_name="Moderator")
    application = application_submit(
        opening=opening, applicant=applicant, answers=answers_for(opening)
    )
    application_move(application=application, actor=team.owner, to_state="in_review")
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=application, actor=team.owner, to_state="accepted")
    assert changes(team.channel) == [("newmod", "", "moderator", "done")]
    adds = linked.fake.calls("POST", "moderation/moderators")
    assert [r.param("user_id") for r in adds] == ["2005"]
    assert adds[0].param("broadcaster_id") == "1000" and adds[0].token == "token-1000"


def test_role_change_removal_and_leaving_queue_their_twitch_changes(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    trainee = team.membership("trainee")
    with django_capture_on_commit_callbacks(execute=True):
        channel_services.membership_set_roles(
            membership=trainee, roles=[role(team.channel, "Moderator")], actor=team.owner
        )
        channel_services.membership_remove(
            membership=team.membership("moderator"), actor=team.owner
        )
        channel_services.membership_leave(membership=trainee, actor=team.trainee)
    assert changes(team.channel) == [
        ("trainee", "", "moderator", "done"),
        ("moderator", "moderator", "", "done"),
        ("trainee", "moderator", "", "done"),
    ]
    assert linked.fake.channels["1000"].mods == []


def test_a_rolled_back_team_change_leaves_no_row_and_sends_nothing(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        channel_services.membership_set_roles(
            membership=team.membership("trainee"),
            roles=[role(team.channel, "Moderator")],
            actor=team.owner,
        )
        raise RuntimeError("something later in the request failed")
    assert callbacks == []
    assert changes(team.channel) == []
    assert linked.fake.requests == []


def test_deleting_a_twitch_role_takes_the_status_from_its_holders(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    with django_capture_on_commit_callbacks(execute=True):
        channel_services.role_delete(role=role(team.channel, "Moderator"), actor=team.owner)
    assert changes(team.channel) == [("moderator", "moderator", "", "done")]


def test_marking_a_role_queues_changes_for_its_holders(linked, django_capture_on_commit_callbacks):
    team = linked.team
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "vip")
    assert changes(team.channel) == [("trainee", "", "vip", "done")]
    assert linked.fake.channels["1000"].vips == ["2002"]
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "moderator")  # VIP → moderator: removed as VIP first
    assert changes(team.channel)[-1] == ("trainee", "vip", "moderator", "done")
    assert linked.fake.channels["1000"].vips == [] and "2002" in linked.fake.channels["1000"].mods


def test_a_banned_user_fails_with_twitchs_message_and_the_owner_is_told(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    linked.fake.channels["1000"].banned.add("2002")
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "moderator")
    change = TwitchChange.objects.for_channel(team.channel).get()
    assert change.state == ChangeState.FAILED and "banned" in change.last_error
    note = Notification.objects.get(event="twitch.change_failed")
    assert note.recipient == team.owner and "banned" in note.summary


def test_a_member_without_twitch_fails_and_can_be_retried_after_connecting(
    linked, django_capture_on_commit_callbacks
):
    team = linked.team
    lead = team.membership("lead")
    with django_capture_on_commit_callbacks(execute=True):
        channel_services.membership_set_roles(
            membership=lead,
            roles=[role(team.channel, "Lead Moderator"), role(team.channel, "Moderator")],
            actor=team.owner,
        )
    change = TwitchChange.objects.for_channel(team.channel).get()
    assert change.state == ChangeState.FAILED and "no Twitch account" in change.last_error
    linked.fake.user("2003", "leadlee")
    connect(team.lead, "2003", "leadlee")
    for actor in (team.trainee, team.moderator, team.outsider, team.other_member):
        with pytest.raises(PermissionDenied):
            services.change_retry(change=change, actor=actor)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_retry(change=change, actor=team.lead)
    change.refresh_from_db()
    assert change.state == ChangeState.DONE
    with pytest.raises(ValidationError, match="Only a failed change"):
        services.change_retry(change=change, actor=team.owner)


def test_429_puts_the_change_back_until_twitchs_reset(linked, django_capture_on_commit_callbacks):
    team = linked.team
    linked.fake.rate_limited = 1
    with django_capture_on_commit_callbacks(execute=True):
        mark(team, "Trainee", "moderator")
    change = TwitchChange.objects.for_channel(team.channel).get()
    assert change.state == ChangeState.PENDING and change.not_before is not None
    assert sync.change_apply(change.pk) == "taken"  # not before the reset
    TwitchChange.objects.filter(pk=change.pk).update(not_before=None)
    assert sync.change_apply(change.pk) == ChangeState.DONE
    assert sync.change_apply(change.pk) == "taken"  # done once


def test_one_channels_token_is_never_used_for_another(linked, django_capture_on_commit_callbacks):
    team = linked.team
    other_owner = UserFactory(username="rival")
    rival = ChannelFactory(name="Rival", slug="rival", owner=other_owner)
    link_channel(linked.fake, rival, other_owner, uid="9000", login="rivaltv")
    newcomer = add_member(rival, username="rivalmod", roles=[])
    linked.fake.user("2009", "rivalmod")
    connect(newcomer.user, "2009", "rivalmod")
    mark_rival = role(rival, "Moderator")
    with django_capture_on_commit_callbacks(execute=True):
        services.role_status_set(channel=rival, actor=other_owner, role=mark_rival, status="vip")
        channel_services.membership_set_roles(
            membership=newcomer, roles=[mark_rival], actor=other_owner
        )
        mark(team, "Trainee", "vip")
    used = {(r.param("broadcaster_id"), r.token) for r in linked.fake.requests}
    assert used == {("9000", "token-9000"), ("1000", "token-1000")}
    # A link can't be pointed at another channel's change: the row's channel picks the link.
    with pytest.raises(ValidationError):
        services.role_status_set(
            channel=rival, actor=other_owner, role=role(team.channel, "Trainee"), status="vip"
        )


def test_transferring_ownership_drops_the_link_and_the_token(linked):
    team = linked.team
    channel_services.channel_transfer_ownership(
        channel=team.channel, actor=team.owner, new_owner=team.membership("lead")
    )
    assert not TwitchLink.objects.for_channel(team.channel).exists()
    assert not SocialToken.objects.filter(account__user=team.owner).exists()
    assert AuditEvent.objects.for_channel(team.channel).filter(action="twitch.unlinked").exists()


def test_unlinking_drops_the_token_and_fails_what_waits(linked):
    team = linked.team
    TwitchChange.objects.create(channel=team.channel, label="x", to_status="vip", reason="roles")
    for actor in (team.lead, team.moderator, team.outsider):
        with pytest.raises(PermissionDenied):
            services.link_delete(channel=team.channel, actor=actor)
    services.link_delete(channel=team.channel, actor=team.owner)
    assert not SocialToken.objects.filter(account__user=team.owner).exists()
    assert TwitchChange.objects.for_channel(team.channel).get().state == ChangeState.FAILED


def test_import_matches_twitchs_lists_and_invites_through_recruitment(linked):
    team, fake = linked.team, linked.fake
    fake.user("2010", "chatlegend")
    fake.user("2011", "stranger")
    fake.channels["1000"].mods += ["2010", "2011"]
    fake.channels["1000"].vips += ["2002"]
    legend = UserFactory(username="legend")
    connect(legend, "2010", "chatlegend")
    assert services.lists_refresh(channel=team.channel, actor=team.owner) == 4
    rows = {e.login: e for e in TwitchListEntry.objects.for_channel(team.channel)}
    assert set(rows) == {"modmia", "chatlegend", "stranger", "traineetom"}
    for actor in (team.trainee, team.moderator, team.outsider, team.other_member):
        with pytest.raises(PermissionDenied):
            services.import_invite(channel=team.channel, actor=actor, entry=rows["chatlegend"])
    invitation = services.import_invite(
        channel=team.channel, actor=team.owner, entry=rows["chatlegend"]
    )
    assert invitation.invited_user == legend
    assert [r.name for r in invitation.roles.all()] == ["Moderator"]
    # One whole sentence per status, "Twitch" capitalised (not a lower-cased label spliced in).
    assert invitation.message == (
        "You moderate Nova Streams's Twitch channel: join its team here too."
    )
    assert not Membership.objects.for_channel(team.channel).filter(user=legend).exists()
    with pytest.raises(ValidationError, match="no portal account"):
        services.import_invite(channel=team.channel, actor=team.owner, entry=rows["stranger"])
    # Not on the portal: a link that, opened with that Twitch account, brings an invitation.
    entry = rows["stranger"]
    path = services.import_links(channel=team.channel, actor=team.owner, entries=[entry])[entry.pk]
    token = path.rstrip("/").rsplit("/", 1)[-1]
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(PermissionDenied):
        services.join_link_accept(token=token, actor=newcomer)  # no Twitch linked yet
    connect(newcomer, "2011", "stranger")
    invitation = services.join_link_accept(token=token, actor=newcomer)
    assert invitation.invited_user == newcomer and invitation.inviter == team.owner
    invitation_accept(invitation=invitation, actor=newcomer)
    assert Invitation.objects.get(pk=invitation.pk).state == "accepted"
    with pytest.raises(ValidationError, match="not valid"):
        services.join_link_accept(token=token[:-3] + "xyz", actor=newcomer)


def test_drift_shows_changes_made_on_twitch_and_the_owner_resolves_them(
    linked, django_capture_on_commit_callbacks
):
    team, fake = linked.team, linked.fake
    fake.channels["1000"].mods.remove("2001")  # unmodded in chat
    fake.channels["1000"].vips.append("2002")  # made VIP in chat
    sync.lists_fetch(linked.link)
    drift = {d.login: d for d in TwitchDrift.objects.for_channel(team.channel)}
    assert {k: (d.expected_status, d.actual_status) for k, d in drift.items()} == {
        "modmia": ("moderator", ""),
        "traineetom": ("", "vip"),
    }
    sync.lists_fetch(linked.link)  # compared again: the same rows stay
    assert set(TwitchDrift.objects.for_channel(team.channel).values_list("pk", flat=True)) == {
        d.pk for d in drift.values()
    }
    # One drift_found event per drift found, not again at the next comparison.
    found = AuditEvent.objects.filter(channel=team.channel, action="twitch.drift_found")
    assert sorted(found.values_list("after__who", "before__portal", "before__twitch")) == [
        ("modmia", "moderator", ""),
        ("traineetom", "", "vip"),
    ]
    logged = ChannelEvent.objects.filter(kind="twitch.drift_found", channel=team.channel)
    assert sorted(e.payload["data"]["who"] for e in logged) == ["modmia", "traineetom"]
    assert {e.level for e in logged} == {"team"}
    for actor in (team.trainee, team.outsider, team.other_member):
        with pytest.raises(PermissionDenied):
            services.drift_revert(drift=drift["modmia"], actor=actor)
    with django_capture_on_commit_callbacks(execute=True):
        services.drift_revert(drift=drift["modmia"], actor=team.owner)
    assert "2001" in fake.channels["1000"].mods
    with pytest.raises(ValidationError, match="Mark a role"):
        services.drift_adopt(drift=drift["traineetom"], actor=team.owner)
    mark(team, "Trainee", "")  # unchanged: no VIP role yet
    services.role_status_set(
        channel=team.channel, actor=team.owner, role=role(team.channel, "Trainee"), status="vip"
    )
    TwitchDrift.objects.filter(pk=drift["traineetom"].pk).update(state=DriftState.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        services.drift_adopt(drift=drift["traineetom"], actor=team.owner)
    assert TwitchDrift.objects.get(pk=drift["traineetom"].pk).state == DriftState.ADOPTED
    with pytest.raises(ValidationError, match="already resolved"):
        services.drift_revert(drift=drift["traineetom"], actor=team.owner)


def test_hostile_input_is_refused_and_changes_nothing(linked):
    team = linked.team
    trainee_role = role(team.channel, "Trainee")
    for status in ("owner", "moderator\x00", "x" * 500):
        with pytest.raises(ValidationError):
            services.role_status_set(
                channel=team.channel, actor=team.owner, role=trainee_role, status=status
            )
    assert services.join_link_read("\x00" * 10) is None
    assert services.join_link_read("a" * 5000) is None
    assert services.join_link_read(12345) is None
    # The lead can't mark a role with a capability they lack (here: channel settings).
    Role.objects.filter(pk=trainee_role.pk).update(can_manage_channel=True)
    trainee_role.refresh_from_db()
    with pytest.raises(ValidationError):
        services.role_status_set(
            channel=team.channel, actor=team.lead, role=trainee_role, status="vip"
        )
    with pytest.raises(PermissionDenied):
        services.role_status_set(
            channel=team.channel, actor=team.moderator, role=trainee_role, status="vip"
        )
    assert not TwitchRoleStatus.objects.filter(role=trainee_role).exists()


def test_adopting_gives_a_member_the_role_twitch_shows(linked, django_capture_on_commit_callbacks):
    team, fake = linked.team, linked.fake
    mark(team, "Trainee", "")
    services.role_status_set(
        channel=team.channel,
        actor=team.owner,
        role=role(team.channel, "Lead Moderator"),
        status="vip",
    )
    fake.channels["1000"].vips.append("2002")  # the trainee made VIP in chat
    sync.lists_fetch(linked.link)
    drift = TwitchDrift.objects.for_channel(team.channel).get(login="traineetom")
    with django_capture_on_commit_callbacks(execute=True):
        services.drift_adopt(drift=drift, actor=team.owner)
    names = sorted(r.name for r in team.membership("trainee").roles.all())
    assert names == ["Lead Moderator", "Trainee"]
    assert TwitchDrift.objects.get(pk=drift.pk).state == DriftState.ADOPTED
    # The queued change only confirms what Twitch has: no second VIP.
    assert fake.channels["1000"].vips == ["2002"]
    assert changes(team.channel)[-1] == ("trainee", "", "vip", "done")


def test_with_twitch_switched_off_team_changes_queue_nothing(linked, settings):
    settings.TWITCH_SYNC_ENABLED = False
    team = linked.team
    channel_services.membership_set_roles(
        membership=team.membership("trainee"),
        roles=[role(team.channel, "Moderator")],
        actor=team.owner,
    )
    assert changes(team.channel) == []
