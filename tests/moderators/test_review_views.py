"""The review pipeline's pages: list, detail, moves (plain POST and htmx), notes, votes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from channels.models import AuditEvent, Membership
from moderators import services
from moderators.models import (
    Application,
    ApplicationNote,
    ApplicationState,
    ApplicationVote,
)
from portal.notifications.models import Notification
from tests.factories import UserFactory, add_member, page_queries

from .factories import TWO_QUESTIONS, answers_for, make_opening

pytestmark = pytest.mark.django_db

S = ApplicationState
REVIEW_BUDGET = 12


@pytest.fixture
def opening(team):
    return make_opening(team.channel, questions=TWO_QUESTIONS)


@pytest.fixture
def application(opening):
    applicant = UserFactory(username="applicant")
    return services.application_submit(
        opening=opening,
        applicant=applicant,
        answers=answers_for(opening, Why="<script>alert(1)</script>"),
        message="Pick me",
    )


def url(name, application, **extra):
    return reverse(
        f"moderators:{name}", kwargs={"slug": application.channel.slug, "pk": application.pk}
    )


def review_url(team, query=""):
    return reverse("moderators:review", kwargs={"slug": team.channel.slug}) + query


def test_the_list_groups_by_state_filters_and_sorts(client, team, opening, application):
    other = services.application_submit(
        opening=opening, applicant=UserFactory(username="second"), answers=answers_for(opening)
    )
    services.application_move(application=other, actor=team.owner, to_state=S.IN_REVIEW)
    services.application_vote(application=application, actor=team.owner, choice="for")
    client.force_login(team.lead)
    page = client.get(review_url(team)).content.decode()
    assert "applicant" in page and "second" in page
    in_review = client.get(review_url(team, "?state=in_review")).content.decode()
    assert "@second" in in_review and "@applicant" not in in_review
    by_votes = client.get(review_url(team, "?sort=votes")).content.decode()
    assert by_votes.index("@applicant") < by_votes.index("@second")
    newest = client.get(review_url(team, "?sort=newest")).content.decode()
    assert newest.index("@second") < newest.index("@applicant")
    odd = client.get(review_url(team, "?state=nope&sort=%00&opening=99999999999999&page=x"))
    assert odd.status_code == 200
    other_opening = make_opening(team.channel, title="Other opening")
    filtered = client.get(review_url(team, f"?opening={other_opening.pk}")).content.decode()
    assert "@applicant" not in filtered


def test_the_detail_shows_answers_notes_and_votes_to_the_team_only(client, team, application):
    services.application_note_add(application=application, actor=team.owner, body="SECRET NOTE")
    services.application_vote(application=application, actor=team.owner, choice="against")
    client.force_login(team.lead)
    page = client.get(url("review_detail", application)).content.decode()
    assert "Why do you want to moderate here?" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "SECRET NOTE" in page and "1 against" in page and "Pick me" in page
    # The applicant sees their application, never the team's notes or votes.
    client.force_login(application.applicant)
    assert client.get(url("review_detail", application)).status_code == 404
    mine = client.get(reverse("moderators:my_applications")).content.decode()
    assert "SECRET NOTE" not in mine and "against" not in mine
    for notification in Notification.objects.filter(recipient=application.applicant):
        assert "SECRET" not in notification.summary


def test_a_plain_post_moves_and_redirects(client, team, application):
    client.force_login(team.owner)
    response = client.post(url("review_move", application), {"to_state": "in_review"})
    assert response.status_code == 302
    assert response["Location"] == url("review_detail", application)
    assert Application.objects.get(pk=application.pk).state == S.IN_REVIEW


def test_htmx_re_renders_the_card(client, team, application):
    client.force_login(team.owner)
    response = client.post(
        url("review_move", application),
        {"to_state": "declined", "message": "<b>Sorry</b>", "next": "list"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="application-{application.pk}"' in body and "Declined" in body
    # The state tabs' counts come along out of band.
    assert 'id="review-states" hx-swap-oob="true"' in body
    assert Application.objects.get(pk=application.pk).state == S.DECLINED
    notification = Notification.objects.get(recipient=application.applicant)
    assert notification.context["reason"] == "<b>Sorry</b>"
    client.force_login(application.applicant)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "<b>Sorry</b>" not in inbox


@pytest.mark.parametrize(
    "data",
    [
        {"to_state": "accepted"},  # not offered from submitted
        {"to_state": "bogus"},
        {"to_state": "in_review", "message": "a\x00b"},
        {"to_state": "in_review", "message": "x" * 2001},
        {},
    ],
)
def test_hostile_moves_get_a_message_and_change_nothing(client, team, application, data):
    client.force_login(team.owner)
    before = AuditEvent.objects.count()
    response = client.post(url("review_move", application), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED
    assert AuditEvent.objects.count() == before
    plain = client.post(url("review_move", application), data, follow=True)
    assert plain.status_code == 200
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED


def test_trial_end_date_comes_from_the_form(client, team, application):
    services.application_move(application=application, actor=team.owner, to_state=S.IN_REVIEW)
    client.force_login(team.owner)
    client.post(
        url("review_move", application), {"to_state": "trial", "trial_ends_on": "2099-01-01"}
    )
    assert Application.objects.get(pk=application.pk).state == S.IN_REVIEW  # too far away
    ends = timezone.localdate() + datetime.timedelta(days=7)
    client.post(url("review_move", application), {"to_state": "trial", "trial_ends_on": ends})
    application.refresh_from_db()
    assert application.state == S.TRIAL and application.trial.ends_on == ends
    assert Membership.objects.filter(user=application.applicant, channel=team.channel).exists()


def test_notes_and_votes_by_post(client, team, application):
    client.force_login(team.lead)
    assert client.post(url("review_note", application), {"body": "Looks good"}).status_code == 302
    assert client.post(url("review_vote", application), {"choice": "for"}).status_code == 302
    assert client.post(url("review_vote", application), {"choice": "unsure"}).status_code == 302
    assert list(ApplicationVote.objects.values_list("choice", flat=True)) == ["unsure"]
    for data in ({"body": ""}, {"body": "a\x00b"}, {"body": "x" * 5001}):
        assert client.post(url("review_note", application), data).status_code == 400
    assert client.post(url("review_vote", application), {"choice": "maybe"}).status_code == 400
    assert ApplicationNote.objects.count() == 1
    assert list(ApplicationVote.objects.values_list("choice", flat=True)) == ["unsure"]


def test_ids_of_another_channel_are_404(client, team, application):
    other_opening = make_opening(team.other_channel)
    foreign = services.application_submit(
        opening=other_opening, applicant=UserFactory(username="foreign"), answers={}
    )
    client.force_login(team.owner)
    for name in ("review_detail",):
        assert (
            client.get(
                url(name, application).replace(str(application.pk), str(foreign.pk))
            ).status_code
            == 404
        )
    for name in ("review_move", "review_note", "review_vote"):
        target = reverse(f"moderators:{name}", kwargs={"slug": "nova", "pk": foreign.pk})
        assert (
            client.post(target, {"to_state": "in_review", "body": "x", "choice": "for"}).status_code
            == 404
        )
    assert Application.objects.get(pk=foreign.pk).state == S.SUBMITTED


def review_queries(client, target) -> int:
    return page_queries(client, target)


def clone_applications(application, count):
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk{start + n}", email=f"bulk{start + n}@example.com")
        for n in range(count)
    )
    copies = Application.objects.bulk_create(
        Application(
            channel_id=application.channel_id,
            opening_id=application.opening_id,
            applicant=user,
            state=[S.SUBMITTED, S.IN_REVIEW, S.DECLINED][n % 3],
        )
        for n, user in enumerate(users)
    )
    ApplicationVote.objects.bulk_create(
        ApplicationVote(
            channel_id=application.channel_id,
            application=copy,
            voter_id=application.opening.created_by_id,
            choice="for",
        )
        for copy in copies[::2]
    )


def test_the_review_list_runs_a_fixed_number_of_queries(client, team, application):
    clone_applications(application, 9)
    client.force_login(team.lead)
    for query in ("", "?sort=votes", "?state=in_review", f"?opening={application.opening_id}"):
        target = review_url(team, query)
        small = review_queries(client, target)
        assert small <= REVIEW_BUDGET, query
        clone_applications(application, 330)
        assert review_queries(client, target) == small, query
    assert Application.objects.count() >= 1000


def test_the_detail_runs_a_fixed_number_of_queries(client, team, application):
    client.force_login(team.lead)
    small = review_queries(client, url("review_detail", application))
    for n in range(5):
        services.application_note_add(application=application, actor=team.owner, body=f"n{n}")
    services.application_vote(application=application, actor=team.owner, choice="for")
    services.application_vote(application=application, actor=team.lead, choice="for")
    services.application_move(application=application, actor=team.owner, to_state=S.IN_REVIEW)
    assert review_queries(client, url("review_detail", application)) == small


def test_the_applications_tab_shows_to_reviewers_only(client, team):
    client.force_login(team.lead)
    page = client.get(reverse("moderators:team_openings", kwargs={"slug": "nova"}))
    assert reverse("moderators:review", kwargs={"slug": "nova"}) in page.content.decode()
    client.force_login(team.moderator)
    page = client.get(reverse("moderators:team_openings", kwargs={"slug": "nova"}))
    assert reverse("moderators:review", kwargs={"slug": "nova"}) not in page.content.decode()


def test_the_applicant_sees_the_decision_message_but_no_notes_or_votes(client, team, application):
    services.application_note_add(application=application, actor=team.owner, body="TEAM ONLY")
    services.application_vote(application=application, actor=team.owner, choice="against")
    services.application_move(
        application=application,
        actor=team.owner,
        to_state=S.DECLINED,
        message="<script>x()</script> Thanks for applying",
    )
    client.force_login(application.applicant)
    page = client.get(reverse("moderators:my_applications")).content.decode()
    assert "Declined" in page
    assert "&lt;script&gt;x()&lt;/script&gt; Thanks for applying" in page
    assert "<script>x()" not in page and "TEAM ONLY" not in page and "against" not in page


def test_my_applications_queries_do_not_grow_with_moves(client, team, application):
    client.force_login(application.applicant)
    target = reverse("moderators:my_applications")
    small = review_queries(client, target)
    services.application_move(
        application=application, actor=team.owner, to_state=S.IN_REVIEW, message="Looking"
    )
    services.application_move(
        application=application, actor=team.owner, to_state=S.TRIAL, message="Trial!"
    )
    assert review_queries(client, target) == small


def test_an_applicant_who_joined_the_team_never_reads_notes_or_votes_on_themself(
    client, team, application
):
    services.application_note_add(application=application, actor=team.owner, body="TEAM ONLY")
    services.application_vote(application=application, actor=team.owner, choice="against")
    add_member(team.channel, user=application.applicant, roles=["Lead Moderator"])
    client.force_login(application.applicant)
    detail = client.get(url("review_detail", application)).content.decode()
    assert "This is your own application" in detail
    assert "TEAM ONLY" not in detail and "1 against" not in detail
    listing = client.get(review_url(team)).content.decode()
    assert "@applicant" in listing and "1 against" not in listing
    assert client.post(url("review_note", application), {"body": "me"}).status_code == 403
    assert client.post(url("review_vote", application), {"choice": "for"}).status_code == 403
    assert (
        client.post(url("review_move", application), {"to_state": "in_review"}).status_code == 403
    )
