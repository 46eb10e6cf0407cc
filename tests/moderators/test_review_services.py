"""The review pipeline's services: state before and after, audit rows, outbox rows, who may act."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent, Capability, Membership
from channels.services import (
    channel_archive,
    channel_suspend,
    role_update,
)
from integrations.models import ChannelEvent
from moderators import selectors, services
from moderators.models import (
    Application,
    ApplicationMove,
    ApplicationNote,
    ApplicationState,
    ApplicationTrial,
    ApplicationVote,
    VoteChoice,
)
from moderators.tasks import trial_reminders
from portal.notifications.models import Notification
from tests.factories import UserFactory, add_member, role

from .factories import TWO_QUESTIONS, answers_for, make_opening

pytestmark = pytest.mark.django_db

S = ApplicationState


@pytest.fixture
def application(team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    applicant = UserFactory(username="applicant")
    return services.application_submit(
        opening=opening, applicant=applicant, answers=answers_for(opening), message="Hi!"
    )


def actions(channel) -> list[str]:
    return list(
        AuditEvent.objects.for_channel(channel).order_by("id").values_list("action", flat=True)
    )


def roles_of(channel, user) -> list[str]:
    membership = Membership.objects.get(channel=channel, user=user)
    return sorted(membership.roles.values_list("name", flat=True))


def inbox(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user).order_by("id").values_list("event", flat=True)
    )


def move(application, actor, to_state, **kwargs):
    return services.application_move(
        application=application, actor=actor, to_state=to_state, **kwargs
    )


def test_moving_to_review_is_audited_recorded_and_tells_the_applicant(team, application):
    before = actions(team.channel)
    moved = move(application, team.lead, S.IN_REVIEW)
    application.refresh_from_db()
    assert application.state == moved.state == S.IN_REVIEW
    assert application.decided_at is None
    assert actions(team.channel) == [*before, "application.moved"]
    assert list(ApplicationMove.objects.values_list("from_state", "to_state", "actor")) == [
        (S.SUBMITTED, S.IN_REVIEW, team.lead.pk)
    ]
    assert inbox(application.applicant) == ["application.moved"]


def test_trial_then_accept_gives_trainee_then_replaces_it_with_the_openings_role(team, application):
    applicant = application.applicant
    move(application, team.owner, S.IN_REVIEW)
    move(application, team.owner, S.TRIAL, message="Two weeks with us!")
    trial = ApplicationTrial.objects.get(application=application)
    assert trial.ends_on == timezone.localdate() + datetime.timedelta(days=14)
    assert roles_of(team.channel, applicant) == ["Trainee"]
    assert Membership.objects.get(channel=team.channel, user=applicant).added_by == team.owner
    move(application, team.lead, S.ACCEPTED, message="Welcome aboard")
    application.refresh_from_db()
    assert application.state == S.ACCEPTED and application.decided_at is not None
    assert roles_of(team.channel, applicant) == ["Moderator"]
    tail = actions(team.channel)[-5:]
    assert tail == [
        "application.moved",
        "membership.joined",
        "application.trial_started",
        "membership.roles_changed",
        "application.accepted",
    ]
    assert inbox(applicant) == [
        "application.moved",
        "application.trial_started",
        "application.accepted",
    ]
    accepted = Notification.objects.get(recipient=applicant, event="application.accepted")
    assert accepted.context["welcome"] == "Welcome aboard" and "reason" not in accepted.context


@pytest.mark.parametrize(
    "to_state, message, label, not_label",
    [
        (S.ACCEPTED, "Welcome aboard!", "Welcome message: Welcome aboard!", "Reason:"),
        (S.DECLINED, "We need evening cover.", "Reason: We need evening cover.", "Welcome"),
    ],
)
def test_a_decision_email_labels_the_message_by_what_it_is(
    team, application, django_capture_on_commit_callbacks, to_state, message, label, not_label
):
    move(application, team.owner, S.IN_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(application, team.owner, to_state, message=message)
    [email] = [e for e in mail.outbox if e.to == [application.applicant.email]]
    html = email.alternatives[0][0]
    assert label in email.body and label in html
    assert not_label not in email.body and not_label not in html


def test_accepting_from_review_makes_a_member_with_the_openings_role(team, application):
    move(application, team.owner, S.IN_REVIEW)
    move(application, team.owner, S.ACCEPTED)
    assert roles_of(team.channel, application.applicant) == ["Moderator"]
    joined = AuditEvent.objects.for_channel(team.channel).filter(action="membership.joined")
    latest = joined.latest("id")
    assert latest.target_label == application.applicant.username
    assert latest.actor == team.owner and latest.after["via"] == "application"


def test_declining_after_a_trial_takes_the_trainee_role_back(team, application):
    move(application, team.owner, S.IN_REVIEW)
    move(application, team.owner, S.TRIAL)
    move(application, team.owner, S.DECLINED, message="<b>Not this time</b>")
    assert roles_of(team.channel, application.applicant) == []
    declined = Notification.objects.get(
        recipient=application.applicant, event="application.declined"
    )
    assert declined.context["reason"] == "<b>Not this time</b>"  # escaped wherever it is shown


@pytest.mark.parametrize(
    "path, refused",
    [
        ([], S.ACCEPTED),
        ([], S.TRIAL),
        ([], S.WITHDRAWN),
        ([], "bogus"),
        ([], None),
        ([S.DECLINED], S.IN_REVIEW),
        ([S.IN_REVIEW, S.ACCEPTED], S.DECLINED),
        ([S.IN_REVIEW, S.TRIAL], S.IN_REVIEW),
    ],
)
def test_only_offered_moves_are_allowed_and_refusals_change_nothing(
    team, application, path, refused
):
    for state in path:
        move(application, team.owner, state)
    before = (actions(team.channel), Notification.objects.count(), ApplicationMove.objects.count())
    state = Application.objects.get(pk=application.pk).state
    with pytest.raises(ValidationError) as error:
        move(application, team.owner, refused)
    assert "can't move there" in " ".join(error.value.messages)
    assert Application.objects.get(pk=application.pk).state == state
    assert (
        actions(team.channel),
        Notification.objects.count(),
        ApplicationMove.objects.count(),
    ) == before


def test_a_withdrawn_application_is_final(team, application):
    services.application_withdraw(application=application, actor=application.applicant)
    with pytest.raises(ValidationError):
        move(application, team.owner, S.IN_REVIEW)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"message": "x" * 2001},
        {"message": "a\x00b"},
        {"message": ["list"]},
        {"trial_ends_on": datetime.date(2000, 1, 1)},
        {"trial_ends_on": "2030-01-01"},
        {"trial_ends_on": timezone.localdate() + datetime.timedelta(days=365)},
    ],
)
def test_hostile_move_input_is_refused_with_nothing_changed(team, application, kwargs):
    move(application, team.owner, S.IN_REVIEW)
    before = (actions(team.channel), Membership.objects.count(), ApplicationTrial.objects.count())
    with pytest.raises(ValidationError):
        move(application, team.owner, S.TRIAL, **kwargs)
    assert Application.objects.get(pk=application.pk).state == S.IN_REVIEW
    assert (
        actions(team.channel),
        Membership.objects.count(),
        ApplicationTrial.objects.count(),
    ) == before


def test_a_trial_needs_a_role_without_capabilities(team, application):
    for name, new_name in (("Trainee", "Apprentice"), ("Moderator", "Moderator")):
        r = role(team.channel, name)
        role_update(
            role=r,
            actor=team.owner,
            name=new_name,
            description="",
            colour=r.colour,
            capabilities=[Capability.POST_ANNOUNCEMENTS],
        )
    move(application, team.owner, S.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        move(application, team.owner, S.TRIAL)
    assert "no Trainee role" in " ".join(error.value.messages)
    assert not Membership.objects.filter(user=application.applicant).exists()


def test_the_trainee_role_falls_back_to_the_lowest_role_without_capabilities(team):
    r = role(team.channel, "Trainee")
    role_update(
        role=r,
        actor=team.owner,
        name="Apprentice",
        description="",
        colour=r.colour,
        capabilities=[],
    )
    assert services.trainee_role(team.channel).name in {"Apprentice", "Moderator"}
    assert not services.trainee_role(team.channel).capabilities()


def test_nobody_reviews_their_own_application(team, application):
    applicant = application.applicant
    add_member(team.channel, user=applicant, roles=["Lead Moderator"])
    before = actions(team.channel)
    for call in (
        lambda: move(application, applicant, S.IN_REVIEW),
        lambda: services.application_note_add(application=application, actor=applicant, body="me!"),
        lambda: services.application_vote(application=application, actor=applicant, choice="for"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert actions(team.channel) == before
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED


def test_notes_form_a_thread_and_hostile_notes_are_refused(team, application):
    services.application_note_add(application=application, actor=team.owner, body=" First ")
    services.application_note_add(application=application, actor=team.lead, body="Second")
    assert list(ApplicationNote.objects.values_list("author__username", "body")) == [
        ("owner", "First"),
        ("lead", "Second"),
    ]
    assert actions(team.channel).count("application.note_added") == 2
    for body in ("", "   ", "x" * 5001, "a\x00b", None):
        with pytest.raises(ValidationError):
            services.application_note_add(application=application, actor=team.owner, body=body)
    assert ApplicationNote.objects.count() == 2
    assert Notification.objects.filter(recipient=application.applicant).count() == 0


def test_one_changeable_vote_per_reviewer_with_a_tally(team, application):
    services.application_vote(application=application, actor=team.owner, choice="for")
    services.application_vote(application=application, actor=team.lead, choice="against")
    services.application_vote(application=application, actor=team.lead, choice="for")
    services.application_vote(application=application, actor=team.lead, choice="for")
    assert sorted(ApplicationVote.objects.values_list("voter__username", "choice")) == [
        ("lead", VoteChoice.FOR),
        ("owner", VoteChoice.FOR),
    ]
    assert actions(team.channel).count("application.voted") == 3  # the repeat changed nothing
    row = selectors.review_row(channel=team.channel, pk=application.pk)
    assert (row.votes_for, row.votes_against, row.votes_unsure) == (2, 0, 0)
    for choice in ("maybe", "", None, ["for"]):
        with pytest.raises(ValidationError):
            services.application_vote(application=application, actor=team.owner, choice=choice)
    assert ApplicationVote.objects.count() == 2


def test_votes_close_when_the_application_is_decided(team, application):
    move(application, team.owner, S.DECLINED)
    with pytest.raises(ValidationError):
        services.application_vote(application=application, actor=team.owner, choice="for")


@pytest.mark.parametrize("change", ["suspend", "archive"])
def test_a_read_only_channel_refuses_review(team, application, change):
    if change == "suspend":
        channel_suspend(channel=team.channel, actor=team.staff, reason="Abuse reports")
    else:
        channel_archive(channel=team.channel, actor=team.owner)
    before = actions(team.channel)
    for call in (
        lambda: move(application, team.owner, S.IN_REVIEW),
        lambda: services.application_note_add(application=application, actor=team.owner, body="n"),
        lambda: services.application_vote(application=application, actor=team.owner, choice="for"),
    ):
        with pytest.raises(ValidationError):
            call()
    assert actions(team.channel) == before


def test_trial_reminders_go_to_the_reviewers_once_when_the_trial_ends(team, application):
    move(application, team.owner, S.IN_REVIEW)
    move(application, team.owner, S.TRIAL)
    ends_on = ApplicationTrial.objects.get().ends_on
    assert services.trial_reminders_send(today=ends_on - datetime.timedelta(days=1)) == 0
    assert services.trial_reminders_send(today=ends_on) == 1
    assert services.trial_reminders_send(today=ends_on) == 0  # safe to run twice
    reminded = Notification.objects.filter(event="application.trial_ending")
    assert sorted(reminded.values_list("recipient__username", flat=True)) == ["lead", "owner"]
    assert ApplicationTrial.objects.get().reminded_at is not None
    # The domain event, once per trial: webhooks and the API's feed see it, at review level.
    ending = AuditEvent.objects.filter(action="application.trial_ending")
    assert list(ending.values_list("target_id", "actor_name", "after")) == [
        (application.pk, "system", {"trial_ends_on": ends_on.isoformat()})
    ]
    logged = ChannelEvent.objects.get(kind="application.trial_ending")
    assert (logged.channel_id, logged.level) == (team.channel.pk, "review")
    assert logged.payload["data"] == {"trial_ends_on": ends_on.isoformat()}


def test_the_task_runs_the_reminders(team, application):
    assert trial_reminders.apply().get() == 0


# Who may call the review services: tests/moderators/test_service_matrix.py.


def review_calls(application):
    return {
        "application_move": lambda actor: services.application_move(
            application=application, actor=actor, to_state=S.IN_REVIEW
        ),
        "application_note_add": lambda actor: services.application_note_add(
            application=application, actor=actor, body="A note"
        ),
        "application_vote": lambda actor: services.application_vote(
            application=application, actor=actor, choice="for"
        ),
    }


@pytest.mark.parametrize("actor", ["owner", "lead"])
@pytest.mark.parametrize("call", ["application_move", "application_note_add", "application_vote"])
def test_review_services_let_reviewers_act_with_an_audit_row(team, application, actor, call):
    before = AuditEvent.objects.for_channel(team.channel).count()
    review_calls(application)[call](team.user(actor))
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert AuditEvent.objects.for_channel(team.channel).count() == before + 1
    assert event.actor == team.user(actor)
    assert event.action.startswith("application.")


def test_an_inactive_reviewer_is_refused(team, application):
    team.lead.is_active = False
    with pytest.raises(PermissionDenied):
        move(application, team.lead, S.IN_REVIEW)
