"""Demo recruitment for `manage.py seed_demo`, built through the services (so audit rows and
notifications are real). Safe to run again: what exists is left as it is.

Wire it in after the demo channels exist:

    from channels.models import Channel
    from moderators.demo import seed_recruitment

    channels = {c.slug: c for c in Channel.objects.all()}
    lines += seed_recruitment(channels_by_slug=channels, users_by_name=users)

`channels_by_slug` maps slugs to channels (the demo's "nova-streams" and
"speedrun-sanctuary"; a missing one is skipped), `users_by_name` maps demo usernames to users
(its "viewer" applies). Returns lines for the command to print.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from channels.models import Channel, Membership, Role

from .models import ENDED_STATES, Application, ApplicationState, Invitation, Opening, OpeningState
from .services import (
    application_move,
    application_note_add,
    application_submit,
    application_vote,
    application_withdraw,
    opening_close,
    opening_create,
    opening_open,
    question_add,
)
from .services.invitations import invitation_create

DEMO_OPENINGS = [
    {
        "channel": "nova-streams",
        "title": "Evening chat moderator (German and English)",
        "role": "Moderator",
        "description": "Help keep **late-night art streams** cozy: greet first-time chatters, "
        "answer questions about the tools on screen and apply our norms calmly.\n\n"
        "You'll shadow a lead moderator for your first two streams.",
        "languages": ["de", "en"],
        "time_zone": "Europe/Berlin",
        "hours": "Tue, Thu and Sat, 20:00–00:00",
        "experience": "Some chat moderation helps; kindness and patience matter more.",
        "state": OpeningState.OPEN,
        "questions": [
            {"prompt": "Why would you like to moderate for Nova Streams?", "kind": "long_text"},
            {
                "prompt": "Which evenings could you usually cover?",
                "kind": "multiple_choice",
                "choices": ["Tuesday", "Thursday", "Saturday"],
            },
            {"prompt": "Are you comfortable moderating in German?", "kind": "yes_no"},
        ],
    },
    {
        "channel": "nova-streams",
        "title": "Discord community trainee",
        "role": "Trainee",
        "description": "Learn moderation on our Discord server between streams.",
        "languages": ["en"],
        "time_zone": "Europe/London",
        "hours": "Flexible, a few hours a week",
        "state": OpeningState.OPEN,
        "questions": [
            {"prompt": "Your Discord username", "kind": "short_text"},
            {
                "prompt": "How long have you been in the community?",
                "kind": "single_choice",
                "choices": ["Less than a month", "1–6 months", "Longer"],
            },
        ],
    },
    {
        "channel": "nova-streams",
        "title": "Event moderator for the charity stream",
        "role": "Moderator",
        "description": "A one-off, twelve-hour charity stream. (Draft: still being planned.)",
        "languages": ["en"],
        "time_zone": "Europe/Berlin",
        "state": OpeningState.DRAFT,
        "questions": [],
    },
    {
        "channel": "speedrun-sanctuary",
        "title": "Race-day moderator",
        "role": "Moderator",
        "description": "Community races every weekend: keep spoilers and backseating out of chat "
        "and answer route questions.",
        "languages": ["en"],
        "time_zone": "America/New_York",
        "hours": "Saturdays 12:00–18:00",
        "experience": "Know at least one speedrun community's etiquette.",
        "state": OpeningState.OPEN,
        "questions": [
            {"prompt": "Which games do you run or watch?", "kind": "short_text"},
            {"prompt": "Tell us about a tricky chat moment you handled.", "kind": "long_text"},
        ],
    },
    {
        "channel": "speedrun-sanctuary",
        "title": "Spanish-speaking moderator",
        "role": "Moderator",
        "description": "Our Latin American viewers are growing: help us welcome them in Spanish.",
        "languages": ["es", "en"],
        "time_zone": "America/Mexico_City",
        "hours": "Weeknights 19:00–22:00",
        "state": OpeningState.OPEN,
        "questions": [
            {"prompt": "¿Por qué quieres moderar aquí?", "kind": "long_text", "required": False},
        ],
    },
    {
        "channel": "speedrun-sanctuary",
        "title": "Marathon week helper",
        "role": "Trainee",
        "description": "For last year's marathon week. Thanks to everyone who applied!",
        "languages": ["en"],
        "time_zone": "America/New_York",
        "state": OpeningState.CLOSED,
        "questions": [],
    },
]

# (applicant, opening title, withdraw afterwards?)
DEMO_APPLICATIONS = [
    ("viewer", "Evening chat moderator (German and English)", False),
    ("viewer", "Race-day moderator", False),
    ("viewer", "Spanish-speaking moderator", True),
]

DEMO_ANSWERS = {
    "long_text": "I've been a regular for a year and moderate a small Discord already.",
    "short_text": "viewer#1234",
    "yes_no": True,
}


def _answer(question):
    if question.kind == "single_choice":
        return question.choices[-1]
    if question.kind == "multiple_choice":
        return question.choices[:2]
    return DEMO_ANSWERS[question.kind]


def _owner(channel: Channel):
    return Membership.objects.for_channel(channel).get(is_owner=True).user


def _ensure_opening(channel: Channel, spec: dict) -> Opening:
    opening = Opening.objects.for_channel(channel).filter(title=spec["title"]).first()
    if opening is not None:
        return opening
    owner = _owner(channel)
    role = Role.objects.for_channel(channel).filter(name=spec["role"]).first()
    opening = opening_create(
        channel=channel,
        actor=owner,
        title=spec["title"],
        role=role,
        description=spec["description"],
        languages=spec["languages"],
        time_zone=spec["time_zone"],
        hours=spec.get("hours", ""),
        experience=spec.get("experience", ""),
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    for question in spec["questions"]:
        question_add(opening=opening, actor=owner, **question)
    if spec["state"] in (OpeningState.OPEN, OpeningState.CLOSED):
        opening = opening_open(opening=opening, actor=owner)
    if spec["state"] == OpeningState.CLOSED:
        opening = opening_close(opening=opening, actor=owner)
    return opening


def seed_recruitment(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    """Openings in several channels, languages and time zones (open, draft and closed), and
    the viewer's applications (sent and withdrawn). Returns lines describing them."""
    lines = ["", "Demo openings (board at /openings/):"]
    openings = {}
    for spec in DEMO_OPENINGS:
        channel = channels_by_slug.get(spec["channel"])
        if channel is None:
            continue
        opening = _ensure_opening(channel, spec)
        openings[opening.title] = opening
        lines.append(f"  {opening.get_state_display():<6} {opening.title} (/c/{channel.slug}/)")
    for username, title, withdraw in DEMO_APPLICATIONS:
        applicant, opening = users_by_name.get(username), openings.get(title)
        if applicant is None or opening is None:
            continue
        if Application.objects.filter(opening=opening, applicant=applicant).exists():
            continue
        questions = opening.questions.order_by("position")
        application = application_submit(
            opening=opening,
            applicant=applicant,
            answers={question.pk: _answer(question) for question in questions},
            message="Hi! I'd love to help the team.",
        )
        if withdraw:
            application_withdraw(application=application, actor=applicant)
        lines.append(f"  {username} applied to “{title}”{' (withdrawn)' if withdraw else ''}")
    lines += _seed_pipeline(openings=openings, users_by_name=users_by_name)
    active = Application.objects.exclude(state__in=ENDED_STATES).count()
    lines.append(f"  {active} active application(s); see /applications/ as viewer.")
    return lines + seed_invitations(channels_by_slug=channels_by_slug, users_by_name=users_by_name)


# (channel, invited username or email, roles offered, message)
DEMO_INVITATIONS = [
    (
        "speedrun-sanctuary",
        "viewer",
        ["Moderator"],
        "You've been a great regular in race chat. Want to help us moderate?",
    ),
    ("nova-streams", "new.moderator@example.com", ["Trainee"], "Come learn with us!"),
]


def seed_invitations(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    """Pending invitations: one to the demo "viewer" (see /invitations/ as viewer) and one
    to an email address without an account. An invitation already sent is left as it is."""
    lines = ["", "Demo invitations:"]
    for slug, invitee, role_names, message in DEMO_INVITATIONS:
        channel = channels_by_slug.get(slug)
        if channel is None:
            continue
        user = users_by_name.get(invitee)
        if "@" not in invitee and user is None:
            continue
        sent = Invitation.objects.for_channel(channel)
        sent = sent.filter(invited_user=user) if user else sent.filter(email=invitee)
        if not sent.exists():
            invitation_create(
                channel=channel,
                actor=_owner(channel),
                roles=list(Role.objects.for_channel(channel).filter(name__in=role_names)),
                username=invitee if user else "",
                email="" if user else invitee,
                message=message,
            )
        lines.append(f"  {invitee} invited to /c/{slug}/ as {', '.join(role_names)}")
    return lines


# The review pipeline: one applicant per state on Nova's evening opening, with the team's
# notes and votes. Applicants are demo accounts without a password (they only apply).
PIPELINE_OPENING = "Evening chat moderator (German and English)"
S = ApplicationState
# (username, display name, moves after submitting, notes as (reviewer, text), votes)
DEMO_PIPELINE = [
    ("ava", "Ava Applicant", [], [], [("lead", "unsure")]),
    (
        "ben",
        "Ben Bright",
        [S.IN_REVIEW],
        [
            ("lead", "Great answers; active in chat for a year."),
            ("streamer", "Agreed, let's talk."),
        ],
        [("lead", "for"), ("streamer", "for")],
    ),
    (
        "cleo",
        "Cleo Calm",
        [S.IN_REVIEW, S.TRIAL],
        [("streamer", "Two weeks of trial on Tuesday evenings.")],
        [("lead", "for"), ("streamer", "unsure")],
    ),
    ("dev", "Dev Diligent", [S.IN_REVIEW, S.ACCEPTED], [("lead", "Welcome!")], [("lead", "for")]),
    (
        "eli",
        "Eli Early",
        [S.DECLINED],
        [("streamer", "Not enough German yet.")],
        [("lead", "against")],
    ),
]
DECISION_MESSAGES = {
    S.TRIAL: "Let's try two weeks together: you'll shadow Lena on Tuesdays.",
    S.ACCEPTED: "Welcome to the team!",
    S.DECLINED: "Thank you for applying. Please apply again once you're comfortable in German.",
}


def _seed_pipeline(*, openings: dict, users_by_name: dict) -> list[str]:
    opening = openings.get(PIPELINE_OPENING)
    reviewer = users_by_name.get("streamer")
    if opening is None or reviewer is None:
        return []
    user_model = get_user_model()
    lines = []
    for username, name, moves, notes, votes in DEMO_PIPELINE:
        applicant, _created = user_model.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.com", "display_name": name},
        )
        if Application.objects.filter(opening=opening, applicant=applicant).exists():
            continue
        questions = opening.questions.order_by("position")
        application = application_submit(
            opening=opening,
            applicant=applicant,
            answers={question.pk: _answer(question) for question in questions},
            message="Hello! I watch most evening streams and would love to help.",
        )
        for author, text in notes:
            if author in users_by_name:
                application_note_add(
                    application=application, actor=users_by_name[author], body=text
                )
        for voter, choice in votes:
            if voter in users_by_name:
                application_vote(application=application, actor=users_by_name[voter], choice=choice)
        for state in moves:
            application = application_move(
                application=application,
                actor=reviewer,
                to_state=state,
                message=DECISION_MESSAGES.get(state, ""),
            )
        lines.append(
            f"  {username} applied to “{PIPELINE_OPENING}”: {application.get_state_display()}"
        )
    return lines
