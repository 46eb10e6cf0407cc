"""Demo debriefs for `manage.py seed_demo`, built through the services: Nova Streams gets a
raid debrief by its moderator, discussed and with lessons agreed by its lead. Safe to run
again: a channel that already has debriefs is left as it is."""

from datetime import timedelta

from django.utils import timezone

from norms.selectors import current_version

from .models import Debrief
from .services import debrief_agree_lessons, debrief_comment, debrief_create, norm_choices


def seed_debriefs(*, channels_by_slug: dict, users_by_name: dict) -> list[str]:
    channel = channels_by_slug.get("nova-streams")
    if channel is None or Debrief.objects.for_channel(channel).exists():
        return []
    mod, lead = users_by_name["mod"], users_by_name["lead"]
    numbers = [number for number, _title, _pk in norm_choices(current_version(channel=channel))]
    debrief = debrief_create(
        channel=channel,
        actor=mod,
        title="Bot raid during the art stream",
        happened_at=timezone.now() - timedelta(days=3, hours=2),
        duration_minutes=12,
        context="Friday art stream",
        what_happened="About 150 new accounts arrived together and spammed the same link. "
        "Chat was unreadable for several minutes.",
        went_well="We banned quickly and the streamer kept calm.",
        do_differently="Turn on followers-only mode at the first sign of a raid.",
        norm_numbers=numbers[:2],
        actions=[
            {"moderator": mod, "action": "ban"},
            {"moderator": lead, "action": "other", "detail": "Followers-only mode"},
        ],
    )
    debrief_comment(debrief=debrief, actor=lead, body="Good work. Let's add this to our norms.")
    debrief_agree_lessons(
        debrief=debrief,
        actor=lead,
        summary="At the first sign of a raid: followers-only mode, then ban the accounts.",
    )
    return ["", "Demo debriefs: /c/nova-streams/debriefs/"]
