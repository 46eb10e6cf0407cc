"""Reads of the integrations app, each scoped to one channel."""

from .models import ChannelEvent, Delivery, Endpoint, Level

MAX_LIMIT = 200


def channel_events(channel, *, after=None, limit=50, kinds=None, levels=None):
    """The channel's event feed, oldest first, after the cursor `after` (an event id).

    This is what the API's event feed reads: each item has `id` (the next cursor), `kind`,
    `level`, `occurred_at` and `payload` (the same envelope webhooks send). `levels` narrows
    to what a reader may see (default: public and team events; pass Level.values for
    reviewers). `limit` is clamped to 1..200; a bad cursor reads from the start."""
    try:
        limit = max(1, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 50
    query = ChannelEvent.objects.for_channel(channel).filter(
        level__in=list(levels or (Level.PUBLIC, Level.TEAM))
    )
    try:
        after = int(after) if after not in (None, "") else None
    except (TypeError, ValueError):
        after = None
    if after is not None and 0 <= after < 2**63:
        query = query.filter(id__gt=after)
    if kinds:
        query = query.filter(kind__in=list(kinds))
    return list(query.order_by("id")[:limit])


def endpoint_list(channel):
    return Endpoint.objects.for_channel(channel).order_by("name", "id")


def endpoint_get(channel, pk):
    if not isinstance(pk, int) or not 0 < pk < 2**31:
        return None
    return Endpoint.objects.for_channel(channel).filter(pk=pk).first()


def delivery_log(endpoint):
    return (
        Delivery.objects.for_channel(endpoint.channel)
        .filter(endpoint=endpoint)
        .select_related("event")
        .prefetch_related("attempt_log")
        .order_by("-id")
    )


def delivery_get(endpoint, pk):
    if not isinstance(pk, int) or not 0 < pk < 2**63:
        return None
    return Delivery.objects.for_channel(endpoint.channel).filter(endpoint=endpoint, pk=pk).first()
