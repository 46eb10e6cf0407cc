"""The starter templates every installation begins with; platform admins edit them in the
admin. `ensure_starter_templates` takes the models so the data migration can pass its
historical ones; it adds only templates that are missing, by name."""

STARTER_TEMPLATES = [
    {
        "name": "Friendly chat basics",
        "description": "Four norms most chats start from: kindness, no hate, no spam, safety.",
        "items": [
            {
                "title": "Be kind to each other",
                "category": "behaviour",
                "explanation": "Disagree with ideas, not people. No insults, harassment or "
                "pile-ons, including towards the streamer's guests.",
                "allowed_examples": "Friendly banter everyone is in on\nPolite disagreement",
                "not_allowed_examples": "Insulting another viewer\nMocking someone's English",
                "first_action": "remind",
                "repeated_action": "timeout",
                "repeated_timeout": 10,
                "severe_action": "ban",
            },
            {
                "title": "No hate speech or slurs",
                "category": "language",
                "explanation": "Slurs and attacks on who someone is are never okay here, "
                "not even as a joke.",
                "not_allowed_examples": "Slurs, in any spelling\nJokes about someone's identity",
                "first_action": "timeout",
                "first_timeout": 600,
                "repeated_action": "ban",
                "severe_action": "ban",
            },
            {
                "title": "No spam or self-promotion",
                "category": "self_promotion",
                "explanation": "Don't flood chat, and don't advertise your own channel or "
                "links without asking a moderator first.",
                "allowed_examples": "Sharing a link a moderator asked for",
                "not_allowed_examples": "Copy-pasted walls of emotes\n“Follow my channel!”",
                "first_action": "delete",
                "repeated_action": "timeout",
                "repeated_timeout": 5,
                "severe_action": "ban",
            },
            {
                "title": "Keep everyone safe",
                "category": "safety",
                "explanation": "Never share anyone's personal information. Threats and "
                "self-harm talk go straight to the streamer.",
                "not_allowed_examples": "Posting someone's address or real name",
                "first_action": "delete",
                "repeated_action": "ban",
                "severe_action": "escalate",
            },
        ],
    },
    {
        "name": "Spoiler-safe gaming",
        "description": "For story games and first playthroughs.",
        "items": [
            {
                "title": "No spoilers",
                "category": "spoilers",
                "explanation": "The streamer is playing blind. Don't reveal story, "
                "solutions or what's coming, even as a hint.",
                "allowed_examples": "Talking about parts already played",
                "not_allowed_examples": "“Wait until you meet the boss…”\nPuzzle solutions",
                "first_action": "delete",
                "repeated_action": "timeout",
                "repeated_timeout": 30,
                "severe_action": "ban",
            },
            {
                "title": "No backseating",
                "category": "behaviour",
                "explanation": "Let the streamer play their way unless they ask chat for help.",
                "allowed_examples": "Answering when the streamer asks for a tip",
                "not_allowed_examples": "Telling the streamer where to go next",
                "first_action": "remind",
                "repeated_action": "timeout",
                "repeated_timeout": 5,
                "severe_action": "timeout",
                "severe_timeout": 60,
            },
        ],
    },
]


def ensure_starter_templates(template_model, item_model) -> int:
    created = 0
    for position, spec in enumerate(STARTER_TEMPLATES):
        if template_model.objects.filter(name=spec["name"]).exists():
            continue
        template = template_model.objects.create(
            name=spec["name"], description=spec["description"], position=position
        )
        item_model.objects.bulk_create(
            item_model(template=template, position=index, **item)
            for index, item in enumerate(spec["items"])
        )
        created += 1
    return created
