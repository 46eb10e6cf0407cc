"""The write fingerprint: proves a refused request or call changed nothing in the database.

`database_fingerprint()` is, per table, the row count and a sum of hashes of every row (every
column), taken in one query on PostgreSQL. Two fingerprints compare equal exactly when no row
anywhere was inserted, updated or deleted (short of a hash collision), and `changed_tables()`
names the tables that differ, so a failure says where the stray write went. The URL × actor
matrix (tests/test_access_matrix.py) and the service × actor matrix (tests/service_matrix.py)
both use it.
"""

from functools import cache

from django.db import connection

# Rows that only migrations write: leaving them out keeps the fingerprint cheap.
STATIC_TABLES = {"auth_permission", "django_content_type", "django_site"}


@cache
def _tables(exclude: frozenset) -> list[str]:
    return sorted(
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in exclude | STATIC_TABLES
    )


def database_fingerprint(*, exclude=()) -> dict[str, str]:
    """{table: digest of all its rows} for every table of an installed model."""
    tables = _tables(frozenset(exclude))
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        columns = ", ".join(
            f"(SELECT count(*) || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0) "
            f"FROM {quote(table)} t)"
            for table in tables
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}")
            return dict(zip(tables, cursor.fetchone(), strict=True))
    # Portable path (SQLite): every row of every table, sorted.
    digests = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from Django
            digests[table] = repr(sorted(map(repr, cursor.fetchall())))
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    tables = before.keys() | after.keys()
    return sorted(table for table in tables if before.get(table) != after.get(table))
