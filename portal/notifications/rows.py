"""How notify() writes its outbox rows: one description of a row, two writers.

Every column of `Notification` is in exactly one of three groups below: the values one call
gives every recipient (`SHARED`), the values that follow each recipient's delivery choice and
email address (`PER_RECIPIENT`, with its rule written once in Python and once in SQL, side by
side), and the columns a new row leaves to later (`LATER`: delivery and the inbox set them).
Both writers build their rows from these lists, and `columns()` refuses a model column that is
in none of them, so a new column cannot be forgotten in one path.

- PostgreSQL: one INSERT … SELECT; the database resolves preferences and builds every row.
- Every other database (SQLite, the embedded default): Django objects, bulk_create.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.db.models import F, Q

from .models import Notification, NotificationPreference, State
from .registry import Delivery, EventType

EMAIL_MODES = (Delivery.IMMEDIATE, Delivery.DIGEST)
PREFERENCE_LOOKUP_CHUNK = 2000
NO_EMAIL_ADDRESS = "No email address."

SHARED = (
    "event",
    "channel",
    "actor",
    "target_content_type",
    "target_id",
    "target_label",
    "target_url",
    "summary",
    "context",
    "created_at",
)
PER_RECIPIENT = ("recipient", "email_mode", "state", "attempts", "last_error", "queued_at")
LATER = ("id", "read_at", "claimed_at", "sent_at")


@cache
def columns() -> tuple[str, ...]:
    """The columns notify() writes, in order; a model column in no group is refused."""
    fields = {field.name for field in Notification._meta.concrete_fields}
    described = set(SHARED) | set(PER_RECIPIENT) | set(LATER)
    if fields != described:
        raise ImproperlyConfigured(
            "Describe every Notification column in portal/notifications/rows.py: "
            f"undescribed {sorted(fields - described)}, unknown {sorted(described - fields)}."
        )
    return SHARED + PER_RECIPIENT


def attname(name: str) -> str:
    """The attribute a column is set by: `channel_id` for the `channel` foreign key."""
    return Notification._meta.get_field(name).attname


def per_recipient(*, mode: str, has_email: bool, now) -> dict:
    """The per-recipient columns (but the recipient) in Python. Keep in step with SQL below."""
    wants_email = mode in EMAIL_MODES and has_email
    return {
        "email_mode": mode,
        "state": State.PENDING if wants_email else State.SKIPPED,
        "attempts": 0,
        "last_error": "" if wants_email or mode == Delivery.IN_APP else NO_EMAIL_ADDRESS,
        "queued_at": now if wants_email and mode == Delivery.IMMEDIATE else None,
    }


def per_recipient_sql(now) -> dict[str, tuple[str, tuple]]:
    """The same columns in SQL, over `r.uid`, `r.mode` and `r.has_email`."""
    return {
        "recipient": ("r.uid", ()),
        "email_mode": ("r.mode", ()),
        "state": (
            "CASE WHEN r.mode IN (%s, %s) AND r.has_email THEN %s ELSE %s END",
            (*EMAIL_MODES, State.PENDING, State.SKIPPED),
        ),
        "attempts": ("0", ()),
        "last_error": (
            "CASE WHEN r.mode IN (%s, %s) AND r.has_email OR r.mode = %s THEN '' ELSE %s END",
            (*EMAIL_MODES, Delivery.IN_APP, NO_EMAIL_ADDRESS),
        ),
        "queued_at": (
            "CASE WHEN r.mode = %s AND r.has_email THEN %s::timestamptz END",
            (Delivery.IMMEDIATE, now),
        ),
    }


SHARED_CASTS = {"context": "::jsonb", "created_at": "::timestamptz"}


# --- PostgreSQL -----------------------------------------------------------------------------


def recipient_ids(recipients: Iterable, *, actor_id: int | None) -> list[int]:
    """Distinct ids in first-seen order; users known inactive here are dropped early."""
    ids: dict[int, None] = {}
    for recipient in recipients:
        if isinstance(recipient, int):
            user_id = recipient
        else:
            if recipient.pk is None or not recipient.is_active:
                continue
            user_id = recipient.pk
        if user_id != actor_id:
            ids[user_id] = None
    return list(ids)


def id_queryset(recipients: models.QuerySet) -> models.QuerySet:
    """A QuerySet of users, or of user ids (one field), as one column of ids, unordered."""
    user_model = Notification._meta.get_field("recipient").related_model
    if recipients.model is user_model and recipients._fields is None:
        recipients = recipients.values("pk")
    elif recipients._fields is None or len(recipients._fields) != 1:
        raise TypeError("notify(recipients=QuerySet) takes users or one column of user ids.")
    return recipients.order_by()


def insert_rows(
    *,
    db: str,
    source,
    shared: dict,
    default: str,
    actor_id: int | None,
    preference_channel_id: int | None,
) -> tuple[list[int], list[int]]:
    """One INSERT … SELECT of every recipient's row; returns (ids, ids to email now).

    `source` is a list of user ids (kept in that order) or a QuerySet's (sql, params), used as
    a subquery and never loaded into Python. `shared` holds the SHARED columns' values."""
    notification = Notification._meta
    user = notification.get_field("recipient").related_model._meta
    preference = NotificationPreference._meta
    quote = connections[db].ops.quote_name

    def column(name: str) -> str:
        return quote(notification.get_field(name).column)

    user_pk = f"u.{quote(user.pk.column)}"
    pref_table = quote(preference.db_table)
    pref_user = quote(preference.get_field("user").column)
    pref_event = quote(preference.get_field("event").column)
    pref_channel = quote(preference.get_field("channel").column)
    pref_delivery = quote(preference.get_field("delivery").column)
    channel_join = ""
    channel_params: tuple = ()
    mode = f"COALESCE(g.{pref_delivery}, %s)"
    if preference_channel_id is not None:
        channel_join = (
            f"LEFT JOIN {pref_table} c ON c.{pref_user} = {user_pk} "
            f"AND c.{pref_event} = %s AND c.{pref_channel} = %s "
        )
        channel_params = (shared["event"], preference_channel_id)
        mode = f"COALESCE(c.{pref_delivery}, g.{pref_delivery}, %s)"
    where = "u.is_active"
    where_params: tuple = ()
    if actor_id is not None:
        where += f" AND {user_pk} <> %s"
        where_params = (actor_id,)
    if isinstance(source, list):  # ids in recipient order
        from_sql = (
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS r(uid, ord) "
            f"JOIN {quote(user.db_table)} u ON {user_pk} = r.uid "
        )
        from_params: tuple = (source,)
        where_sql = f"WHERE {where}"
        in_params: tuple = ()
        order = "r.ord"
    else:  # a QuerySet's SQL, as a subquery: never loaded into Python
        subquery, in_params = source
        from_sql = f"FROM {quote(user.db_table)} u "
        from_params = ()
        where_sql = f"WHERE {user_pk} IN ({subquery}) AND {where}"
        order = user_pk
    global_join = (
        f"LEFT JOIN {pref_table} g ON g.{pref_user} = {user_pk} "
        f"AND g.{pref_event} = %s AND g.{pref_channel} IS NULL "
    )
    email = f"COALESCE(u.{quote(user.get_field('email').column)}, '') <> ''"
    inner = (
        f"SELECT {user_pk} AS uid, {email} AS has_email, {mode} AS mode, "
        f"{order} AS ord {from_sql}{global_join}{channel_join}{where_sql}"
    )
    # Parameters in text order: the SELECT list's default, FROM, the joins, then WHERE.
    inner_params = (
        (default,) + from_params + (shared["event"],) + channel_params + in_params + where_params
    )
    expressions, params = [], []
    computed = per_recipient_sql(shared["created_at"])
    for name in columns():
        if name in computed:
            sql, values = computed[name]
        else:
            sql, values = f"%s{SHARED_CASTS.get(name, '')}", (shared[name],)
        expressions.append(sql)
        params.extend(values)
    # Only quoted names from the models' _meta are formatted in; every value is a parameter.
    target = f"{quote(notification.db_table)} ({', '.join(column(c) for c in columns())})"
    sql = (
        f"INSERT INTO {target} "  # noqa: S608
        f"SELECT {', '.join(expressions)} "
        f"FROM ({inner}) r WHERE r.mode <> %s ORDER BY r.ord "
        f"RETURNING {column('id')}, {column('queued_at')} IS NOT NULL"
    )
    with connections[db].cursor() as cursor:
        cursor.execute(sql, (*params, *inner_params, Delivery.OFF))
        returned = cursor.fetchall()
    returned.sort()
    return [row[0] for row in returned], [row[0] for row in returned if row[1]]


# --- every other database -------------------------------------------------------------------


def create_rows(*, users, event_type, channel, shared: dict) -> tuple[list[int], list[int]]:
    """bulk_create every recipient's row; returns (ids, ids to email now)."""
    deliveries = deliveries_for(
        user_ids=[u.pk for u in users], event_type=event_type, channel=channel
    )
    values = {name: shared[name] for name in columns() if name in SHARED}
    rows = []
    for user in users:
        mode = deliveries[user.pk]
        if mode == Delivery.OFF:
            continue
        computed = per_recipient(mode=mode, has_email=bool(user.email), now=shared["created_at"])
        row = {**values, **computed, "recipient": user.pk}
        rows.append(Notification(**{attname(name): row[name] for name in columns()}))
    created = Notification.objects.bulk_create(rows, batch_size=1000)
    return [row.pk for row in created], [row.pk for row in created if row.queued_at is not None]


def unique_recipients(recipients, *, actor) -> list:
    users: dict[int, object] = {}
    user_model = Notification._meta.get_field("recipient").related_model
    if isinstance(recipients, models.QuerySet):
        if recipients.model is not user_model or recipients._fields is not None:
            ids = id_queryset(recipients)
            recipients = user_model.objects.filter(pk__in=ids).order_by("pk")
    else:
        recipients = list(recipients)
        ids = [r for r in recipients if isinstance(r, int)]
        if ids:
            loaded = user_model.objects.in_bulk(ids)
            recipients = [loaded.get(r) if isinstance(r, int) else r for r in recipients]
            recipients = [r for r in recipients if r is not None]
    for user in recipients:
        if user.pk is None or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        users.setdefault(user.pk, user)
    return list(users.values())


def deliveries_for(
    *, user_ids: list[int], event_type: EventType, channel: models.Model | None
) -> dict[int, str]:
    """Each user's delivery: their channel override, else their default, else the event's."""
    result = dict.fromkeys(user_ids, event_type.default_delivery)
    in_channel = channel is not None and event_type.per_channel
    for start in range(0, len(user_ids), PREFERENCE_LOOKUP_CHUNK):
        chunk = user_ids[start : start + PREFERENCE_LOOKUP_CHUNK]
        preferences = NotificationPreference.objects.filter(
            event=event_type.name, user_id__in=chunk
        )
        if in_channel:
            preferences = preferences.filter(Q(channel__isnull=True) | Q(channel=channel))
        else:
            preferences = preferences.filter(channel__isnull=True)
        # Global rows first, so a channel override, read later, wins.
        ordered = preferences.order_by(F("channel_id").asc(nulls_first=True))
        for user_id, delivery in ordered.values_list("user_id", "delivery"):
            result[user_id] = delivery
    return result
