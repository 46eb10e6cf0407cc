"""The platform's starter guides (every language, `resources/starter/`), and a little training
in the demo channels. Built through the services; safe to run again (existing titles are left
alone)."""

from channels.models import Role
from resources.models import Kind, Resource
from resources.services import resource_create, resource_mark_done, resource_share
from resources.starter import ensure_starter_guides

DEMO_CHECKLIST = {
    "title": "Your first week as a trainee",
    "summary": "Small steps to find your feet in the team.",
    "tags": ["getting-started"],
    "estimated_minutes": 30,
    "items": [
        "Read the channel's norms from top to bottom",
        "Introduce yourself in the team channel",
        "Shadow a full stream with a moderator",
        "Practise a timeout with a reason on a test account",
        "Ask your lead one question you have been wondering about",
    ],
}
DEMO_ARTICLE = {
    "title": "How we run Nova's chat",
    "summary": "Our house style: tone, timeouts and when to call the streamer.",
    "tags": ["chat"],
    "estimated_minutes": 4,
    "body": "We keep chat **kind and playful**. Remind once, then time out for five minutes "
    "with a reason. Ping Nova in the team channel only for raids or threats.",
}


def seed_resources(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    lines = ["", "Training resources (community library at /resources/):"]
    admin = users_by_name.get("admin")
    if admin is not None:
        ensure_starter_guides(actor=admin)
        lines.append(f"  {Resource.objects.platform().count()} platform guides")
    nova, lead = channels_by_slug.get("nova-streams"), users_by_name.get("lead")
    if nova is not None and lead is not None:
        lines += _seed_channel(nova, lead, users_by_name.get("trainee"))
    return lines


def _seed_channel(channel, lead, trainee) -> list[str]:
    library = Resource.objects.for_channel(channel)
    trainee_role = channel_role(channel, "Trainee")
    if not library.filter(title=DEMO_CHECKLIST["title"]).exists():
        required = [trainee_role] if trainee_role else []
        resource_create(
            channel=channel,
            actor=lead,
            kind=Kind.CHECKLIST,
            required_roles=required,
            **DEMO_CHECKLIST,
        )
    if not library.filter(title=DEMO_ARTICLE["title"]).exists():
        required = [trainee_role] if trainee_role else []
        article = resource_create(
            channel=channel, actor=lead, kind=Kind.ARTICLE, required_roles=required, **DEMO_ARTICLE
        )
        resource_share(resource=article, actor=lead)
        if trainee is not None:
            resource_mark_done(resource=article, actor=trainee)
    return [
        f"  {library.count()} resources in {channel.name}'s library (/c/{channel.slug}/resources/)"
    ]


def channel_role(channel, name: str):
    return Role.objects.for_channel(channel).filter(name=name).first()
