"""The dashboard panel and the team-health section of the shifts app."""

from .selectors import schedule


def next_shifts(request) -> dict:
    """No query: the panel loads its list from `shifts:next_panel` (htmx, or by its link), so
    the dashboard's own query budget is untouched by however many streams there are."""
    return {}


def health(channel) -> dict:
    """The next two weeks of streams with their coverage: four queries."""
    return {"occurrences": schedule(channel=channel), "slug": channel.slug}
