"""Every public recruitment service (moderators.services) × every kind of actor, called
directly (tests/service_matrix.py). The personal actors: "applicant" has applied to the open
opening; "invitee" holds a pending invitation. Adding a public function to
moderators.services without a row (or a NOT_ACTIONS entry) fails
`test_every_service_has_a_row`."""

import pytest
from django.core.exceptions import ValidationError

from moderators import services
from moderators.models import ApplicationState, Invitation, OpeningQuestion
from moderators.services import invitations
from tests.factories import UserFactory, role
from tests.moderators.factories import TWO_QUESTIONS, answers_for, make_opening
from tests.service_matrix import (
    ACTORS,
    MEMBERS,
    Row,
    assert_refused,
    check_rows,
    run_row,
    world_fixture,
)

pytestmark = pytest.mark.django_db

MATRIX_ACTORS = (*ACTORS, "applicant", "invitee")
REVIEWERS = {"lead", "owner"}  # can_review_applications
MANAGERS = {"lead", "owner"}  # can_manage_team

NOT_ACTIONS = {
    "refusal_reason": "a read: why this user may not apply",
    "allowed_moves": "a rule: the states an application may move to",
    "trainee_role": "a read: the channel's trainee role",
    "trial_reminders_send": "a scheduled step (Celery beat), no person acts",
    "invitations_expire": "a scheduled step (Celery beat), no person acts",
    "invitation_expire": (
        "the sweep's step, also run by invitation_create on an invitation it found expired"
    ),
    "register_invitee_check": "a registration made at start-up",
}


def _build(world):
    channel, owner = world.channel, world.actor("owner")
    opening = make_opening(channel, actor=owner, questions=TWO_QUESTIONS)
    world.add("opening", opening)
    world.add("question", OpeningQuestion.objects.filter(opening=opening).order_by("position")[1])
    applicant = UserFactory(username="applicant")
    world.add_user("applicant", applicant)
    application = services.application_submit(
        opening=opening, applicant=applicant, answers=answers_for(opening)
    )
    world.add("application", application)
    invitee = UserFactory(username="invitee")
    world.add_user("invitee", invitee)
    invitation = invitations.invitation_create(
        channel=channel, actor=owner, roles=[role(channel, "Trainee")], username="invitee"
    )
    world.add("invitation", invitation)
    world.add_user("newcomer", UserFactory(username="newcomer"))


world = world_fixture(_build)


def _question_fields():
    return {"prompt": "Which games do you know?", "kind": "short_text"}


def _to_review(w):
    services.application_move(
        application=w.get("application"), actor=w.actor("owner"), to_state="in_review"
    )


ROWS = {
    "opening_create": Row(
        lambda w, a: services.opening_create(
            channel=w.channel, actor=a, title="Events helper", role=role(w.channel, "Trainee")
        ),
        ok=REVIEWERS,
    ),
    "opening_update": Row(
        lambda w, a: services.opening_update(opening=w.get("opening"), actor=a, title="Renamed"),
        ok=REVIEWERS,
    ),
    "opening_open": Row(
        lambda w, a: services.opening_open(opening=w.get("draft"), actor=a),
        ok=REVIEWERS,
        setup=lambda w: w.add(
            "draft",
            make_opening(w.channel, actor=w.actor("owner"), title="Draft", open_it=False),
        ),
    ),
    "opening_close": Row(
        lambda w, a: services.opening_close(opening=w.get("opening"), actor=a), ok=REVIEWERS
    ),
    "question_add": Row(
        lambda w, a: services.question_add(opening=w.get("opening"), actor=a, **_question_fields()),
        ok=REVIEWERS,
    ),
    "question_update": Row(
        lambda w, a: services.question_update(
            question=w.get("question"),
            actor=a,
            prompt="Which evenings?",
            kind="multiple_choice",
            choices=["Monday", "Friday"],
        ),
        ok=REVIEWERS,
    ),
    "question_delete": Row(
        lambda w, a: services.question_delete(question=w.get("question"), actor=a), ok=REVIEWERS
    ),
    "question_move": Row(
        lambda w, a: services.question_move(question=w.get("question"), actor=a, direction="up"),
        ok=REVIEWERS,
    ),
    # Anyone signed in who is not on the team applies, once.
    "application_submit": Row(
        lambda w, a: services.application_submit(
            opening=w.get("opening"), applicant=a, answers=answers_for(w.get("opening"))
        ),
        ok={"outsider", "other_member", "other_owner", "staff", "admin", "invitee"},
        invalid=MEMBERS | {"applicant"},
    ),
    # Personal: only the applicant withdraws.
    "application_withdraw": Row(
        lambda w, a: services.application_withdraw(application=w.get("application"), actor=a),
        ok={"applicant"},
    ),
    "application_move": Row(
        lambda w, a: services.application_move(
            application=w.get("application"), actor=a, to_state=ApplicationState.IN_REVIEW
        ),
        ok=REVIEWERS,
    ),
    "application_note_add": Row(
        lambda w, a: services.application_note_add(
            application=w.get("application"), actor=a, body="Solid answers."
        ),
        ok=REVIEWERS,
    ),
    "application_vote": Row(
        lambda w, a: services.application_vote(
            application=w.get("application"), actor=a, choice="for"
        ),
        ok=REVIEWERS,
        setup=_to_review,
    ),
    "invitation_create": Row(
        lambda w, a: invitations.invitation_create(
            channel=w.channel, actor=a, roles=[role(w.channel, "Trainee")], username="newcomer"
        ),
        ok=MANAGERS,
    ),
    # Personal: only the invited person answers their invitation.
    "invitation_accept": Row(
        lambda w, a: invitations.invitation_accept(invitation=w.get("invitation"), actor=a),
        ok={"invitee"},
    ),
    "invitation_decline": Row(
        lambda w, a: invitations.invitation_decline(invitation=w.get("invitation"), actor=a),
        ok={"invitee"},
    ),
    "invitation_revoke": Row(
        lambda w, a: invitations.invitation_revoke(invitation=w.get("invitation"), actor=a),
        ok=MANAGERS,
    ),
    "invitation_resend": Row(
        lambda w, a: invitations.invitation_resend(invitation=w.get("invitation"), actor=a),
        ok=MANAGERS,
    ),
}


def test_every_service_has_a_row():
    check_rows(services, ROWS, NOT_ACTIONS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_service_matrix(world, name):
    run_row(world, ROWS[name], MATRIX_ACTORS)


def test_the_world_is_what_the_rows_assume(world):
    assert Invitation.objects.get(pk=world.pk("invitation")).state == "pending"
    assert world.get("application").state == ApplicationState.SUBMITTED


def test_objects_of_another_channel_are_refused(world):
    owner, other_role = world.actor("owner"), role(world.other_channel, "Moderator")
    assert_refused(
        lambda: invitations.invitation_create(
            channel=world.channel, actor=owner, roles=[other_role], username="newcomer"
        ),
        ValidationError,
    )
    assert_refused(
        lambda: services.opening_create(
            channel=world.channel, actor=owner, title="Elsewhere", role=other_role
        ),
        ValidationError,
    )
