"""Cursor pagination for every list of the API: ascending by a unique, growing key (the
primary key), so a page never repeats or skips a row when rows are added meanwhile. An event
feed is the same call on its log: `cursor_page(events, cursor=cursor, limit=limit)`."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from pydantic import Field

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_KEY = 2**62


class PageQuery(Schema):
    cursor: str | None = Field(
        None, pattern=r"^[0-9]{1,18}$", description="`next` of the previous page"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def encode(key: int) -> str:
    """The cursor is the last key of the page, as digits: every value the schema allows
    (1–18 digits) is a real position, so no cursor a client sends is refused as malformed."""
    return str(key)


def decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        key = int(cursor)
    except ValueError:
        key = -1
    if key < 0 or key > MAX_KEY:
        raise HttpError(400, _("That cursor is not one this API gave out."))
    return key


def cursor_page(
    queryset, *, cursor: str | None, limit: int, key: str = "pk", shape: Callable | None = None
) -> dict:
    """{"items": [...], "next": cursor or None}: one query for the page (plus the queryset's
    own prefetches), whatever the size of the list."""
    after = decode(cursor)
    rows = list(queryset.filter(**{f"{key}__gt": after}).order_by(key)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    items = shape(rows) if shape else rows
    return {"items": items, "next": encode(getattr(rows[-1], key)) if more and rows else None}
