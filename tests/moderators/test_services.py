"""Recruitment services: state before and after, audit rows, outbox rows, and who may act."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from channels.models import AuditEvent
from channels.services import channel_archive, channel_suspend
from moderators import services
from moderators.audit import RecruitmentAction
from moderators.models import (
    Application,
    ApplicationAnswer,
    ApplicationState,
    Opening,
    OpeningLanguage,
    OpeningQuestion,
    OpeningState,
    QuestionKind,
)
from portal.notifications.models import Notification
from tests.factories import UserFactory, role

from .factories import TWO_QUESTIONS, answers_for, make_opening, owner_of

pytestmark = pytest.mark.django_db


def actions(channel) -> list[str]:
    return list(
        AuditEvent.objects.for_channel(channel).order_by("id").values_list("action", flat=True)
    )


# Openings


def test_owner_creates_a_draft_opening_with_languages_and_an_audit_row(team):
    before = AuditEvent.objects.for_channel(team.channel).count()
    opening = services.opening_create(
        channel=team.channel,
        actor=team.owner,
        title="  Evening chat moderator ",
        role=role(team.channel, "Moderator"),
        languages=["en", "de", "en"],
        time_zone="Europe/Berlin",
        hours="Tue and Thu evenings",
    )
    assert opening.state == OpeningState.DRAFT
    assert opening.title == "Evening chat moderator"
    assert opening.channel == team.channel
    assert sorted(
        OpeningLanguage.objects.filter(opening=opening).values_list("code", flat=True)
    ) == ["de", "en"]
    assert all(
        row.channel_id == team.channel.pk for row in OpeningLanguage.objects.filter(opening=opening)
    )
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert AuditEvent.objects.for_channel(team.channel).count() == before + 1
    assert event.action == RecruitmentAction.OPENING_CREATED == "opening.created"
    assert event.actor == team.owner
    assert event.after["title"] == "Evening chat moderator"
    assert event.after["languages"] == ["de", "en"]


def test_lead_may_manage_openings_but_moderators_and_outsiders_may_not(team):
    moderator_role = role(team.channel, "Moderator")
    opening = services.opening_create(
        channel=team.channel, actor=team.lead, title="Lead's opening", role=moderator_role
    )
    assert opening.created_by == team.lead
    for actor in (team.moderator, team.trainee, team.outsider, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            services.opening_create(
                channel=team.channel, actor=actor, title="Nope", role=moderator_role
            )
        with pytest.raises(PermissionDenied):
            services.opening_open(opening=opening, actor=actor)
        with pytest.raises(PermissionDenied):
            services.opening_update(opening=opening, actor=actor, title="Hacked")
        with pytest.raises(PermissionDenied):
            services.question_add(
                opening=opening, actor=actor, prompt="Hacked?", kind=QuestionKind.YES_NO
            )
    assert Opening.objects.for_channel(team.channel).count() == 1
    opening.refresh_from_db()
    assert (opening.title, opening.state) == ("Lead's opening", OpeningState.DRAFT)
    assert not OpeningQuestion.objects.filter(opening=opening).exists()


def test_a_role_of_another_channel_is_refused(team):
    with pytest.raises(ValidationError) as error:
        services.opening_create(
            channel=team.channel,
            actor=team.owner,
            title="Sneaky",
            role=role(team.other_channel, "Moderator"),
        )
    assert "role" in error.value.message_dict
    assert not Opening.objects.exists()


def test_open_and_close_are_audited_and_a_closed_opening_reopens(team):
    opening = make_opening(team.channel, open_it=False)
    opening = services.opening_open(opening=opening, actor=team.lead)
    assert opening.state == OpeningState.OPEN and opening.opened_at is not None
    opening = services.opening_close(opening=opening, actor=team.lead)
    assert opening.state == OpeningState.CLOSED and opening.closed_at is not None
    with pytest.raises(ValidationError):
        services.opening_close(opening=opening, actor=team.lead)
    opening = services.opening_open(opening=opening, actor=team.owner)
    assert opening.state == OpeningState.OPEN and opening.closed_at is None
    recent = actions(team.channel)
    assert recent[-3:] == ["opening.opened", "opening.closed", "opening.opened"]
    closed = AuditEvent.objects.for_channel(team.channel).get(action="opening.closed")
    assert (closed.before, closed.after) == ({"state": "open"}, {"state": "closed"})


def test_an_opening_past_its_closing_date_cannot_be_opened(team):
    yesterday = timezone.localdate() - timedelta(days=1)
    opening = make_opening(team.channel, open_it=False, closes_on=yesterday)
    with pytest.raises(ValidationError) as error:
        services.opening_open(opening=opening, actor=team.owner)
    assert "closes_on" in error.value.message_dict
    opening.refresh_from_db()
    assert opening.state == OpeningState.DRAFT


def test_an_applicant_limit_below_one_is_refused(team):
    with pytest.raises(ValidationError) as error:
        make_opening(team.channel, open_it=False, applicant_limit=0)
    assert "applicant_limit" in error.value.message_dict
    assert not Opening.objects.exists()


def test_update_audits_only_what_changed(team):
    opening = make_opening(team.channel, languages=["en"])
    count = AuditEvent.objects.for_channel(team.channel).count()
    services.opening_update(opening=opening, actor=team.owner, title="Chat moderator")
    assert AuditEvent.objects.for_channel(team.channel).count() == count
    services.opening_update(
        opening=opening, actor=team.owner, title="Night owl", languages=["fr", "en"]
    )
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert event.action == "opening.updated"
    assert event.before == {"title": "Chat moderator", "languages": ["en"]}
    assert event.after == {"title": "Night owl", "languages": ["en", "fr"]}
    opening.refresh_from_db()
    assert opening.language_codes() == ["en", "fr"]


def test_suspended_or_archived_channels_accept_no_opening_changes(team):
    opening = make_opening(team.channel, open_it=False)
    channel_suspend(channel=team.channel, actor=team.staff, reason="Under review")
    opening.channel.refresh_from_db()
    with pytest.raises(ValidationError):
        services.opening_open(opening=opening, actor=team.owner)
    other = make_opening(team.other_channel, open_it=False)
    channel_archive(channel=team.other_channel, actor=owner_of(team.other_channel))
    other.channel.refresh_from_db()
    with pytest.raises(ValidationError):
        services.opening_update(opening=other, actor=owner_of(team.other_channel), title="x")
    assert Opening.objects.get(pk=opening.pk).state == OpeningState.DRAFT


# Questions


def test_questions_are_added_in_order_moved_and_removed_with_audit(team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS, open_it=False)
    first, second = opening.questions.order_by("position")
    assert (first.position, second.position) == (0, 1)
    assert second.choices == ["Tuesday", "Thursday", "Saturday"]
    services.question_move(question=second, actor=team.lead, direction="up")
    assert list(opening.questions.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    services.question_move(question=second, actor=team.lead, direction="up")  # already first
    services.question_delete(question=first, actor=team.lead)
    assert list(opening.questions.values_list("pk", flat=True)) == [second.pk]
    assert actions(team.channel)[-5:] == [
        "opening.created",
        "opening.question_added",
        "opening.question_added",
        "opening.question_moved",
        "opening.question_removed",
    ]


@pytest.mark.parametrize(
    ("kind", "choices", "field"),
    [
        (QuestionKind.SINGLE_CHOICE, ["Only one"], "choices"),
        (QuestionKind.MULTIPLE_CHOICE, ["a", "a"], "choices"),
        (QuestionKind.SINGLE_CHOICE, ["x" * 101, "b"], "choices"),
        (QuestionKind.SINGLE_CHOICE, [f"c{i}" for i in range(21)], "choices"),
        ("essay", [], "kind"),
    ],
)
def test_bad_question_definitions_are_refused(team, kind, choices, field):
    opening = make_opening(team.channel, open_it=False)
    with pytest.raises(ValidationError) as error:
        services.question_add(
            opening=opening, actor=team.owner, prompt="Pick", kind=kind, choices=choices
        )
    assert field in error.value.message_dict
    assert not opening.questions.exists()


def test_text_questions_drop_choices_and_refuse_nul_bytes(team):
    opening = make_opening(team.channel, open_it=False)
    question = services.question_add(
        opening=opening, actor=team.owner, prompt="Name?", kind="short_text", choices=["x", "y"]
    )
    assert question.choices == []
    with pytest.raises(ValidationError):
        services.question_add(opening=opening, actor=team.owner, prompt="Bad\x00", kind="yes_no")


# Applications


@pytest.fixture
def opening(team):
    return make_opening(team.channel, questions=TWO_QUESTIONS, languages=["en"])


def test_an_application_stores_answers_audits_and_notifies_the_reviewers(
    team, opening, django_capture_on_commit_callbacks
):
    applicant = team.outsider
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            opening=opening,
            applicant=applicant,
            answers=answers_for(opening, Which=["Saturday", "Tuesday", "Saturday"]),
            message="Hello team!",
        )
    assert application.state == ApplicationState.SUBMITTED
    assert application.channel == team.channel
    answers = list(application.answers.order_by("position"))
    assert [a.question_text for a in answers] == [q["prompt"] for q in TWO_QUESTIONS]
    # Choices are stored once each, in the order the question offers them.
    assert answers[1].value == ["Tuesday", "Saturday"]
    assert all(a.channel_id == team.channel.pk for a in answers)
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert (event.action, event.actor) == ("application.submitted", applicant)
    # The owner and the lead review applications; moderators and trainees don't.
    rows = Notification.objects.filter(event="application.submitted")
    assert sorted(rows.values_list("recipient__username", flat=True)) == ["lead", "owner"]
    row = rows.first()
    assert row.actor == applicant and row.channel == team.channel
    assert row.summary == "Outsider applied to “Chat moderator” in Nova Streams."
    assert row.target_url == f"/c/nova/openings/{opening.pk}/"


def test_members_of_the_channel_cannot_apply(team, opening):
    for member in (team.owner, team.lead, team.trainee):
        with pytest.raises(ValidationError) as error:
            services.application_submit(
                opening=opening, applicant=member, answers=answers_for(opening)
            )
        assert "already on the team" in " ".join(error.value.messages)
    assert not Application.objects.exists()


def test_anonymous_and_inactive_users_cannot_apply(team, opening):
    inactive = UserFactory(username="gone", is_active=False)
    for applicant in (AnonymousUser(), inactive, None):
        with pytest.raises(PermissionDenied):
            services.application_submit(
                opening=opening, applicant=applicant, answers=answers_for(opening)
            )
    assert not Application.objects.exists()


def test_one_active_application_per_person_and_a_new_one_after_withdrawing(team, opening):
    first = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            opening=opening, applicant=team.outsider, answers=answers_for(opening)
        )
    assert "already applied" in " ".join(error.value.messages)
    assert Application.objects.count() == 1
    services.application_withdraw(application=first, actor=team.outsider)
    second = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    assert second.pk != first.pk
    assert list(Application.objects.order_by("id").values_list("state", flat=True)) == [
        "withdrawn",
        "submitted",
    ]


def test_the_database_refuses_a_second_active_application_even_past_the_service(team, opening):
    from django.db import IntegrityError, transaction

    services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(channel=team.channel, opening=opening, applicant=team.outsider)


def test_closed_past_date_and_full_openings_refuse_with_a_clear_message(team, opening):
    services.opening_close(opening=opening, actor=team.owner)
    with pytest.raises(ValidationError) as error:
        services.application_submit(
            opening=opening, applicant=team.outsider, answers=answers_for(opening)
        )
    assert "closed" in " ".join(error.value.messages)

    today = timezone.localdate()
    dated = make_opening(team.channel, title="Dated", closes_on=today)
    Opening.objects.filter(pk=dated.pk).update(closes_on=today - timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.application_submit(opening=dated, applicant=team.outsider, answers={})
    assert "closed on" in " ".join(error.value.messages)

    full = make_opening(team.channel, title="Tiny", applicant_limit=1)
    services.application_submit(opening=full, applicant=team.outsider, answers={})
    with pytest.raises(ValidationError) as error:
        services.application_submit(opening=full, applicant=team.other_member, answers={})
    assert "all the applicants" in " ".join(error.value.messages)
    assert Application.objects.filter(opening=full).count() == 1


def test_a_draft_opening_takes_no_applications(team):
    draft = make_opening(team.channel, open_it=False)
    with pytest.raises(ValidationError):
        services.application_submit(opening=draft, applicant=team.outsider, answers={})
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"Why": ""}, "Answer this question."),
        ({"Why": None}, "Answer this question."),
        ({"Why": "x" * 5001}, "Keep your answer under 5000 characters"),
        ({"Why": "nul\x00byte"}, "invisible control characters"),
        ({"Why": ["not", "text"]}, "Answer in text."),
        ({"Which": []}, "Choose at least one answer."),
        ({"Which": ["Sunday"]}, "Choose only answers that are offered."),
        ({"Which": "Tuesday"}, "Choose from the answers offered."),
    ],
)
def test_hostile_answers_are_refused_per_question(team, opening, override, message):
    answers = answers_for(opening, **override)
    with pytest.raises(ValidationError) as error:
        services.application_submit(opening=opening, applicant=team.outsider, answers=answers)
    text = " ".join(error.value.messages)
    assert message in text
    assert any(key.startswith("question_") for key in error.value.message_dict)
    assert not Application.objects.exists() and not ApplicationAnswer.objects.exists()


def test_single_choice_yes_no_and_short_text_rules(team):
    opening = make_opening(
        team.channel,
        questions=[
            {"prompt": "Age group", "kind": "single_choice", "choices": ["18-25", "26+"]},
            {"prompt": "Over 18?", "kind": "yes_no"},
            {"prompt": "Discord name", "kind": "short_text", "required": False},
        ],
    )
    q_choice, q_yes, q_short = opening.questions.order_by("position")
    bad = [
        {q_choice.pk: "17", q_yes.pk: True},
        {q_choice.pk: "26+", q_yes.pk: "yes"},
        {q_choice.pk: "26+", q_yes.pk: None},
        {q_choice.pk: "26+", q_yes.pk: True, q_short.pk: "x" * 201},
        {q_choice.pk: "26+", q_yes.pk: True, 2**40: "an unasked question"},
    ]
    for answers in bad:
        with pytest.raises(ValidationError):
            services.application_submit(opening=opening, applicant=team.outsider, answers=answers)
    assert not Application.objects.exists()
    application = services.application_submit(
        opening=opening, applicant=team.outsider, answers={q_choice.pk: "26+", q_yes.pk: False}
    )
    values = list(application.answers.order_by("position").values_list("value", flat=True))
    assert values == ["26+", False, ""]


def test_message_limits(team, opening):
    for message in ("x" * 5001, "hi\x00"):
        with pytest.raises(ValidationError) as error:
            services.application_submit(
                opening=opening,
                applicant=team.outsider,
                answers=answers_for(opening),
                message=message,
            )
        assert "message" in error.value.message_dict
    assert not Application.objects.exists()


def test_answers_keep_the_question_text_after_the_question_is_edited_or_deleted(team, opening):
    application = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    why, which = opening.questions.order_by("position")
    services.question_update(
        question=why, actor=team.owner, prompt="Tell us about yourself", kind="long_text"
    )
    services.question_delete(question=which, actor=team.owner)
    answers = list(application.answers.order_by("position"))
    assert [a.question_text for a in answers] == [q["prompt"] for q in TWO_QUESTIONS]
    assert answers[0].question_id == why.pk
    assert answers[1].question_id is None
    assert answers[1].display() == "Tuesday"
    edited = AuditEvent.objects.for_channel(team.channel).get(action="opening.question_updated")
    assert edited.before == {"prompt": TWO_QUESTIONS[0]["prompt"]}


def test_applications_are_rate_limited_per_person(team):
    openings = [
        make_opening(team.channel, title=f"Opening {n}")
        for n in range(services.APPLICATIONS_PER_HOUR + 1)
    ]
    for opening in openings[:-1]:
        services.application_submit(opening=opening, applicant=team.outsider, answers={})
    with pytest.raises(ValidationError) as error:
        services.application_submit(opening=openings[-1], applicant=team.outsider, answers={})
    assert "many applications" in " ".join(error.value.messages)
    assert Application.objects.count() == services.APPLICATIONS_PER_HOUR
    # Someone else is not held back by the first person's limit.
    services.application_submit(opening=openings[-1], applicant=team.other_member, answers={})


def test_invalid_attempts_do_not_use_up_the_rate_limit(team, opening):
    for _attempt in range(services.APPLICATIONS_PER_HOUR + 2):
        with pytest.raises(ValidationError):
            services.application_submit(
                opening=opening, applicant=team.outsider, answers=answers_for(opening, Why="")
            )
    services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )


def test_only_the_applicant_withdraws_and_the_team_is_told(
    team, opening, django_capture_on_commit_callbacks
):
    application = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    for actor in (team.owner, team.lead, team.other_member, team.staff):
        with pytest.raises(PermissionDenied):
            services.application_withdraw(application=application, actor=actor)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.application_withdraw(application=application, actor=team.outsider)
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.withdrawn_at is not None
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert (event.action, event.before, event.after) == (
        "application.withdrawn",
        {"state": "submitted"},
        {"state": "withdrawn"},
    )
    told = Notification.objects.filter(event="application.withdrawn")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["lead", "owner"]
    # Withdrawing twice changes nothing more.
    count = AuditEvent.objects.count()
    services.application_withdraw(application=application, actor=team.outsider)
    assert AuditEvent.objects.count() == count


def test_a_decided_application_cannot_be_withdrawn(team, opening):
    application = services.application_submit(
        opening=opening, applicant=team.outsider, answers=answers_for(opening)
    )
    # The review pipeline that decides applications comes later; set the state as it will.
    Application.objects.filter(pk=application.pk).update(state=ApplicationState.ACCEPTED)
    with pytest.raises(ValidationError):
        services.application_withdraw(application=application, actor=team.outsider)
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED


# Every management service as every kind of actor


MANAGEMENT_SERVICES = [
    "opening_create",
    "opening_update",
    "opening_open",
    "opening_close",
    "question_add",
    "question_update",
    "question_move",
    "question_delete",
]


def management_calls(opening, question):
    moderator_role = role(opening.channel, "Moderator")
    return {
        "opening_create": lambda actor: services.opening_create(
            channel=opening.channel, actor=actor, title="New", role=moderator_role
        ),
        "opening_update": lambda actor: services.opening_update(
            opening=opening, actor=actor, title="Changed"
        ),
        "opening_open": lambda actor: services.opening_open(opening=opening, actor=actor),
        "opening_close": lambda actor: services.opening_close(opening=opening, actor=actor),
        "question_add": lambda actor: services.question_add(
            opening=opening, actor=actor, prompt="Added?", kind=QuestionKind.YES_NO
        ),
        "question_update": lambda actor: services.question_update(
            question=question, actor=actor, prompt="Changed?", kind=QuestionKind.YES_NO
        ),
        "question_move": lambda actor: services.question_move(
            question=question, actor=actor, direction="down"
        ),
        "question_delete": lambda actor: services.question_delete(question=question, actor=actor),
    }


def recruitment_state():
    return (
        sorted(Opening.objects.values_list("id", "title", "state")),
        sorted(OpeningQuestion.objects.values_list("id", "prompt", "position", "kind")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "actor", ["anonymous", "outsider", "other_member", "staff", "trainee", "moderator"]
)
@pytest.mark.parametrize("call", MANAGEMENT_SERVICES)
def test_management_services_refuse_actors_who_cannot_review(team, actor, call):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    question = opening.questions.order_by("position").first()
    user = AnonymousUser() if actor == "anonymous" else team.user(actor)
    before = recruitment_state()
    with pytest.raises(PermissionDenied):
        management_calls(opening, question)[call](user)
    assert recruitment_state() == before


def test_the_service_matrix_covers_every_management_service(team):
    opening = make_opening(team.channel, questions=TWO_QUESTIONS)
    assert sorted(management_calls(opening, opening.questions.first())) == sorted(
        MANAGEMENT_SERVICES
    )


@pytest.mark.parametrize("actor", ["owner", "lead"])
@pytest.mark.parametrize("call", MANAGEMENT_SERVICES)
def test_management_services_let_reviewers_act_with_an_audit_row(team, actor, call):
    # Opening an open opening changes nothing, so that one starts from a draft.
    opening = make_opening(team.channel, questions=TWO_QUESTIONS, open_it=call != "opening_open")
    question = opening.questions.order_by("position").first()
    before = AuditEvent.objects.for_channel(team.channel).count()
    management_calls(opening, question)[call](team.user(actor))
    event = AuditEvent.objects.for_channel(team.channel).order_by("-id").first()
    assert AuditEvent.objects.for_channel(team.channel).count() == before + 1
    assert event.actor == team.user(actor)
    assert event.action in RecruitmentAction.values
