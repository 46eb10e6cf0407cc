"""Demo profiles (varied languages, time zones and hours), a pinned team announcement and a
platform announcement. Built through the services; safe to run again."""

from datetime import timedelta

from django.utils import timezone

from .models import Announcement, PlatformAnnouncement, Profile
from .services.announcements import announcement_post
from .services.profiles import profile_update


def week(*ranges, days=range(7)) -> list[int]:
    """Local week slots for hour ranges on the given weekdays (Monday 0)."""
    return [day * 24 + hour for day in days for start, end in ranges for hour in range(start, end)]


PROFILES = {
    "streamer": {
        "time_zone": "Europe/London",
        "bio": "Cosy games and art streams four evenings a week.",
        "languages": ["en"],
        "platforms": ["twitch"],
        "hours": week((19, 23), days=[0, 2, 4, 5]),
    },
    "lead": {
        "time_zone": "Europe/Berlin",
        "bio": "Lead moderator of Nova Streams. I write our training and love a good norms debate.",
        "experience": "Five years moderating art and speedrun communities; Discord admin.",
        "languages": ["en", "de"],
        "platforms": ["twitch", "youtube"],
        "hours": week((18, 23)),
        "open_to_channels": True,
    },
    "mod": {
        "time_zone": "America/New_York",
        "bio": "Night owl, chat moderator, bot tinkerer.",
        "experience": "Built the command set for two channels; runs Nightbot and Fossabot.",
        "languages": ["en", "es", "it"],
        "platforms": ["twitch", "kick"],
        "hours": week((20, 24), days=range(5)) + week((14, 18), days=[5, 6]),
        "open_to_channels": True,
        "private": ["experience"],
    },
    "trainee": {
        "time_zone": "Asia/Tokyo",
        "bio": "Learning the ropes in Nova's chat.",
        "languages": ["ja", "en"],
        "platforms": ["youtube"],
        "hours": week((7, 10)),
        "away_days": 10,
        "open_to_channels": True,
    },
    "viewer": {
        "time_zone": "America/Sao_Paulo",
        "bio": "Regular viewer looking to moderate a Portuguese-speaking community.",
        "languages": ["pt", "en"],
        "platforms": ["twitch", "tiktok"],
        "hours": week((12, 16), days=[5, 6]) + week((19, 22), days=range(5)),
        "open_to_channels": True,
    },
}


def seed_community(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    lines = ["", "Community (profiles at /mods/, hub at /community/):"]
    for username, spec in PROFILES.items():
        user = users_by_name.get(username)
        if user is None or Profile.objects.filter(user=user).exists():
            continue  # a profile someone edited stays as it is
        spec = dict(spec)
        away_days = spec.pop("away_days", None)
        away = timezone.localdate() + timedelta(days=away_days) if away_days else None
        profile_update(
            user=user, actor=user, display_name=user.display_name, away_until=away, **spec
        )
        lines.append(f"  /mods/{username}/")
    nova, lead = channels_by_slug.get("nova-streams"), users_by_name.get("lead")
    if (
        nova is not None
        and lead is not None
        and not Announcement.objects.for_channel(nova).exists()
    ):
        announcement_post(
            channel=nova,
            actor=lead,
            title="New schedule from next week",
            body="Streams move to **Monday, Wednesday, Friday and Saturday** at 19:00 UK time. "
            "Check the team-health page for the hours we still need someone.",
            is_pinned=True,
        )
    admin = users_by_name.get("admin")
    if admin is not None and not PlatformAnnouncement.objects.exists():
        PlatformAnnouncement.objects.create(
            title="Welcome to the moderator community",
            body="Fill in your profile, say whether you are open to new channels, and meet "
            "moderators of other communities in the directory.",
            created_by=admin,
        )
    return lines
