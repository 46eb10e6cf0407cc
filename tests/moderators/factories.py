"""Recruitment state built through the services, so audit rows and the outbox stay true."""

from channels.models import Membership
from moderators import services
from moderators.models import Opening, QuestionKind
from tests.factories import role

TWO_QUESTIONS = [
    {"prompt": "Why do you want to moderate here?", "kind": QuestionKind.LONG_TEXT},
    {
        "prompt": "Which evenings can you cover?",
        "kind": QuestionKind.MULTIPLE_CHOICE,
        "choices": ["Tuesday", "Thursday", "Saturday"],
    },
]


def owner_of(channel):
    return Membership.objects.for_channel(channel).get(is_owner=True).user


def make_opening(
    channel,
    *,
    actor=None,
    title="Chat moderator",
    role_name="Moderator",
    questions=(),
    open_it=True,
    **fields,
) -> Opening:
    actor = actor or owner_of(channel)
    opening = services.opening_create(
        channel=channel, actor=actor, title=title, role=role(channel, role_name), **fields
    )
    for spec in questions:
        services.question_add(opening=opening, actor=actor, **spec)
    if open_it:
        opening = services.opening_open(opening=opening, actor=actor)
    return opening


def answers_for(opening, **by_prompt_start):
    """Valid answers for every question, overridden by prompt prefix."""
    answers = {}
    for question in opening.questions.order_by("position"):
        value = {
            QuestionKind.SHORT_TEXT: "Sure",
            QuestionKind.LONG_TEXT: "I have moderated for two years.",
            QuestionKind.SINGLE_CHOICE: (question.choices or [None])[0],
            QuestionKind.MULTIPLE_CHOICE: question.choices[:1],
            QuestionKind.YES_NO: True,
        }[question.kind]
        for prefix, override in by_prompt_start.items():
            if question.prompt.startswith(prefix):
                value = override
        answers[question.pk] = value
    return answers
