"""Every URL pattern of the site × every kind of actor, and writes by those who may not.

Adding a URL pattern without a row here fails `test_every_url_pattern_has_a_row`.
"""

import re

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from channels.models import Capability, Membership
from channels.services import channel_suspend
from community.services.announcements import announcement_post
from community.services.profiles import profile_update
from debriefs.services import debrief_agree_lessons, debrief_create
from moderators.services import application_submit
from moderators.services.invitations import invitation_create
from norms.models import NormTemplate
from norms.services import norm_create, norms_publish
from portal.notifications.models import Notification
from resources.services import resource_share
from tests.access import (
    ACTORS,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    ROLE_OF,
    all_write_requests,
    changing_prefixes,
    collected,
    everyone,
    first_answer,
    may,
    post_private,
    private,
    signed_in,
)
from tests.factories import UserFactory, role
from tests.fingerprint import database_fingerprint
from tests.moderators.factories import TWO_QUESTIONS, answers_for, make_opening
from tests.resources.factories import make_resource as make_training_resource
from twitch import services as twitch_services
from twitch.models import TwitchChange, TwitchDrift, TwitchListEntry

pytestmark = pytest.mark.django_db


# GET of every pattern. POST-only views answer 405 to a GET; `login_required` runs first.
MATRIX = {
    "home": everyone(OK),
    "dashboard": signed_in(OK),
    "healthz": everyone(OK),
    "ping": everyone(OK),  # bare view for throughput figures (bin/fleet)
    "set_language": everyone(302),  # the footer's language selector: back to the page
    "media": everyone(NOT_FOUND),  # a missing upload
    "channels:list": everyone(OK),
    "channels:create": signed_in(OK),
    "channels:detail": everyone(OK),
    "channels:settings": private(Capability.MANAGE_CHANNEL),
    "channels:transfer": private(owner_only=True),
    "channels:archive": private(owner_only=True),
    "channels:team": private(),
    "channels:member_listing": everyone(NOT_ALLOWED),
    "channels:leave": private(),
    "channels:member_row": private(),
    "channels:member_roles": private(Capability.MANAGE_TEAM),
    "channels:member_remove": private(Capability.MANAGE_TEAM),
    "channels:roles": private(),
    "channels:role_create": private(Capability.MANAGE_ROLES),
    "channels:role_template": everyone(NOT_ALLOWED),
    "channels:role_edit": private(Capability.MANAGE_ROLES),
    "channels:role_move": everyone(NOT_ALLOWED),
    "channels:role_delete": private(Capability.MANAGE_ROLES),
    "channels:audit": private(Capability.VIEW_AUDIT_LOG),
    "notifications:inbox": signed_in(OK),
    "notifications:badge": {**everyone(OK), "anonymous": 204},  # polling after logout stays quiet
    "notifications:read_all": signed_in(NOT_ALLOWED),
    "notifications:read": signed_in(NOT_ALLOWED),
    "notifications:open": {**signed_in(NOT_FOUND)},
    "notifications:preferences": signed_in(OK),
    "notifications:unsubscribe": everyone(400),  # a forged token gets a clear page
}
# Recruitment (issue 13): moderators.urls. The objects come from recruitment_url() below.
MATRIX.update(
    {
        "moderators:board": everyone(OK),
        "moderators:opening_detail": everyone(OK),  # an open opening
        "moderators:apply": signed_in(OK),  # the team sees why it can't apply
        "moderators:my_applications": signed_in(OK),
        "moderators:application_withdraw": signed_in(NOT_FOUND),  # someone else's application
        "moderators:team_openings": private(),
        "moderators:opening_create": private(Capability.REVIEW_APPLICATIONS),
        "moderators:opening_manage": private(Capability.REVIEW_APPLICATIONS),
        "moderators:opening_open": private(Capability.REVIEW_APPLICATIONS),
        "moderators:opening_close": private(Capability.REVIEW_APPLICATIONS),
        "moderators:question_add": everyone(NOT_ALLOWED),
        "moderators:question_edit": private(Capability.REVIEW_APPLICATIONS),
        "moderators:question_move": everyone(NOT_ALLOWED),
        "moderators:question_delete": private(Capability.REVIEW_APPLICATIONS),
    }
)
# Invitations (issue 13). The invitation, from invitation_url() below, is addressed to someone
# who is none of the actors: to everyone here it is someone else's.
MATRIX.update(
    {
        "moderators:my_invitations": signed_in(OK),
        "moderators:invitation_accept": signed_in(NOT_ALLOWED),
        "moderators:invitation_decline": signed_in(NOT_FOUND),
        # Anyone holding the link gets a clear page: what it is (anonymous), or "this is for
        # someone else" (a signed-in stranger), which changes nothing.
        "moderators:invitation_link": everyone(OK),
        "moderators:team_invitations": private(Capability.MANAGE_TEAM),
        "moderators:invitation_send": everyone(NOT_ALLOWED),
        "moderators:invitation_revoke": private(Capability.MANAGE_TEAM),
        "moderators:invitation_resend": everyone(NOT_ALLOWED),
    }
)


# Norms (issue 14): norms.urls. The objects come from norms_url() below.
MATRIX.update(
    {
        "norms:editor": private(Capability.MANAGE_NORMS),
        "norms:norm_create": private(Capability.MANAGE_NORMS),
        "norms:norm_edit": private(Capability.MANAGE_NORMS),
        "norms:norm_delete": private(Capability.MANAGE_NORMS),
        "norms:norm_move": everyone(NOT_ALLOWED),
        "norms:comment_add": everyone(NOT_ALLOWED),
        "norms:template_copy": everyone(NOT_ALLOWED),
        "norms:publish": private(Capability.MANAGE_NORMS),
        "norms:current": private(),
        "norms:acknowledge": everyone(NOT_ALLOWED),
        "norms:history": private(),
        "norms:version": private(),
        "norms:compare": private(),
        # Published rules are public, and so are the bots' exports.
        "norms:rules": everyone(OK),
        "norms:rules_json": everyone(OK),
        "norms:rules_txt": everyone(OK),
        "norms:rule_txt": everyone(OK),
    }
)


def norms_url(name: str, team) -> str:
    """Version 1 of the team's norms, published by the owner, and a second draft norm."""
    if not hasattr(team, "norm"):
        norm_create(channel=team.channel, actor=team.owner, title="Be kind", explanation="Yes.")
        norms_publish(channel=team.channel, actor=team.owner, summary="First", is_material=True)
        team.norm = norm_create(channel=team.channel, actor=team.owner, title="No spoilers")
    short = name.split(":")[-1]
    slug = team.channel.slug
    if short in ("norm_edit", "norm_delete", "norm_move", "comment_add"):
        return reverse(name, kwargs={"slug": slug, "pk": team.norm.pk})
    if short == "template_copy":
        return reverse(name, kwargs={"slug": slug, "pk": NormTemplate.objects.first().pk})
    if short in ("version", "rule_txt"):
        return reverse(name, kwargs={"slug": slug, "number": 1})
    return reverse(name, kwargs={"slug": slug})


def team_invitation(team):
    """A pending invitation from the owner to "invitee" (none of the actors), as Trainee."""
    if not hasattr(team, "invitation"):
        invitee = UserFactory(username="invitee")
        team.invitation = invitation_create(
            channel=team.channel,
            actor=team.owner,
            roles=[role(team.channel, "Trainee")],
            username=invitee.username,
            message="Join us?",
        )
    return team.invitation


def invitation_url(name: str, team) -> str:
    invitation = team_invitation(team)
    short = name.split(":")[-1]
    if short == "my_invitations":
        return reverse(name)
    if short == "invitation_link":
        return reverse(name, kwargs={"token": invitation.link_token})
    if short in ("invitation_accept", "invitation_decline"):
        return reverse(name, kwargs={"pk": invitation.pk})
    if short in ("team_invitations", "invitation_send"):
        return reverse(name, kwargs={"slug": team.channel.slug})
    return reverse(name, kwargs={"slug": team.channel.slug, "pk": invitation.pk})


# The review pipeline (issue 13): the application is someone's who is none of the actors.
MATRIX.update(
    {
        "moderators:review": private(Capability.REVIEW_APPLICATIONS),
        "moderators:review_detail": private(Capability.REVIEW_APPLICATIONS),
        "moderators:review_move": everyone(NOT_ALLOWED),
        "moderators:review_note": everyone(NOT_ALLOWED),
        "moderators:review_vote": everyone(NOT_ALLOWED),
    }
)


def recruitment_url(name: str, team) -> str:
    """An open opening of the team's channel with a question, applied to by someone who is
    none of the matrix's actors; built once per team through the services."""
    if not hasattr(team, "recruitment"):
        opening = make_opening(team.channel, questions=TWO_QUESTIONS)
        applicant = UserFactory(username="applicant")
        application = application_submit(
            opening=opening, applicant=applicant, answers=answers_for(opening)
        )
        team.recruitment = (opening, opening.questions.first(), application)
    opening, question, application = team.recruitment
    short = name.split(":")[-1]
    slug = team.channel.slug
    if short in ("board", "my_applications"):
        return reverse(name)
    if short in ("opening_detail", "apply"):
        return reverse(name, kwargs={"pk": opening.pk})
    if short == "application_withdraw":
        return reverse(name, kwargs={"pk": application.pk})
    if short == "review":
        return reverse(name, kwargs={"slug": slug})
    if short.startswith("review_"):
        return reverse(name, kwargs={"slug": slug, "pk": application.pk})
    if short in ("team_openings", "opening_create"):
        return reverse(name, kwargs={"slug": slug})
    if short.startswith("question_") and short != "question_add":
        return reverse(name, kwargs={"slug": slug, "pk": opening.pk, "question_pk": question.pk})
    return reverse(name, kwargs={"slug": slug, "pk": opening.pk})


# Training resources (issue 15): resources.urls. The objects come from resources_url() below:
# a shared file resource of the team's channel and an unshared checklist.
MATRIX.update(
    {
        "resources:community": everyone(OK),  # the community library is public (#32)
        "resources:community_detail": everyone(OK),
        "resources:community_file": everyone(OK),
        "resources:bookmark": signed_in(NOT_ALLOWED),
        "resources:report": signed_in(OK),
        "resources:add_to_channel": signed_in(OK),  # a form, or what to do without a channel
        "resources:library": private(),
        "resources:create": private(Capability.MANAGE_RESOURCES),
        "resources:progress": private(Capability.MANAGE_RESOURCES),
        "resources:detail": private(),
        "resources:edit": private(Capability.MANAGE_RESOURCES),
        "resources:delete": private(Capability.MANAGE_RESOURCES),
        "resources:file": private(),
        "resources:done": everyone(NOT_ALLOWED),
        "resources:share": private(Capability.MANAGE_RESOURCES),
        "resources:tick": everyone(NOT_ALLOWED),
    }
)


def resources_url(name: str, team) -> str:
    if not hasattr(team, "resources"):
        shared = make_training_resource(team.channel, kind="file", title="Chat diagram")
        resource_share(resource=shared, actor=team.owner)
        checklist = make_training_resource(team.channel, kind="checklist", title="First week")
        team.resources = (shared, checklist, checklist.items.first())
    shared, checklist, item = team.resources
    short = name.split(":")[-1]
    if short == "community":
        return reverse(name)
    if short in ("community_detail", "community_file", "bookmark", "report", "add_to_channel"):
        return reverse(name, kwargs={"pk": shared.pk})
    if short in ("library", "create", "progress"):
        return reverse(name, kwargs={"slug": team.channel.slug})
    if short == "tick":
        return reverse(
            name, kwargs={"slug": team.channel.slug, "pk": checklist.pk, "item_pk": item.pk}
        )
    return reverse(name, kwargs={"slug": team.channel.slug, "pk": shared.pk})


# Twitch sync (issue 18): twitch.urls, on the team's channel linked to Twitch by twitch_url().
MATRIX.update(
    {
        "twitch:sync": private(Capability.MANAGE_TEAM),
        "twitch:link": everyone(NOT_ALLOWED),
        "twitch:unlink": private(owner_only=True),
        "twitch:roles": everyone(NOT_ALLOWED),
        "twitch:refresh": everyone(NOT_ALLOWED),
        "twitch:import": private(Capability.MANAGE_TEAM),
        "twitch:invite": everyone(NOT_ALLOWED),
        "twitch:retry": everyone(NOT_ALLOWED),
        "twitch:drift": everyone(NOT_ALLOWED),
        "twitch:join": {**signed_in(400)},  # a forged link gets a clear page
        "twitch:eventsub": everyone(NOT_ALLOWED),  # Twitch's webhook: POST, signed
    }
)


def twitch_url(name: str, team) -> str:
    """The channel linked to Twitch (owner's token), with a name on Twitch's list, a failed
    change and an open difference; built once per team, without calling Twitch."""
    if not hasattr(team, "twitch"):
        account = SocialAccount.objects.create(user=team.owner, provider="twitch", uid="1000")
        SocialToken.objects.create(account=account, token="matrix-token", token_secret="r")
        twitch_services.link_create(channel=team.channel, actor=team.owner)
        entry = TwitchListEntry.objects.create(
            channel=team.channel, twitch_user_id="2011", login="stranger", status="moderator"
        )
        change = TwitchChange.objects.create(
            channel=team.channel, label="x", to_status="vip", reason="roles", state="failed"
        )
        drift = TwitchDrift.objects.create(
            channel=team.channel, twitch_user_id="2011", login="stranger", actual_status="vip"
        )
        team.twitch = {"invite": entry.pk, "retry": change.pk, "drift": drift.pk}
    short = name.split(":")[-1]
    if short == "join":
        return reverse(name, kwargs={"token": "not-a-valid-token"})
    if short == "eventsub":
        return reverse(name)
    kwargs = {"slug": team.channel.slug}
    if short in team.twitch:
        kwargs["pk"] = team.twitch[short]
    if short == "drift":
        kwargs["how"] = "revert"
    return reverse(name, kwargs=kwargs)


# Community (issue 16): community.urls. The objects come from community_url() below.
MATRIX.update(
    {
        "community:directory": everyone(OK),
        "community:profile": everyone(OK),  # the moderator's profile
        "community:profile_edit": signed_in(OK),
        "community:invite": signed_in(OK),  # managers get the form, others say how to start
        "hub": signed_in(OK),
        "community:announcements": private(),
        "community:announcement_pin": everyone(NOT_ALLOWED),
        "community:announcement_delete": private(Capability.POST_ANNOUNCEMENTS),
        "team_health": private(Capability.MANAGE_TEAM),
    }
)


def community_url(name: str, team) -> str:
    if not hasattr(team, "announcement"):
        profile_update(user=team.moderator, actor=team.moderator, languages=["en"])
        team.announcement = announcement_post(
            channel=team.channel, actor=team.owner, title="Schedule", body="Streams move."
        )
    short = name.split(":")[-1]
    if short in ("directory", "profile_edit", "hub"):
        return reverse(name)
    if short in ("profile", "invite"):
        return reverse(name, kwargs={"username": team.moderator.username})
    if short in ("announcement_pin", "announcement_delete"):
        return reverse(name, kwargs={"slug": team.channel.slug, "pk": team.announcement.pk})
    return reverse(name, kwargs={"slug": team.channel.slug})


# Incident debriefs (issue 17): debriefs.urls. The objects come from debriefs_url() below: a
# debrief the moderator wrote of an incident involving norm 1, and one whose lessons are agreed.
MATRIX.update(
    {
        "debriefs:list": private(),
        "debriefs:create": private(Capability.WRITE_DEBRIEFS),
        "debriefs:detail": private(),
        "debriefs:comment": everyone(NOT_ALLOWED),
        # The author (the moderator) or a member who manages debriefs.
        "debriefs:lessons": {**private(), "trainee": FORBIDDEN},
        "debriefs:propose": everyone(NOT_ALLOWED),
        # Also the author or a debrief manager, who must manage the library too.
        "debriefs:case_study": private(Capability.MANAGE_RESOURCES),
        "debriefs:norm": private(),
    }
)


def debriefs_url(name: str, team) -> str:
    if not hasattr(team, "debriefs"):
        norms_url("norms:editor", team)  # version 1: "Be kind"
        written = debrief_create(
            channel=team.channel,
            actor=team.moderator,
            title="Raid",
            happened_at=timezone.now(),
            duration_minutes=5,
            context="Stream",
            what_happened="A raid.",
            norm_numbers=[1],
            actions=[{"moderator": team.moderator, "action": "ban"}],
        )
        agreed = debrief_create(
            channel=team.channel,
            actor=team.moderator,
            title="Spam wave",
            happened_at=timezone.now(),
            duration_minutes=5,
            context="Stream",
            what_happened="Spam.",
        )
        debrief_agree_lessons(debrief=agreed, actor=team.lead, summary="Slow mode sooner.")
        team.debriefs = (written, agreed)
    written, agreed = team.debriefs
    short = name.split(":")[-1]
    slug = team.channel.slug
    if short in ("list", "create"):
        return reverse(name, kwargs={"slug": slug})
    if short == "norm":
        return reverse(name, kwargs={"slug": slug, "pk": written.norm_links.get().norm_id})
    if short == "case_study":
        return reverse(name, kwargs={"slug": slug, "pk": agreed.pk})
    return reverse(name, kwargs={"slug": slug, "pk": written.pk})


# Third-party URL trees are covered by one row each (their own projects test the rest).
THIRD_PARTY = {
    "admin": {**everyone(LOGIN), "staff": OK},  # /admin/ index
    "allauth": {**everyone(LOGIN), "anonymous": OK},  # /accounts/login/ (signed in: redirects)
}


# Rows of the newer apps, one module each in tests/access/.
MATRIX.update(collected("MATRIX"))


def own_patterns(resolver=None, namespace=""):
    """Every named pattern of the site except the admin's and allauth's."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", "")
            if entry.namespace == "admin" or module.startswith("allauth"):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from own_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_has_a_row():
    missing = sorted(set(own_patterns()) - set(MATRIX))
    assert not missing, f"add these URL names to MATRIX: {missing}"


def url_for(name: str, team) -> str:
    plugged = first_answer("url", name, team)
    if plugged is not None:
        return plugged
    pattern_kwargs = {
        "member_row": {"pk": team.membership("trainee").pk},
        "member_roles": {"pk": team.membership("trainee").pk},
        "member_remove": {"pk": team.membership("trainee").pk},
        "role_edit": {"pk": role(team.channel, "Trainee").pk},
        "role_move": {"pk": role(team.channel, "Trainee").pk},
        "role_delete": {"pk": role(team.channel, "Trainee").pk},
    }
    if name.startswith("moderators:") and "invitation" in name:
        return invitation_url(name, team)
    if name.startswith("moderators:"):
        return recruitment_url(name, team)
    if name.startswith("resources:"):
        return resources_url(name, team)
    if name.startswith("twitch:"):
        return twitch_url(name, team)
    if name.startswith("norms:"):
        return norms_url(name, team)
    if name.startswith("community:") or name in ("hub", "team_health"):
        return community_url(name, team)
    if name.startswith("debriefs:"):
        return debriefs_url(name, team)
    short = name.split(":")[-1]
    if name.startswith("channels:") and short not in ("list", "create"):
        return reverse(name, kwargs={"slug": team.channel.slug, **pattern_kwargs.get(short, {})})
    if name in ("notifications:read", "notifications:open"):
        return reverse(name, kwargs={"pk": 2**40})
    if name == "media":
        return reverse(name, kwargs={"path": "channels/avatars/missing.png"})
    if name == "notifications:unsubscribe":
        return reverse(name, kwargs={"token": "not-a-valid-token"})
    return reverse(name)


def client_for(client, team, actor):
    if actor != "anonymous":
        client.force_login(team.user(actor))
    return client


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_get_matrix(client, team, name):
    url = url_for(name, team)
    seen = {}
    for actor in ACTORS:
        client.logout()
        seen[actor] = client_for(client, team, actor).get(url).status_code
    assert seen == MATRIX[name], url


def test_third_party_roots(client, team):
    for actor in ACTORS:
        client.logout()
        c = client_for(client, team, actor)
        assert c.get("/admin/").status_code == THIRD_PARTY["admin"][actor], actor
        assert c.get("/accounts/login/").status_code == THIRD_PARTY["allauth"][actor], actor


def test_private_404_is_the_same_as_a_missing_channel(client, team):
    client.force_login(team.outsider)
    private_page = client.get(reverse("channels:team", kwargs={"slug": "nova"}))
    missing = client.get(reverse("channels:team", kwargs={"slug": "no-such-channel"}))
    assert private_page.status_code == missing.status_code == 404

    def body(response):
        return re.sub(
            r'("X-CSRFToken": |name="csrfmiddlewaretoken" value=)"[^"]*"',
            "",
            response.content.decode(),
        )

    assert body(private_page) == body(missing)


def fingerprint():
    """Every row of every table (tests/fingerprint.py), but the sessions a sign-in writes."""
    return database_fingerprint(exclude={"django_session"})


def write_requests(team):
    trainee = team.membership("trainee").pk
    trainee_role = role(team.channel, "Trainee").pk
    moderator_role = role(team.channel, "Moderator").pk
    slug = team.channel.slug
    return [
        (
            Capability.MANAGE_CHANNEL,
            reverse("channels:settings", args=[slug]),
            {
                "name": "Hacked",
                "platform": "twitch",
                "platform_url": "https://twitch.tv/x",
                "time_zone": "UTC",
                "visibility": "unlisted",
            },
        ),
        ("owner", reverse("channels:transfer", args=[slug]), {"member": trainee, "confirm": slug}),
        ("owner", reverse("channels:archive", args=[slug]), {}),
        (
            Capability.MANAGE_TEAM,
            reverse("moderators:invitation_send", args=[slug]),
            {"username": "outsider", "roles": [moderator_role]},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("moderators:invitation_resend", args=[slug, team_invitation(team).pk]),
            {},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("moderators:invitation_revoke", args=[slug, team_invitation(team).pk]),
            {},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("channels:member_roles", args=[slug, trainee]),
            {"roles": [moderator_role]},
        ),
        (
            Capability.MANAGE_TEAM,
            reverse("channels:member_remove", args=[slug, trainee]),
            {"reason": "bye"},
        ),
        (
            Capability.MANAGE_ROLES,
            reverse("channels:role_create", args=[slug]),
            {"name": "New", "colour": "#123456", "capabilities": ["can_manage_team"]},
        ),
        (
            Capability.MANAGE_ROLES,
            reverse("channels:role_template", args=[slug]),
            {"template": "safety"},
        ),
        (
            Capability.MANAGE_ROLES,
            reverse("channels:role_edit", args=[slug, trainee_role]),
            {"name": "Renamed", "colour": "#123456"},
        ),
        (
            Capability.MANAGE_ROLES,
            reverse("channels:role_move", args=[slug, trainee_role]),
            {"direction": "up"},
        ),
        (Capability.MANAGE_ROLES, reverse("channels:role_delete", args=[slug, trainee_role]), {}),
        *all_write_requests(team),
    ]


@pytest.mark.parametrize("actor", ACTORS)
def test_writes_by_those_without_the_capability_change_nothing(client, team, actor):
    client_for(client, team, actor)
    for needed, url, data in write_requests(team):
        if may(actor, needed):
            continue
        before = fingerprint()
        response = client.post(url, data)
        expected = LOGIN if actor == "anonymous" else FORBIDDEN if actor in ROLE_OF else NOT_FOUND
        assert response.status_code == expected, (actor, url)
        assert fingerprint() == before, (actor, url)


def test_ids_of_another_channel_are_404(client, team):
    client.force_login(team.owner)
    other_member = (
        Membership.objects.for_channel(team.other_channel).filter(is_owner=False).first().pk
    )
    other_role = role(team.other_channel, "Moderator").pk
    before = fingerprint()
    slug = team.channel.slug
    for name, pk in [
        ("member_row", other_member),
        ("member_roles", other_member),
        ("member_remove", other_member),
        ("role_edit", other_role),
        ("role_move", other_role),
        ("role_delete", other_role),
    ]:
        url = reverse(f"channels:{name}", args=[slug, pk])
        assert client.get(url).status_code == (405 if name == "role_move" else 404), url
        data = {"reason": "x", "direction": "up", "name": "x", "colour": "#000000"}
        assert client.post(url, data).status_code == (405 if name == "member_row" else 404), url
    # A role id of another channel in a form is just an invalid choice.
    trainee = team.membership("trainee").pk
    response = client.post(
        reverse("channels:member_roles", args=[slug, trainee]), {"roles": [other_role]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert fingerprint() == before


def test_huge_and_odd_ids_are_404(client, team):
    """Django 5 answers an out-of-range integer lookup with no rows: get_object_or_404 gives
    404 without a hand-written range check."""
    client.force_login(team.owner)
    for url in [
        "/c/nova/team/99999999999999999999999/roles/",
        "/c/nova/roles/-1/edit/",
        "/c/nova/roles/9223372036854775808/edit/",
        "/c/no%00pe/team/",
        "/c/nova/team/1e9/roles/",
    ]:
        assert client.get(url).status_code == 404, url
    before = fingerprint()
    for url in [
        "/c/nova/team/99999999999999999999999/remove/",
        "/c/nova/roles/9223372036854775808/delete/",
        "/c/nova/roles/9223372036854775808/move/",
    ]:
        assert client.post(url, {"reason": "x", "direction": "up"}).status_code == 404, url
    assert fingerprint() == before


def test_odd_page_numbers_get_a_real_page(client, team):
    client.force_login(team.owner)
    for url in (reverse("channels:list"), reverse("channels:audit", args=["nova"])):
        for page in ("-3", "0", "abc", "9" * 30, "", "2.5"):
            response = client.get(url, {"page": page})
            assert response.status_code == 200, (url, page)
            assert "Nova Streams" in response.content.decode(), (url, page)


def test_suspended_channel_team_area_is_read_only(client, team):
    team_invitation(team)
    channel_suspend(channel=team.channel, actor=team.staff, reason="Abuse reports under review")
    client.force_login(team.owner)
    page = client.get(reverse("channels:team", args=["nova"]))
    assert page.status_code == 200
    assert "suspended by the platform" in page.content.decode()
    assert "Add to team" not in page.content.decode()
    before = fingerprint()
    for _, url, data in write_requests(team):
        response = client.post(url, data)
        if url.endswith("/archive/"):
            # Not a write=True view (restoring must work on an archive): the service refuses.
            assert response.status_code == 302, url
        else:
            assert response.status_code == 403, url
    for url, data in [
        (reverse("channels:member_listing", args=["nova"]), {"listed": "0"}),
        (reverse("channels:role_template", args=["nova"]), {"template": "events"}),
        (reverse("channels:role_move", args=["nova", role(team.channel, "Trainee").pk]), {}),
    ]:
        assert client.post(url, data).status_code == 403, url
    assert fingerprint() == before
    public = client.get(reverse("channels:detail", args=["nova"])).content.decode()
    assert "Abuse reports under review" in public


# POST of every pattern whose GET answers 405: the permission outcome for each actor.


POST_MATRIX = {
    "channels:member_listing": post_private(),
    "channels:role_template": post_private(Capability.MANAGE_ROLES),
    "channels:role_move": post_private(Capability.MANAGE_ROLES),
    "notifications:read_all": signed_in(DONE),
    "notifications:read": signed_in(NOT_FOUND),  # someone else's or a missing notification
    "moderators:question_add": post_private(Capability.REVIEW_APPLICATIONS),
    "moderators:question_move": post_private(Capability.REVIEW_APPLICATIONS),
    "moderators:invitation_send": post_private(Capability.MANAGE_TEAM),
    "moderators:invitation_resend": post_private(Capability.MANAGE_TEAM),
    "moderators:invitation_accept": signed_in(NOT_FOUND),  # someone else's invitation
}
# Twitch sync (issue 18): the service refusing (not linked again, no portal account) still
# answers with a redirect and a message, so those count as done.
POST_MATRIX.update(
    {
        "twitch:link": {**post_private(), **dict.fromkeys(ROLE_OF, FORBIDDEN)},
        "twitch:roles": post_private(Capability.MANAGE_TEAM),
        "twitch:refresh": post_private(Capability.MANAGE_TEAM),
        "twitch:invite": post_private(Capability.MANAGE_TEAM),
        "twitch:retry": post_private(Capability.MANAGE_TEAM),
        "twitch:drift": post_private(Capability.MANAGE_TEAM),
        "twitch:eventsub": everyone(NOT_FOUND),  # no TWITCH_EVENTSUB_SECRET: no endpoint
    }
)
# The review pipeline (issue 13).
POST_MATRIX.update(
    {
        "moderators:review_move": post_private(Capability.REVIEW_APPLICATIONS),
        "moderators:review_note": post_private(Capability.REVIEW_APPLICATIONS),
        "moderators:review_vote": post_private(Capability.REVIEW_APPLICATIONS),
    }
)

# Training resources (issue 15).
POST_MATRIX.update(
    {
        "resources:bookmark": signed_in(DONE),
        "resources:done": post_private(),
        "resources:tick": post_private(),
    }
)
# Norms (issue 14).
POST_MATRIX.update(
    {
        "norms:norm_move": post_private(Capability.MANAGE_NORMS),
        "norms:comment_add": post_private(Capability.MANAGE_NORMS),
        "norms:template_copy": post_private(Capability.MANAGE_NORMS),
        "norms:acknowledge": post_private(),
    }
)


# Community (issue 16).
POST_MATRIX.update({"community:announcement_pin": post_private(Capability.POST_ANNOUNCEMENTS)})


# Incident debriefs (issue 17).
POST_MATRIX.update(
    {
        "debriefs:comment": post_private(),
        "debriefs:propose": post_private(Capability.MANAGE_NORMS),
    }
)

POST_MATRIX.update(collected("POST_MATRIX"))  # tests/access/<app>.py


def post_data(name: str, team) -> dict:
    plugged = first_answer("post_data", name, team)
    if plugged is not None:
        return plugged
    if name == "debriefs:propose":
        return {"norm": debriefs_url(name, team) and team.debriefs[0].norm_links.get().norm_id}
    return {
        "moderators:invitation_send": {
            "username": "newcomer",
            "roles": [role(team.channel, "Trainee").pk],
            "message": "Welcome aboard?",
        },
        "channels:member_listing": {"listed": "0"},
        "channels:role_template": {"template": "community"},
        "channels:role_move": {"direction": "up"},
        "moderators:question_add": {
            "prompt": "Which games do you know well?",
            "kind": "short_text",
        },
        "moderators:question_move": {"direction": "down"},
        "moderators:review_move": {"to_state": "in_review"},
        "moderators:review_note": {"body": "A note for the team"},
        "moderators:review_vote": {"choice": "for"},
        "norms:norm_move": {"direction": "up"},
        "norms:comment_add": {"body": "Should this cover emotes too?"},
        "norms:acknowledge": {"number": 1},
        "debriefs:comment": {"body": "What about slow mode?"},
        "community:announcement_pin": {"pinned": "1"},
    }.get(name, {})


def outcome(response):
    if response.status_code == 302:
        return LOGIN if "/accounts/login/" in response["Location"] else DONE
    return response.status_code


def test_every_post_only_pattern_has_a_post_row():
    post_only = {name for name, row in MATRIX.items() if NOT_ALLOWED in row.values()}
    assert post_only == set(POST_MATRIX)


def notifications_fingerprint():
    return sorted(Notification.objects.values_list("id", "recipient_id", "state", "read_at"))


@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_matrix(client, team, name):
    UserFactory(username="newcomer")
    url = url_for(name, team)
    seen = {}
    for actor in ACTORS:
        client.logout()
        client_for(client, team, actor)
        before = (fingerprint(), notifications_fingerprint())
        # Each actor acts alone: a savepoint undoes an allowed write before the next actor.
        with transaction.atomic():
            seen[actor] = outcome(client.post(url, post_data(name, team)))
            after = (fingerprint(), notifications_fingerprint())
            if seen[actor] != DONE:
                assert after == before, f"{actor} was refused but {url} changed something"
            elif name.startswith(
                ("channels:", "moderators:", "norms:", "debriefs:", *changing_prefixes())
            ) and (
                name != "norms:acknowledge" or actor != "owner"  # the publisher acknowledged
            ):
                assert after != before, f"{actor} was allowed but {url} changed nothing"
            transaction.set_rollback(True)
    assert seen == POST_MATRIX[name], url
