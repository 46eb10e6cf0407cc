"""Demo service records (seed_demo): every demo membership has its record (an older demo
database is backfilled), and the viewer once moderated Speedrun Sanctuary, so the team's
history, their record and their credentials have something to show."""

from datetime import timedelta

from django.utils import timezone

from .models import Ending, ServiceRecord
from .services import record_ended, record_joined, records_backfill

PAST_CHANNEL = "speedrun-sanctuary"


def seed_records(*, channels_by_slug, users_by_name) -> list[str]:
    opened = records_backfill()
    channel, viewer = channels_by_slug.get(PAST_CHANNEL), users_by_name.get("viewer")
    served = channel is not None and viewer is not None
    if served and not ServiceRecord.objects.for_channel(channel).filter(user=viewer).exists():
        now = timezone.now()
        joined, left = now - timedelta(days=420), now - timedelta(days=45)
        record_joined(channel=channel, user=viewer, role_names=["Moderator"], when=joined)
        record_ended(channel=channel, user=viewer, ending=Ending.LEFT, when=left)
    lines = ["Service records: viewer moderated Speedrun Sanctuary for a year (see /me/record/)."]
    if opened:
        lines.append(f"  {opened} service records opened for memberships that had none.")
    return lines
