"""Roles every channel starts with, and optional templates the owner can add later.

They mirror how moderator teams divide the work: a lead who runs the team, moderators who keep
chat healthy, trainees learning the ropes, and specialists for community spaces, events and safety.
Names and descriptions are kept in English here and offered in the channel's language
(`in_language`); once a role exists it is the team's own text, renamed freely, never translated.
"""

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from .models import Capability as C

DEFAULT_ROLES = [
    {
        "name": gettext_noop("Lead Moderator"),
        "colour": "#b45309",
        "description": gettext_noop(
            "Runs the moderator team day to day: brings in and trains new moderators, "
            "reviews applications, keeps the channel's norms current and is the streamer's first "
            "contact when something serious happens."
        ),
        "capabilities": {
            C.MANAGE_TEAM,
            C.REVIEW_APPLICATIONS,
            C.MANAGE_NORMS,
            C.MANAGE_RESOURCES,
            C.VIEW_AUDIT_LOG,
            C.POST_ANNOUNCEMENTS,
            C.WRITE_DEBRIEFS,
            C.MANAGE_DEBRIEFS,
        },
    },
    {
        "name": gettext_noop("Moderator"),
        "colour": "#6d28d9",
        "description": gettext_noop(
            "Keeps chat welcoming during streams: answers questions, applies the "
            "channel's norms consistently, times out or bans when needed and notes incidents for "
            "the team."
        ),
        "capabilities": {C.WRITE_DEBRIEFS},
    },
    {
        "name": gettext_noop("Trainee"),
        "colour": "#0f766e",
        "description": gettext_noop(
            "Learning the role alongside experienced moderators: shadows streams, "
            "works through the training resources and asks before taking heavy actions."
        ),
        "capabilities": set(),
    },
]

ROLE_TEMPLATES = [
    {
        "key": "community",
        "name": gettext_noop("Community Moderator"),
        "colour": "#1d4ed8",
        "description": gettext_noop(
            "Looks after the community's spaces off stream, such as the Discord "
            "server: welcomes newcomers, keeps channels on topic and relays feedback to the team."
        ),
        "capabilities": {C.POST_ANNOUNCEMENTS, C.WRITE_DEBRIEFS},
    },
    {
        "key": "events",
        "name": gettext_noop("Events Moderator"),
        "colour": "#be185d",
        "description": gettext_noop(
            "Organises and runs community events, giveaways and collaborations, and "
            "moderates the extra traffic they bring."
        ),
        "capabilities": {C.POST_ANNOUNCEMENTS, C.WRITE_DEBRIEFS},
    },
    {
        "key": "safety",
        "name": gettext_noop("Safety Moderator"),
        "colour": "#b91c1c",
        "description": gettext_noop(
            "Handles harassment, raids and sensitive situations: knows the "
            "platform's reporting tools, supports affected viewers and documents incidents."
        ),
        "capabilities": {C.VIEW_AUDIT_LOG, C.WRITE_DEBRIEFS},
    },
]


def in_language(specs: list[dict], language: str) -> list[dict]:
    """The specs with name and description translated into `language`."""
    with translation.override(language):
        return [
            {**spec, "name": gettext(spec["name"]), "description": gettext(spec["description"])}
            for spec in specs
        ]
