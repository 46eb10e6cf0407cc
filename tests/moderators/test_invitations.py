"""Invitation services: who may invite, accept, decline, revoke and re-send; state before and
after, audit rows and outbox rows. Nobody joins a team without saying yes."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from channels.models import AuditEvent, Membership
from channels.services import channel_suspend, membership_set_roles, role_create
from moderators.models import (
    Invitation,
    InvitationBlock,
    InvitationState,
)
from moderators.services import invitations as service
from moderators.tasks import expire_invitations
from portal.notifications.models import Notification, OutboundEmail
from tests.factories import UserFactory, role

pytestmark = pytest.mark.django_db


def actions(channel) -> list[str]:
    return list(
        AuditEvent.objects.for_channel(channel).order_by("id").values_list("action", flat=True)
    )


def invite(team, *, actor=None, roles=("Trainee",), **kwargs) -> Invitation:
    kwargs.setdefault("username", "" if "email" in kwargs else "outsider")
    return service.invitation_create(
        channel=team.channel,
        actor=actor or team.owner,
        roles=[role(team.channel, name) for name in roles],
        **kwargs,
    )


def is_member(team, user) -> bool:
    return Membership.objects.for_channel(team.channel).filter(user=user).exists()


# Creating


def test_invitation_by_username_notifies_and_stores_only_a_hash(
    team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(team, actor=team.lead, message="Hi <b>there</b>")
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.PENDING
    assert invitation.invited_user == team.outsider and invitation.email == ""
    assert invitation.link_token not in invitation.token_hash
    assert service.invitation_for_token(invitation.link_token) == invitation
    assert len(invitation.token_hash) == 64
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(7)
    assert [r.name for r in invitation.roles.all()] == ["Trainee"]
    assert not is_member(team, team.outsider)
    assert actions(team.channel)[-1] == "invitation.sent"
    note = Notification.objects.get(recipient=team.outsider)
    assert note.event == "invitation.received" and note.actor == team.lead
    assert "Nova Streams" in note.summary and "Trainee" in note.summary
    assert note.target_url == "/invitations/"
    # The email carries who invited, the channel, the roles, the link and the message,
    # escaped in HTML and attributed.
    [email] = mail.outbox
    html = email.alternatives[0][0]
    assert "Hi &lt;b&gt;there&lt;/b&gt;" in html and "<b>there" not in html
    assert "Message from Lead" in email.body and "Hi <b>there</b>" in email.body
    assert "Trainee" in email.body and "/notifications/" in email.body


def test_invitation_by_email_goes_through_the_outbox(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(
            team, email="  New.Mod@Example.COM ", message="<script>alert(1)</script>"
        )
    assert invitation.email == "new.mod@example.com" and invitation.invited_user is None
    row = OutboundEmail.objects.get(to="new.mod@example.com")
    # Sent, and its body (with the link) forgotten once sent: the token lingers nowhere.
    assert (row.state, row.text_body, row.html_body) == ("sent", "", "")
    assert "Owner" in row.subject and "Nova Streams" in row.subject
    [email] = mail.outbox
    assert email.to == ["new.mod@example.com"]
    assert f"/invitations/{invitation.link_token}/" in email.body
    html = email.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_both_kinds_of_invitation_email_read_the_same(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(team, username="outsider")
        invite(team, email="new.mod@example.com")
    by_username, by_address = mail.outbox
    sentence = "Owner invited you to join the team of Nova Streams as Trainee."
    for email in (by_username, by_address):
        assert email.subject.endswith(sentence), email.subject
    for text in (by_address.body, by_address.alternatives[0][0]):
        assert "The invitation expires on " in text and " (UTC). " in text
        assert ".." not in text.replace("...", "")


def test_only_team_managers_invite(team):
    for actor in (AnonymousUser(), team.outsider, team.other_member, team.staff, team.moderator):
        with pytest.raises(PermissionDenied):
            invite(team, actor=actor)
    assert not Invitation.objects.exists()
    assert invite(team, actor=team.lead).pk


def test_no_escalation_through_an_invitation(team):
    admins = role_create(
        channel=team.channel, actor=team.owner, name="Admins", capabilities=["can_manage_roles"]
    )
    with pytest.raises(ValidationError) as error:
        invite(team, actor=team.lead, roles=("Admins",))
    assert "roles" in error.value.message_dict
    assert not Invitation.objects.exists()
    assert invite(team, actor=team.owner, roles=("Admins",)).roles.get() == admins


def test_roles_of_another_channel_are_refused(team):
    with pytest.raises(ValidationError):
        service.invitation_create(
            channel=team.channel,
            actor=team.owner,
            roles=[role(team.other_channel, "Moderator")],
            username="outsider",
        )
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_refused_with_a_message(team):
    with pytest.raises(ValidationError) as error:
        invite(team, username="trainee")
    assert "already on the team" in str(error.value)
    with pytest.raises(ValidationError) as error:
        invite(team, email="TRAINEE@example.com")
    assert "already on the team" in str(error.value)
    assert not Invitation.objects.exists()


def test_one_pending_invitation_per_person(team):
    invite(team)
    with pytest.raises(ValidationError) as error:
        invite(team)
    assert "pending invitation" in str(error.value)
    invite(team, email="x@example.com")
    with pytest.raises(ValidationError):
        invite(team, email="X@example.com")
    assert Invitation.objects.count() == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"username": "nobody-here"},
        {"username": "out\x00sider"},
        {"username": "x" * 500},
        {"email": "not-an-email"},
        {"email": "a@b.c\x00"},
        {"email": ("x" * 300) + "@example.com"},
        {"username": "outsider", "email": "x@example.com"},
        {"username": "", "email": ""},
        {"username": "outsider", "message": "x" * 501},
        {"username": "outsider", "message": "nul\x00"},
        {"username": ["outsider"]},
    ],
)
def test_hostile_input_is_refused_and_writes_nothing(team, kwargs):
    with pytest.raises(ValidationError):
        service.invitation_create(channel=team.channel, actor=team.owner, **kwargs)
    assert not Invitation.objects.exists()


def test_a_suspended_channel_sends_no_invitations(team):
    channel_suspend(channel=team.channel, actor=team.staff, reason="Abuse")
    with pytest.raises(ValidationError):
        invite(team)
    assert not Invitation.objects.exists()


def test_invitations_are_rate_limited_per_inviter(team, monkeypatch):
    monkeypatch.setattr(service, "INVITATIONS_PER_INVITER_PER_HOUR", 2)
    invite(team, actor=team.lead, email="a@example.com")
    invite(team, actor=team.lead, email="b@example.com")
    with pytest.raises(ValidationError) as error:
        invite(team, actor=team.lead, email="c@example.com")
    assert "Too many invitations" in str(error.value)
    assert Invitation.objects.count() == 2
    # Another inviter of the same channel still may, until the channel's own limit.
    invite(team, actor=team.owner, email="c@example.com")


def test_invitations_are_rate_limited_per_channel(team, monkeypatch):
    monkeypatch.setattr(service, "INVITATIONS_PER_CHANNEL_PER_DAY", 2)
    invite(team, actor=team.lead, email="a@example.com")
    invite(team, actor=team.owner, email="b@example.com")
    with pytest.raises(ValidationError):
        invite(team, actor=team.owner, email="c@example.com")
    assert Invitation.objects.count() == 2


# Accepting


def test_accepting_joins_with_the_roles_audited_as_granted_by_the_inviter(
    team, django_capture_on_commit_callbacks
):
    invitation = invite(team, actor=team.lead, roles=("Moderator",))
    with django_capture_on_commit_callbacks(execute=True):
        membership = service.invitation_accept(invitation=invitation, actor=team.outsider)
    assert membership.user == team.outsider and membership.added_by == team.lead
    assert [r.name for r in membership.roles.all()] == ["Moderator"]
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    assert invitation.responded_by == team.outsider and invitation.responded_at
    joined = AuditEvent.objects.for_channel(team.channel).filter(action="membership.joined")
    joined = joined.latest("id")
    assert joined.actor == team.lead and joined.after == {
        "roles": ["Moderator"],
        "via": "invitation",
    }
    assert actions(team.channel)[-2:] == ["membership.joined", "invitation.accepted"]
    told = set(
        Notification.objects.filter(event="invitation.accepted").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"owner", "lead"}


def test_only_the_invited_person_accepts(team):
    invitation = invite(team)
    for actor in (team.moderator, team.other_member, team.staff, team.owner, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            service.invitation_accept(invitation=invitation, actor=actor)
        with pytest.raises(PermissionDenied):
            service.invitation_decline(invitation=invitation, actor=actor, block=True)
    assert not InvitationBlock.objects.exists()
    assert Invitation.objects.get().state == InvitationState.PENDING
    assert not is_member(team, team.outsider)


def test_an_email_invitation_needs_the_verified_address(team):
    invitation = invite(team, email="newmod@example.com")
    newcomer = UserFactory(username="newmod", email="other@example.com")
    EmailAddress.objects.create(user=newcomer, email="newmod@example.com", verified=False)
    with pytest.raises(PermissionDenied):
        service.invitation_accept(invitation=invitation, actor=newcomer)
    assert not list(service.pending_for_user(user=newcomer))
    EmailAddress.objects.filter(user=newcomer, email="newmod@example.com").update(verified=True)
    assert list(service.pending_for_user(user=newcomer)) == [invitation]
    service.invitation_accept(invitation=invitation, actor=newcomer)
    assert is_member(team, newcomer)


def test_an_inviter_who_lost_the_capability_can_no_longer_let_anyone_in(team):
    invitation = invite(team, actor=team.lead)
    lead = team.membership("lead")
    membership_set_roles(membership=lead, roles=[role(team.channel, "Moderator")], actor=team.owner)
    before = actions(team.channel)
    with pytest.raises(ValidationError) as error:
        service.invitation_accept(invitation=invitation, actor=team.outsider)
    assert "can no longer add members" in str(error.value)
    assert not is_member(team, team.outsider)
    assert Invitation.objects.get().state == InvitationState.PENDING
    assert actions(team.channel) == before


@pytest.mark.parametrize("ending", ["accepted", "declined", "revoked", "expired", "lapsed"])
def test_used_revoked_or_expired_invitations_change_nothing(team, ending):
    invitation = invite(team)
    if ending == "accepted":
        service.invitation_accept(invitation=invitation, actor=team.outsider)
    elif ending == "declined":
        service.invitation_decline(invitation=invitation, actor=team.outsider)
    elif ending == "revoked":
        service.invitation_revoke(invitation=invitation, actor=team.owner)
    elif ending == "expired":
        assert service.invitations_expire(now=timezone.now() + timedelta(days=8)) == 1
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    members = sorted(Membership.objects.for_channel(team.channel).values_list("id", flat=True))
    before = (actions(team.channel), Invitation.objects.values().get())
    for answer in (service.invitation_accept, service.invitation_decline):
        with pytest.raises(ValidationError):
            answer(invitation=invitation, actor=team.outsider)
    assert (actions(team.channel), Invitation.objects.values().get()) == before
    assert sorted(Membership.objects.for_channel(team.channel).values_list("id", flat=True)) == (
        members
    )


# Declining and blocking


def test_declining_cools_the_channel_down(team, django_capture_on_commit_callbacks):
    invitation = invite(team, actor=team.lead)
    with django_capture_on_commit_callbacks(execute=True):
        service.invitation_decline(invitation=invitation, actor=team.outsider)
    assert Invitation.objects.get().state == InvitationState.DECLINED
    block = InvitationBlock.objects.get(channel=team.channel, user=team.outsider)
    assert timedelta(days=29) < block.until - timezone.now() <= timedelta(days=30)
    assert Notification.objects.filter(event="invitation.declined", recipient=team.owner).exists()
    with pytest.raises(ValidationError) as error:
        invite(team)
    # Neutral: the reason stays the person's own.
    assert str(error.value.messages) == str(["This person can't be invited right now."])
    # Another channel may still invite them; after the cool-down this one may too.
    service.invitation_create(
        channel=team.other_channel,
        actor=Membership.objects.get(channel=team.other_channel, is_owner=True).user,
        username="outsider",
    )
    InvitationBlock.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert invite(team).pk


def test_decline_and_block_refuses_invitations_for_good(team):
    invitation = invite(team)
    service.invitation_decline(invitation=invitation, actor=team.outsider, block=True)
    assert InvitationBlock.objects.get().until is None
    for kwargs in ({"username": "outsider"}, {"email": "outsider@example.com"}):
        with pytest.raises(ValidationError):
            invite(team, **kwargs)
    assert Invitation.objects.count() == 1
    # A later plain decline never shortens the block.
    other = service.invitation_create(
        channel=team.channel,
        actor=team.owner,
        email="second@example.com",
    )
    EmailAddress.objects.create(user=team.outsider, email="second@example.com", verified=True)
    service.invitation_decline(invitation=other, actor=team.outsider)
    assert InvitationBlock.objects.get().until is None


# Revoking, re-sending, expiring


def test_revoke_and_resend_need_a_team_manager_within_the_roles(team):
    admins = role_create(
        channel=team.channel, actor=team.owner, name="Admins", capabilities=["can_manage_roles"]
    )
    invitation = invite(team, roles=("Admins",))
    for actor in (team.moderator, team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            service.invitation_revoke(invitation=invitation, actor=actor)
        with pytest.raises(PermissionDenied):
            service.invitation_resend(invitation=invitation, actor=actor)
    for call in (service.invitation_revoke, service.invitation_resend):
        with pytest.raises(ValidationError):
            call(invitation=invitation, actor=team.lead)
    assert Invitation.objects.get().state == InvitationState.PENDING
    assert admins in Invitation.objects.get().roles.all()


def test_resend_issues_a_new_link_and_expiry(team, django_capture_on_commit_callbacks):
    invitation = invite(team, email="new@example.com")
    old_token = invitation.link_token
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    assert service.invitations_expire() == 1
    with django_capture_on_commit_callbacks(execute=True):
        resent = service.invitation_resend(invitation=invitation, actor=team.lead)
    assert resent.state == InvitationState.PENDING
    assert resent.expires_at > timezone.now() + timedelta(days=6)
    assert service.invitation_for_token(old_token) is None
    assert service.invitation_for_token(resent.link_token) == invitation
    assert f"/invitations/{resent.link_token}/" in mail.outbox[-1].body
    assert actions(team.channel)[-2:] == ["invitation.expired", "invitation.resent"]


def test_resend_is_rate_limited(team, monkeypatch):
    monkeypatch.setattr(service, "INVITATIONS_PER_INVITER_PER_HOUR", 2)
    invitation = invite(team, actor=team.lead)
    service.invitation_resend(invitation=invitation, actor=team.lead)
    with pytest.raises(ValidationError):
        service.invitation_resend(invitation=invitation, actor=team.lead)
    assert actions(team.channel).count("invitation.resent") == 1


def test_revoked_invitation_link_stops_working(team):
    invitation = invite(team)
    service.invitation_revoke(invitation=invitation, actor=team.lead)
    assert Invitation.objects.get().state == InvitationState.REVOKED
    assert actions(team.channel)[-1] == "invitation.revoked"
    with pytest.raises(ValidationError):
        service.invitation_revoke(invitation=invitation, actor=team.lead)


def test_the_expiry_sweep_task(team):
    fresh = invite(team)
    stale = invite(team, email="old@example.com")
    Invitation.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    assert expire_invitations.delay().get() == 1
    assert Invitation.objects.get(pk=stale.pk).state == InvitationState.EXPIRED
    assert Invitation.objects.get(pk=fresh.pk).state == InvitationState.PENDING
    event = AuditEvent.objects.for_channel(team.channel).latest("id")
    assert (event.action, event.actor_name) == ("invitation.expired", "system")
    assert expire_invitations.delay().get() == 0


def test_a_lapsed_invitation_makes_way_for_a_new_one(team):
    old = invite(team)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    new = invite(team)
    assert Invitation.objects.get(pk=old.pk).state == InvitationState.EXPIRED
    assert Invitation.objects.get(pk=new.pk).state == InvitationState.PENDING


def test_forged_tokens_find_nothing(team):
    invite(team)
    for token in ("", "x", "a" * 43, "a" * 5000, "nul\x00", None, 12):
        assert service.invitation_for_token(token) is None


def test_the_demo_has_pending_invitations_and_is_idempotent(client, settings):
    settings.DEBUG = True  # seed_demo refuses to run in production mode
    call_command("seed_demo", stdout=io.StringIO())
    pending = Invitation.objects.filter(state=InvitationState.PENDING)
    assert {i.invitee_label for i in pending} == {"viewer", "new.moderator@example.com"}
    count = (Invitation.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Invitation.objects.count(), AuditEvent.objects.count()) == count
    client.force_login(Invitation.objects.get(email="").invited_user)
    assert "Speedrun" in client.get("/invitations/").content.decode()


def test_the_admin_lists_invitations_read_only_without_token_hashes(client, team):
    invitation = invite(team, email="admin-visible@example.com", message="Hello admin")
    client.force_login(team.staff)
    url = reverse("admin:moderators_invitation_changelist")
    page = client.get(url).content.decode()
    assert "admin-visible@example.com" in page
    found = client.get(url, {"q": "admin-visible"}).content.decode()
    assert "admin-visible@example.com" in found
    assert "admin-visible" not in client.get(url, {"q": "nobody"}).content.decode()
    assert client.get(url, {"q": "x\x00<script>", "state__exact": "pending"}).status_code == 200
    change = reverse("admin:moderators_invitation_change", args=[invitation.pk])
    body = client.get(change).content.decode()
    assert "Hello admin" in body
    assert invitation.token_hash not in body
    assert "token_hash" not in body and "Token hash" not in body
    assert client.post(change, {"state": "accepted"}).status_code == 403
    assert Invitation.objects.get().state == InvitationState.PENDING
    blocks = reverse("admin:moderators_invitationblock_changelist")
    assert client.get(blocks).status_code == 200
