"""What norms show on pages other apps own or gather (registered from plugin.py): the team
page's "Norms" column, the team-health acknowledgement section and the hub's "norms to
acknowledge"."""

from channels.models import Channel

from .models import Acknowledgement, NormSet
from .selectors import ack_counts, current_version, norms_to_acknowledge

HUB_ITEMS = 5


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def norms_section(channel: Channel) -> dict:
    """Three queries."""
    version = current_version(channel=channel)
    done, team = ack_counts(channel=channel, version=version)
    return {"version": version, "done": done, "team": team, "percent": _percent(done, team)}


def norms_waiting(user) -> list:
    return norms_to_acknowledge(user=user)[:HUB_ITEMS]


def acknowledgements(channel, members: list) -> dict:
    """The team column: {membership pk: Acknowledgement or False} of the current version, or
    {} before any version: two queries."""
    norm_set = NormSet.objects.filter(channel=channel).values("current_version_id").first()
    if norm_set is None or norm_set["current_version_id"] is None:
        return {}
    acks = {
        ack.user_id: ack
        for ack in Acknowledgement.objects.for_channel(channel).filter(
            version_id=norm_set["current_version_id"]
        )
    }
    return {member.pk: acks.get(member.user_id, False) for member in members}
