"""The subscriber of the community's away event: release the person's shifts in that period."""

from datetime import date

from portal.events import Occurrence

from .services import release_for_away


def release_shifts(occurrence: Occurrence) -> None:
    until = occurrence.after.get("away_until")
    if until:
        release_for_away(user=occurrence.actor, until=date.fromisoformat(until))
