"""The team page's "Norms" column: whether each member acknowledged the current version."""

from .models import Acknowledgement, NormSet


def acknowledgements(channel, members: list) -> dict:
    """{membership pk: Acknowledgement or False}, or {} before any version: two queries."""
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
