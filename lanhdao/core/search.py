"""The seam between a portable search and PostgreSQL's faster one.

Every searchable model keeps a folded copy of its text (see core.text.fold), so a plain `contains` on that column
gives the same answers on SQLite and PostgreSQL. On PostgreSQL a trigram GIN index on the column (created by
`create_trigram_index`) makes that `contains` an index scan instead of a sequential one.
"""

import logging

from django.db import connection, transaction
from django.db.models import QuerySet

from .text import fold

log = logging.getLogger(__name__)


def filter_folded(queryset: QuerySet, field: str, query: str) -> QuerySet:
    """Rows whose folded `field` contains every word of `query`, folded the same way."""
    for word in fold(query).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


def create_trigram_index(schema_editor, table: str, column: str, name: str) -> None:
    """Migration helper: a pg_trgm index where the database is PostgreSQL and allows the extension; else nothing."""
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ("{column}" gin_trgm_ops)'
            )
    except Exception:  # the role may not create extensions: search still works, only slower
        log.warning("pg_trgm unavailable: %s.%s is searched without a trigram index", table, column)


def drop_trigram_index(schema_editor, name: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"
