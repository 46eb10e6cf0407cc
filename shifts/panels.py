"""The dashboard panel and the team-health section of the shifts app."""

from .selectors import next_shifts_for, schedule


def next_shifts(request) -> dict:
    """Two queries, whatever the number of streams."""
    return {"upcoming": next_shifts_for(request.user)}


def health(channel) -> dict:
    """The next two weeks of streams with their coverage: four queries."""
    return {"occurrences": schedule(channel=channel), "slug": channel.slug}
