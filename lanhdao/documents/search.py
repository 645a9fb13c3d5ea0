"""Full-text search of documents: one function, two engines behind it.

Both engines index the folded copies of the text (core.text.fold: no diacritics, `đ` → `d`), so `doi moi phuong thuc
lanh dao` finds `Đổi mới phương thức lãnh đạo` on both, and the query is folded the same way.

- SQLite: an FTS5 table (`documents_fts`, external content, kept in step by triggers), ranked by bm25 with the
  symbol and title weighing more than the body.
- PostgreSQL: a GIN index on a weighted `to_tsvector('simple', …)` expression, ranked by ts_rank; when nothing
  matches, a pg_trgm similarity on the title catches typos. (`unaccent` is not needed: the indexed text is already
  folded, and the folding also handles `đ`, which unaccent leaves to its rules file.)

The visible set (documents_for) is passed in as a queryset and becomes a subquery, so scope and confidentiality
filter the ranked results and their count in the same statement.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from lanhdao.core.text import search_tokens

from .models import Document, symbol_key
from .symbols import normalise_symbol

log = logging.getLogger(__name__)

FTS_TABLE = "documents_fts"
PG_VECTOR_EXPRESSION = (
    "(setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B'))"
)
# A stored generated column: ranking reads it instead of re-parsing title and body of every match (measured on
# 100,000 documents: "nghi quyet" 8.6 s → 1.2 s). It is not in the model: only PostgreSQL has it.
PG_VECTOR = "search_vector"
# Above this many matches a ranking means little and costs most: the page is ordered by date instead and the total
# is given as "more than" (counted with a LIMIT).
RANK_LIMIT = 5000


@dataclass
class SearchPage:
    documents: list[Document]
    total: int
    typo_fallback: bool = False
    total_is_lower_bound: bool = False  # more than `total` documents match (PostgreSQL, above RANK_LIMIT)


def search_documents(visible: QuerySet[Document], query: str, *, offset: int = 0, limit: int = 50) -> SearchPage:
    tokens = search_tokens(query)
    if not tokens:
        return SearchPage([], 0)
    inner_sql, inner_params = visible.values("id").query.sql_with_params()
    # A query that is a symbol puts the document bearing that symbol first, before those that merely cite it.
    exact = symbol_key(normalise_symbol(query) or query)
    if connection.vendor == "postgresql":
        ids, total, fallback, capped = _postgresql(tokens, exact, inner_sql, inner_params, offset, limit)
    else:
        ids, total, fallback, capped = *_sqlite(tokens, exact, inner_sql, inner_params, offset, limit), False
    by_id = Document.objects.select_related("owner").in_bulk(ids)
    return SearchPage([by_id[i] for i in ids if i in by_id], total, fallback, capped)


def _sqlite(tokens, exact, inner_sql, inner_params, offset, limit):
    match = " ".join(f'"{t}"*' for t in tokens)
    # The unary `+` keeps `rowid IN (…)` away from FTS5's planner, which would otherwise take it as `rowid = ?` and
    # run the MATCH once per visible document (quadratic: one search over 100,000 documents took minutes).
    where = f"{FTS_TABLE} MATCH %s AND +rowid IN ({inner_sql})"
    params = [match, *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {where}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY "
            "rowid IN (SELECT id FROM documents_document WHERE symbol_key = %s) DESC, "
            f"bm25({FTS_TABLE}, 4.0, 1.0), rowid DESC LIMIT %s OFFSET %s",
            [*params, exact, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()], total, False


def _postgresql(tokens, exact, inner_sql, inner_params, offset, limit):
    tsquery = " & ".join(f"{t}:*" for t in tokens)
    where = f"{PG_VECTOR} @@ to_tsquery('simple', %s) AND id IN ({inner_sql})"
    params = [tsquery, *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM documents_document WHERE {where} LIMIT %s) AS matches",
            [*params, RANK_LIMIT + 1],
        )
        total = cursor.fetchone()[0]
        if total > RANK_LIMIT:
            cursor.execute(
                f"SELECT id FROM documents_document WHERE {where} "
                "ORDER BY symbol_key = %s DESC, issued_on DESC NULLS LAST, id DESC LIMIT %s OFFSET %s",
                [*params, exact, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()], RANK_LIMIT, False, True
        if total:
            cursor.execute(
                f"SELECT id FROM documents_document WHERE {where} "
                f"ORDER BY symbol_key = %s DESC, ts_rank({PG_VECTOR}, to_tsquery('simple', %s)) DESC, "
                "issued_on DESC NULLS LAST, id DESC LIMIT %s OFFSET %s",
                [*params, exact, tsquery, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()], total, False, False
    return (*_postgresql_trigram(" ".join(tokens), inner_sql, inner_params, offset, limit), False)


def _postgresql_trigram(text, inner_sql, inner_params, offset, limit):
    """Typos: titles whose words are similar to the query's (pg_trgm word similarity)."""
    if not _has_trigram():
        return [], 0, False
    where = f"%s <%% search_title AND id IN ({inner_sql})"
    params = [text, *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM documents_document WHERE {where}", params)
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT id FROM documents_document WHERE {where} "
            "ORDER BY word_similarity(%s, search_title) DESC, id DESC LIMIT %s OFFSET %s",
            [*params, text, limit, offset],
        )
        return [row[0] for row in cursor.fetchall()], total, True


def _has_trigram() -> bool:
    """Whether pg_trgm is installed. Only its absence turns the typo fallback off: any other database error (a
    timeout, a lock) is raised, not reported as "nothing found"."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        present = cursor.fetchone() is not None
    if not present:
        log.warning("pg_trgm is not available: search without typo tolerance")
    return present


def icontains_scan(visible: QuerySet[Document], query: str) -> QuerySet[Document]:
    """The plain scan that full-text search replaces (used by the benchmark as its baseline)."""
    for token in search_tokens(query):
        visible = visible.filter(search_title__contains=token) | visible.filter(search_body__contains=token)
    return visible


# -- index maintenance, called by the migration and after every migrate --------------------------------------------

SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "search_title, search_body, content='documents_document', content_rowid='id', tokenize='unicode61')",
    f"CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents_document BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); "
    "END",
    f"CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    f"CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE ON documents_document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); "
    "END",
]
PG_DDL = [
    f"ALTER TABLE documents_document ADD COLUMN IF NOT EXISTS {PG_VECTOR} tsvector "
    f"GENERATED ALWAYS AS {PG_VECTOR_EXPRESSION} STORED",
    f"CREATE INDEX IF NOT EXISTS documents_search_vector_idx ON documents_document USING gin ({PG_VECTOR})",
    "DROP INDEX IF EXISTS documents_fts_idx",  # the expression index of the first version, replaced by the column
]
PG_TRGM_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS documents_title_trgm ON documents_document USING gin (search_title gin_trgm_ops)",
]


def ensure_search_index(using_connection=None) -> None:
    """Create the search index if it is missing (idempotent).

    On SQLite, Django rebuilds a table to alter it, which drops its triggers: this runs after every migrate, and
    when it had to recreate the triggers it rebuilds the FTS table from the documents.
    """
    conn = using_connection or connection
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'documents_fts_%%'")
            had_triggers = cursor.fetchone()[0] == 3
            for statement in SQLITE_DDL:
                cursor.execute(statement)
            if not had_triggers:
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        elif conn.vendor == "postgresql":
            # Look before creating: even CREATE INDEX IF NOT EXISTS fails inside a transaction that has written to
            # the table (pending trigger events), as when `demo` runs migrate again after loading data.
            cursor.execute(
                "SELECT indexname FROM pg_indexes "
                "WHERE indexname IN ('documents_search_vector_idx', 'documents_title_trgm')"
            )
            present = {row[0] for row in cursor.fetchall()}
            if "documents_search_vector_idx" not in present:
                for statement in PG_DDL:
                    cursor.execute(statement)
            if "documents_title_trgm" not in present:
                try:
                    with transaction.atomic(using=conn.alias):
                        for statement in PG_TRGM_DDL:
                            cursor.execute(statement)
                except DatabaseError:
                    log.warning("pg_trgm could not be installed: search works without typo tolerance")
