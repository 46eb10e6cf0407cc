"""Invitation pages: the team's form and list, the link, the invitee's list and answers."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from channels.models import AuditEvent, Membership
from channels.services import role_create
from moderators.invitation_views import SESSION_TOKEN
from moderators.models import Invitation, InvitationBlock, InvitationState
from moderators.services import invitations as service
from tests.factories import PASSWORD, role

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def invite(team, **kwargs) -> Invitation:
    kwargs.setdefault("username", "" if "email" in kwargs else "outsider")
    return service.invitation_create(
        channel=team.channel,
        actor=kwargs.pop("actor", team.lead),
        roles=[role(team.channel, "Moderator")],
        **kwargs,
    )


def state(invitation) -> str:
    return Invitation.objects.get(pk=invitation.pk).state


def is_member(team, user) -> bool:
    return Membership.objects.for_channel(team.channel).filter(user=user).exists()


# The team's side


def test_team_page_links_to_invitations_instead_of_adding(client, team):
    client.force_login(team.lead)
    body = client.get(reverse("channels:team", args=["nova"])).content.decode()
    assert "Add to team" not in body
    assert reverse("moderators:team_invitations", args=["nova"]) in body
    client.force_login(team.moderator)
    body = client.get(reverse("channels:team", args=["nova"])).content.decode()
    assert reverse("moderators:team_invitations", args=["nova"]) not in body


def test_sending_an_invitation_from_the_form(client, team):
    client.force_login(team.lead)
    url = reverse("moderators:invitation_send", args=["nova"])
    response = client.post(
        url,
        {"username": "@Outsider", "roles": [role(team.channel, "Trainee").pk], "message": "Hi"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_user == team.outsider and invitation.inviter == team.lead
    assert not is_member(team, team.outsider)
    page = client.get(reverse("moderators:team_invitations", args=["nova"])).content.decode()
    assert "outsider" in page and "Send again" in page and "Revoke" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nobody-by-that-name"}, "No one is called"),
        ({"username": "trainee"}, "already on the team"),
        ({"username": "", "email": ""}, "Give either a username or an email address"),
        ({"username": "outsider", "email": "a@example.com"}, "Give either a username"),
        ({"email": "not an email"}, "Enter a valid email address"),
        ({"username": "x\x00"}, "Null characters are not allowed"),
        ({"username": "outsider", "roles": ["abc", "-1", str(2**70)]}, "is not a valid value"),
        ({"username": "outsider", "message": "x" * 501}, "at most 500 characters"),
    ],
)
def test_the_invite_form_explains_refusals(client, team, data, message):
    client.force_login(team.lead)
    response = client.post(reverse("moderators:invitation_send", args=["nova"]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_lead_offering_a_role_above_them_sees_why(client, team):
    admins = role_create(
        channel=team.channel, actor=team.owner, name="Admins", capabilities=["can_manage_roles"]
    )
    client.force_login(team.lead)
    response = client.post(
        reverse("moderators:invitation_send", args=["nova"]),
        {"username": "outsider", "roles": [admins.pk]},
    )
    assert "capabilities you hold yourself" in response.content.decode()
    assert not Invitation.objects.exists()


def test_roles_of_another_channel_are_an_invalid_choice(client, team):
    client.force_login(team.owner)
    response = client.post(
        reverse("moderators:invitation_send", args=["nova"]),
        {"username": "outsider", "roles": [role(team.other_channel, "Moderator").pk]},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_revoke_asks_first_then_revokes(client, team):
    invitation = invite(team)
    client.force_login(team.lead)
    url = reverse("moderators:invitation_revoke", args=["nova", invitation.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Revoke the invitation to outsider?" in page.content.decode()
    assert state(invitation) == InvitationState.PENDING
    assert client.post(url).status_code == 302
    assert state(invitation) == InvitationState.REVOKED


def test_resend_gives_a_new_link(client, team):
    invitation = invite(team, email="new@example.com")
    client.force_login(team.lead)
    response = client.post(reverse("moderators:invitation_resend", args=["nova", invitation.pk]))
    assert response.status_code == 302
    assert Invitation.objects.get().token_hash != invitation.token_hash
    assert AuditEvent.objects.for_channel(team.channel).latest("id").action == "invitation.resent"


def test_invitation_ids_of_another_channel_are_404(client, team):
    other = service.invitation_create(
        channel=team.other_channel,
        actor=Membership.objects.get(channel=team.other_channel, is_owner=True).user,
        username="outsider",
    )
    client.force_login(team.owner)
    for name in ("invitation_revoke", "invitation_resend"):
        url = reverse(f"moderators:{name}", args=["nova", other.pk])
        assert client.post(url).status_code == 404, url
    revoke_page = reverse("moderators:invitation_revoke", args=["nova", other.pk])
    assert client.get(revoke_page).status_code == 404
    assert state(other) == InvitationState.PENDING
    assert Invitation.objects.get(pk=other.pk).token_hash == other.token_hash


def test_huge_and_odd_ids_are_404(client, team):
    client.force_login(team.owner)
    for url in (
        "/c/nova/invitations/99999999999999999999999/revoke/",
        "/c/nova/invitations/9223372036854775808/resend/",
        "/invitations/9223372036854775808/accept/",
        "/invitations/99999999999999999999/decline/",
    ):
        response = client.post(url)
        assert response.status_code == 404, url


# The invited person's side


def test_the_link_shows_the_invitation_to_the_invitee(client, team):
    invitation = invite(team, message=SCRIPT)
    client.force_login(team.outsider)
    page = client.get(reverse("moderators:invitation_link", args=[invitation.link_token]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Join the team of Nova Streams?" in body
    assert "Moderator" in body and "Lead" in body and "Accept and join" in body
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert" in body
    assert state(invitation) == InvitationState.PENDING


def test_script_in_the_message_is_inert_in_the_inbox_and_list(client, team):
    invite(team, message=SCRIPT)
    client.force_login(team.outsider)
    for url in (
        reverse("moderators:my_invitations"),
        reverse("notifications:inbox"),
        reverse("dashboard"),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
    body = client.get(reverse("moderators:my_invitations")).content.decode()
    assert "&lt;script&gt;alert" in body


def test_accepting_from_the_link(client, team):
    invitation = invite(team)
    client.force_login(team.outsider)
    response = client.post(reverse("moderators:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("channels:detail", args=["nova"])
    assert [r.name for r in team.membership("outsider").roles.all()] == ["Moderator"]
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Nova Streams" in dashboard
    # The link now says it was used, and offers nothing.
    page = client.get(reverse("moderators:invitation_link", args=[invitation.link_token]))
    assert "already accepted" in page.content.decode()
    assert "Accept and join" not in page.content.decode()


def test_decline_and_block_from_the_page(client, team):
    invitation = invite(team)
    client.force_login(team.outsider)
    url = reverse("moderators:invitation_decline", args=[invitation.pk])
    page = client.get(url, {"block": "1"}).content.decode()
    assert 'name="block"' in page and "checked" in page
    assert state(invitation) == InvitationState.PENDING
    assert client.post(url, {"block": "on"}).status_code == 302
    assert state(invitation) == InvitationState.DECLINED
    assert InvitationBlock.objects.get(user=team.outsider).until is None
    assert not is_member(team, team.outsider)


@pytest.mark.parametrize("ending", ["accepted", "revoked", "expired"])
def test_used_revoked_or_expired_links_change_nothing(client, team, ending):
    invitation = invite(team)
    if ending == "accepted":
        service.invitation_accept(invitation=invitation, actor=team.outsider)
    elif ending == "revoked":
        service.invitation_revoke(invitation=invitation, actor=team.owner)
    else:
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    before = (Invitation.objects.values().get(), list(AuditEvent.objects.values_list("id")))
    members = Membership.objects.count()
    client.force_login(team.outsider)
    page = client.get(reverse("moderators:invitation_link", args=[invitation.link_token]))
    assert page.status_code == 200
    assert "Nothing was changed." in page.content.decode()
    assert "Accept and join" not in page.content.decode()
    response = client.post(reverse("moderators:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    assert "invitation" in followed.lower()
    client.post(reverse("moderators:invitation_decline", args=[invitation.pk]))
    assert (Invitation.objects.values().get(), list(AuditEvent.objects.values_list("id"))) == (
        before
    )
    assert Membership.objects.count() == members


def test_a_foreign_or_forged_link_changes_nothing(client, team):
    invitation = invite(team)
    client.force_login(team.moderator)
    page = client.get(reverse("moderators:invitation_link", args=[invitation.link_token]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "This invitation is for someone else" in body and "Accept and join" not in body
    assert "Join us" not in body and "outsider" not in body
    assert (
        client.post(reverse("moderators:invitation_accept", args=[invitation.pk])).status_code
        == 404
    )
    for token in ("nope", "a" * 43, "x" * 300):
        page = client.get(reverse("moderators:invitation_link", args=[token]))
        assert page.status_code == 404
        assert "This invitation link doesn't work" in page.content.decode()
    assert state(invitation) == InvitationState.PENDING


def test_the_dashboard_and_list_show_pending_invitations(client, team):
    invitation = invite(team)
    client.force_login(team.outsider)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Your invitations" in dashboard and "Nova Streams" in dashboard
    listing = client.get(reverse("moderators:my_invitations")).content.decode()
    assert f'id="invitation-{invitation.pk}"' in listing and "Decline and block" in listing
    client.force_login(team.moderator)
    assert "Nova Streams" not in client.get(reverse("moderators:my_invitations")).content.decode()


def link_in(message, pattern):
    return re.search(pattern, message.body).group(0)


def test_an_email_invitation_survives_sign_up(client, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(team, email="newmod@example.com")
    link = link_in(mail.outbox[-1], r"/invitations/[\w-]+/")
    page = client.get(link)
    assert page.status_code == 200 and "Sign up" in page.content.decode()
    assert client.session[SESSION_TOKEN] == invitation.link_token
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup") + f"?next={link}",
            {
                "username": "newmod",
                "email": "newmod@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    assert response.status_code == 302
    confirm = link_in(mail.outbox[-1], r"/accounts/confirm-email/[^/\s]+/")
    client.post(confirm)
    response = client.post(reverse("account_login"), {"login": "newmod", "password": PASSWORD})
    assert response.status_code == 302
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Your invitations" in dashboard and "Nova Streams" in dashboard
    page = client.get(link).content.decode()
    assert "Accept and join" in page
    client.post(reverse("moderators:invitation_accept", args=[invitation.pk]))
    newcomer = Membership.objects.for_channel(team.channel).get(user__username="newmod")
    assert newcomer.added_by == team.lead
    assert SESSION_TOKEN not in client.session


def test_the_dashboard_points_back_to_a_link_for_an_unconfirmed_address(client, team, settings):
    # The address is confirmed below by a direct database edit, not by allauth's confirming
    # POST (which makes the person's cached pages stale): what the page renders is the point.
    settings.PAGE_CACHE = False
    invitation = invite(team, email="second@example.com")
    client.get(reverse("moderators:invitation_link", args=[invitation.link_token]))
    client.force_login(team.outsider)  # keeps the session's data, as logging in does
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "sent to an email address you haven" in dashboard
    assert reverse("account_email") in dashboard
    # Once the address is confirmed on the account, the invitation itself shows instead.
    team.outsider.emailaddress_set.create(email="second@example.com", verified=True)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "sent to an email address you haven" not in dashboard
    assert reverse("moderators:my_invitations") in dashboard and "Nova Streams" in dashboard


@pytest.mark.parametrize("actor", ["anonymous", "moderator", "owner", "staff", "other_member"])
def test_only_the_invitee_answers_through_the_pages(client, team, actor):
    invitation = invite(team)
    before = Invitation.objects.values().get()
    if actor != "anonymous":
        client.force_login(team.user(actor))
    for name in ("invitation_accept", "invitation_decline"):
        response = client.post(reverse(f"moderators:{name}", args=[invitation.pk]), {"block": "on"})
        assert response.status_code == (302 if actor == "anonymous" else 404), name
    assert Invitation.objects.values().get() == before
    assert not InvitationBlock.objects.exists()
    assert not is_member(team, team.outsider)
