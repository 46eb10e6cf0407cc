"""Demo channels for `manage.py seed_demo`: built through the services, so audit rows are real."""

from .models import Capability, Channel, Membership, Role
from .services import channel_create, membership_join, membership_set_roles

DEMO_CHANNELS = [
    {
        "slug": "nova-streams",
        "name": "Nova Streams",
        "owner": "streamer",
        "platform": "twitch",
        "platform_url": "https://twitch.tv/novastreams",
        "description": "Cozy late-night **art and game-dev** streams.\n\n"
        "We keep chat kind, spoiler-free and welcoming to first-time chatters.",
        "languages": ["en", "de"],
        "time_zone": "Europe/Berlin",
        "team": [("lead", ["Lead Moderator"]), ("mod", ["Moderator"]), ("trainee", ["Trainee"])],
    },
    {
        "slug": "speedrun-sanctuary",
        "name": "Speedrun Sanctuary",
        "owner": "lead",
        "platform": "youtube",
        "platform_url": "https://youtube.com/@speedrunsanctuary",
        "description": "Any% attempts, route explanations and community races every weekend.",
        "languages": ["en"],
        "time_zone": "America/New_York",
        "team": [("mod", ["Lead Moderator"]), ("trainee", ["Moderator"])],
    },
]


def seed(users: dict) -> list[str]:
    """Create the demo channels and their teams if missing; return lines describing them."""
    lines = ["", "Demo channels:"]
    for spec in DEMO_CHANNELS:
        owner = users[spec["owner"]]
        channel = Channel.objects.filter(slug=spec["slug"]).first()
        if channel is None:
            channel = channel_create(
                creator=owner,
                name=spec["name"],
                slug=spec["slug"],
                platform=spec["platform"],
                platform_url=spec["platform_url"],
                description=spec["description"],
                languages=spec["languages"],
                time_zone=spec["time_zone"],
            )
        roles = {role.name: role for role in Role.objects.for_channel(channel)}
        for username, role_names in spec["team"]:
            wanted = [roles[name] for name in role_names if name in roles]
            membership = (
                Membership.objects.for_channel(channel).filter(user=users[username]).first()
            )
            if membership is None:
                # Demo people said yes when the seed was written: they join, as after an invitation.
                membership_join(
                    channel=channel,
                    user=users[username],
                    roles=wanted,
                    granted_by=owner,
                    capability=Capability.MANAGE_TEAM,
                    via="demo",
                )
            elif set(membership.roles.all()) != set(wanted):
                membership_set_roles(membership=membership, roles=wanted, actor=owner)
        team = ", ".join(f"{name} ({'/'.join(r)})" for name, r in spec["team"])
        lines.append(f"  /c/{spec['slug']}/  owner: {spec['owner']}; team: {team}")
    lines.append("  viewer is an outsider to both channels.")
    return lines
