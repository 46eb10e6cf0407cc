"""Rows a builder wrote through the services, kept once per test process and put back for each
test in one statement.

`build_team()` runs about 160 queries through the channel and membership services (users,
roles, audit and outbox rows): some 70 ms, and more than 1,200 tests start from it. A
`Snapshot(build_team)` runs the builder once, inside a savepoint it rolls back, and keeps every
row the builder inserted (per table, the rows above the table's highest primary key before it
ran) as JSON, with a copy of what the builder returned. `restore()` inserts those same rows,
with the same primary keys, in one round trip (`json_populate_recordset`), and returns a fresh
copy of the result: the database the test sees is the one the services wrote, row for row
(tests/test_snapshots.py compares every table's fingerprint).

The rows keep their primary keys: the sequences already moved past them when the builder ran,
so later inserts never collide. A flush (the end of a `transactional_db` test) removes rows the
snapshot points at (the starter norm templates come back with new keys), so `forget_all()`,
called on post_migrate, makes every snapshot build afresh on its next use.

Only PostgreSQL: elsewhere `restore()` simply runs the builder.
"""

import copy
from collections.abc import Callable

from django.apps import apps
from django.db import connection, transaction

INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}

_SNAPSHOTS: list["Snapshot"] = []


def forget_all(**_kwargs) -> None:
    for snapshot in _SNAPSHOTS:
        snapshot.forget()


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _literal(text: str) -> str:
    # standard_conforming_strings is on (PostgreSQL's default since 9.1): only ' needs doubling.
    return "'" + text.replace("'", "''") + "'"


def _tables() -> dict[str, tuple[str | None, list[str]]]:
    """{table: (its integer primary key column or None, its insertable columns)}, from the
    models (many-to-many tables included)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        columns = [f.column for f in meta.concrete_fields if not getattr(f, "generated", False)]
        integer = meta.pk.get_internal_type() in INTEGER_KEYS
        tables[meta.db_table] = (meta.pk.column if integer else None, columns)
    return tables


def _high_marks(tables) -> dict[str, int]:
    """{table: its highest primary key (0 when empty), or its row count when it has none}."""
    parts = [
        f"SELECT {_literal(table)}, coalesce(max({_quote(key)}), 0) FROM {_quote(table)}"
        if key
        else f"SELECT {_literal(table)}, count(*) FROM {_quote(table)}"
        for table, (key, _columns) in tables.items()
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return dict(cursor.fetchall())


class Snapshot:
    def __init__(self, build: Callable):
        self.build = build
        self.statement: str | None = None
        self.result = None
        _SNAPSHOTS.append(self)

    def forget(self) -> None:
        self.statement = None
        self.result = None

    def take(self) -> None:
        """Run the builder in a savepoint, keep its rows and result, and roll it back."""
        tables = _tables()
        with transaction.atomic():
            before = _high_marks(tables)
            result = self.build()
            after = _high_marks(tables)
            keyless = [
                t for t, (key, _c) in tables.items() if key is None and after[t] != before[t]
            ]
            if keyless:
                raise RuntimeError(f"the builder wrote rows without an integer key: {keyless}")
            changed = [t for t, (key, _c) in tables.items() if key and after[t] > before[t]]
            inserts = []
            with connection.cursor() as cursor:
                for table in changed:
                    key, columns = tables[table]
                    cursor.execute(
                        f"SELECT json_agg(t)::text FROM {_quote(table)} t "  # noqa: S608 - our names
                        f"WHERE {_quote(key)} > %s",
                        [before[table]],
                    )
                    rows = cursor.fetchone()[0]
                    names = ", ".join(map(_quote, columns))
                    inserts.append(
                        f"INSERT INTO {_quote(table)} ({names}) SELECT {names} "  # noqa: S608
                        f"FROM json_populate_recordset(NULL::{_quote(table)}, {_literal(rows)})"
                    )
            self.result = copy.deepcopy(result)
            transaction.set_rollback(True)
        self.statement = ";\n".join(inserts)

    def restore(self):
        """Insert the builder's rows (taking them first when there are none yet) and return a
        fresh copy of what it returned."""
        if connection.vendor != "postgresql":
            return self.build()
        if self.statement is None:
            self.take()
        if self.statement:
            with connection.cursor() as cursor:
                cursor.execute(self.statement)
        return copy.deepcopy(self.result)
