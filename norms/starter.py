"""The starter templates every installation begins with; platform admins edit them in the
admin. `ensure_starter_templates` takes the models so the data migration can pass its
historical ones; it adds only templates that are missing, by name.

The texts are English here and marked for translation: `ensure_starter_templates(...,
languages=[...])` adds each template in every listed language its catalogue translates (a
language without the translations gets none, and channels in it are offered the English
ones). Once copied into a channel's draft a norm is the team's own text.
"""

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

TEXT_FIELDS = ("title", "explanation", "allowed_examples", "not_allowed_examples")


STARTER_TEMPLATES = [
    {
        "name": gettext_noop("Friendly chat basics"),
        "description": gettext_noop(
            "Four norms most chats start from: kindness, no hate, no spam, safety."
        ),
        "items": [
            {
                "title": gettext_noop("Be kind to each other"),
                "category": "behaviour",
                "explanation": gettext_noop(
                    "Disagree with ideas, not people. No insults, harassment or "
                    "pile-ons, including towards the streamer's guests."
                ),
                "allowed_examples": gettext_noop(
                    "Friendly banter everyone is in on\nPolite disagreement"
                ),
                "not_allowed_examples": gettext_noop(
                    "Insulting another viewer\nMocking someone's English"
                ),
                "first_action": "remind",
                "repeated_action": "timeout",
                "repeated_timeout": 10,
                "severe_action": "ban",
            },
            {
                "title": gettext_noop("No hate speech or slurs"),
                "category": "language",
                "explanation": gettext_noop(
                    "Slurs and attacks on who someone is are never okay here, not even as a joke."
                ),
                "not_allowed_examples": gettext_noop(
                    "Slurs, in any spelling\nJokes about someone's identity"
                ),
                "first_action": "timeout",
                "first_timeout": 600,
                "repeated_action": "ban",
                "severe_action": "ban",
            },
            {
                "title": gettext_noop("No spam or self-promotion"),
                "category": "self_promotion",
                "explanation": gettext_noop(
                    "Don't flood chat, and don't advertise your own channel or "
                    "links without asking a moderator first."
                ),
                "allowed_examples": gettext_noop("Sharing a link a moderator asked for"),
                "not_allowed_examples": gettext_noop(
                    "Copy-pasted walls of emotes\n“Follow my channel!”"
                ),
                "first_action": "delete",
                "repeated_action": "timeout",
                "repeated_timeout": 5,
                "severe_action": "ban",
            },
            {
                "title": gettext_noop("Keep everyone safe"),
                "category": "safety",
                "explanation": gettext_noop(
                    "Never share anyone's personal information. Threats and "
                    "self-harm talk go straight to the streamer."
                ),
                "not_allowed_examples": gettext_noop("Posting someone's address or real name"),
                "first_action": "delete",
                "repeated_action": "ban",
                "severe_action": "escalate",
            },
        ],
    },
    {
        "name": gettext_noop("Spoiler-safe gaming"),
        "description": gettext_noop("For story games and first playthroughs."),
        "items": [
            {
                "title": gettext_noop("No spoilers"),
                "category": "spoilers",
                "explanation": gettext_noop(
                    "The streamer is playing blind. Don't reveal story, "
                    "solutions or what's coming, even as a hint."
                ),
                "allowed_examples": gettext_noop("Talking about parts already played"),
                "not_allowed_examples": gettext_noop(
                    "“Wait until you meet the boss…”\nPuzzle solutions"
                ),
                "first_action": "delete",
                "repeated_action": "timeout",
                "repeated_timeout": 30,
                "severe_action": "ban",
            },
            {
                "title": gettext_noop("No backseating"),
                "category": "behaviour",
                "explanation": gettext_noop(
                    "Let the streamer play their way unless they ask chat for help."
                ),
                "allowed_examples": gettext_noop("Answering when the streamer asks for a tip"),
                "not_allowed_examples": gettext_noop("Telling the streamer where to go next"),
                "first_action": "remind",
                "repeated_action": "timeout",
                "repeated_timeout": 5,
                "severe_action": "timeout",
                "severe_timeout": 60,
            },
        ],
    },
]


def ensure_starter_templates(template_model, item_model, *, languages=None) -> int:
    """Add the missing starter templates: in English (the historical migration's call), or in
    each of `languages` whose catalogue translates them."""
    if languages is None:
        return _ensure(template_model, item_model, language=None)
    created = 0
    for language in languages:
        created += _ensure(template_model, item_model, language=language)
    return created


def _translated(spec: dict) -> dict:
    def text(value: str) -> str:
        return gettext(value) if value else value

    return {
        **spec,
        "name": text(spec["name"]),
        "description": text(spec["description"]),
        "items": [
            {**item, **{key: text(item[key]) for key in TEXT_FIELDS if key in item}}
            for item in spec["items"]
        ],
    }


def _ensure(template_model, item_model, *, language) -> int:
    created = 0
    for position, spec in enumerate(STARTER_TEMPLATES):
        where = {}
        if language is not None:
            with translation.override(language):
                translated = _translated(spec)
            if language != "en" and translated["name"] == spec["name"]:
                continue  # not translated (yet): this language is offered the English ones
            spec, where = translated, {"language": language}
        if template_model.objects.filter(name=spec["name"], **where).exists():
            continue
        template = template_model.objects.create(
            name=spec["name"], description=spec["description"], position=position, **where
        )
        item_model.objects.bulk_create(
            item_model(template=template, position=index, **item)
            for index, item in enumerate(spec["items"])
        )
        created += 1
    return created
