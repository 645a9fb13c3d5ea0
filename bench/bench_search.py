"""Benchmark of document search: the product's full-text search (SQLite FTS5, PostgreSQL GIN) against the plain
substring scan it replaces, on generated Vietnamese documents, for a superuser and for a district's secretary.

    .venv/bin/python bench/bench_search.py [--scale S|M|L] [--database-url URL] [--repeat N] [--budget S] [--count N]

The tree and `--count` documents (default 100,000) are generated first if they are missing
(bench/generate_documents.py). For every query and user, both paths run once untimed (that run counts the queries
and warms the caches), then `--repeat` times each on the clock; the table shows the medians. A call still running
after `--budget` seconds is stopped and shown as such, so one pathological case cannot hold the run for hours.

- search: `search_documents(documents_for(user), q, limit=25)`, the product's path: a ranked page and the total.
- icontains: `icontains_scan(documents_for(user), q)`, its first 25 by date (owners joined, as search loads them)
  and its `.count()`.

The two do not answer the same question: full-text search matches word prefixes (`tu` finds `tuong`), the scan
substrings (`05` also finds `105`). So the hit counts are compared, not asserted: every
document the scan returns is checked in Python against the prefix rule, which must give exactly search's total;
a difference between search and scan is then explained in a footnote by a word that holds the query's word inside
it rather than at its start.
"""

import argparse
import gc
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    # Run as a script (`python bench/bench_search.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_subtree import QueryCounter
from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log
from bench.generate_documents import DEFAULT_COUNT, prepare_documents

if TYPE_CHECKING:
    from lanhdao.accounts.models import User
    from lanhdao.org.models import Unit

DEFAULT_REPEAT = 5
DEFAULT_BUDGET = 60.0  # seconds a call may run before it is interrupted
PAGE_SIZE = 25
ADMIN_USERNAME = "bench_search_admin"
DISTRICT_USERNAME = "bench_search_district"


@dataclass(frozen=True)
class Query:
    text: str
    label: str


QUERIES = [
    Query("nghi quyet", "common words"),
    Query("tinh gian bien che", "mid-frequency phrase"),
    Query("ATK Định Hóa", "rare phrase"),
    Query("05-NQ/TU", "symbol"),
    Query("Đổi mới phương thức lãnh đạo", "diacritics"),
    Query("cai cach hanh chnh", "typo"),  # "chinh" misspelt: only PostgreSQL's trigram fallback finds anything
]
EXPLAINED_QUERY = "tinh gian bien che"


# -- the users -------------------------------------------------------------------------------------------------------


def pick_district() -> "Unit":
    """The district committee with the most units under it; at L, where districts are gone, the largest commune."""
    from lanhdao.org.kinds import UnitKind
    from lanhdao.org.models import Unit

    for kind in (UnitKind.DISTRICT_COMMITTEE, UnitKind.COMMUNE_COMMITTEE):
        unit = Unit.objects.filter(kind=kind, archived_at__isnull=True).order_by("-numchild", "path").first()
        if unit is not None:
            return unit
    raise LookupError("the tree has neither a district nor a commune committee")


def ensure_user(username: str, *, clearance: int, superuser: bool = False, unit: "Unit | None" = None) -> "User":
    """A user of the benchmark (no usable password), with the secretary's role on `unit` when one is given."""
    from lanhdao.accounts.models import RoleAssignment, User
    from lanhdao.accounts.roles import Role

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=username, is_superuser=superuser, is_staff=superuser)
        user.set_unusable_password()
    user.clearance = clearance
    user.save()
    if unit is not None and not RoleAssignment.objects.active().filter(user=user, unit=unit).exists():
        RoleAssignment.objects.create(user=user, unit=unit, role=Role.SECRETARY)
    return user


def bench_users() -> list[tuple[str, "User"]]:
    """(label, user): a superuser who may see everything, and a district's secretary with clearance 1 (Mật)."""
    from lanhdao.accounts.roles import Clearance

    district = pick_district()
    admin = ensure_user(ADMIN_USERNAME, clearance=Clearance.TOP_SECRET, superuser=True)
    secretary = ensure_user(DISTRICT_USERNAME, clearance=Clearance.SECRET, unit=district)
    return [("superuser", admin), (district.code, secretary)]


# -- the two paths ---------------------------------------------------------------------------------------------------


def search_page(user: "User", query: str):
    """The product's path: the ranked first page and the total."""
    from lanhdao.documents.search import search_documents
    from lanhdao.documents.selectors import documents_for

    return search_documents(documents_for(user), query, limit=PAGE_SIZE)


def icontains_page(user: "User", query: str) -> tuple[list, int]:
    """The baseline: the substring scan's first page by date, and its count."""
    from lanhdao.documents.search import icontains_scan
    from lanhdao.documents.selectors import documents_for

    scan = icontains_scan(documents_for(user), query)
    return list(scan.select_related("owner").order_by("-issued_on", "-id")[:PAGE_SIZE]), scan.count()


def prefix_match(tokens: list[str], text: str) -> bool:
    """The full-text rule in Python: every query word starts some word of `text` (folded words)."""
    words = text.split()
    return all(any(word.startswith(token) for word in words) for token in tokens)


def substring_only_example(tokens: list[str], text: str) -> str | None:
    """A word of `text` that holds a query word inside it but no word starts with that query word."""
    words = text.split()
    for token in tokens:
        if not any(word.startswith(token) for word in words):
            inside = next((word for word in words if token in word), None)
            if inside is not None:
                return f"{token!r} inside {inside!r}"
    return None


@dataclass
class PrefixCheck:
    """What the scan's documents say about the prefix rule: how many obey it, and one that does not."""

    matching: int
    example: str | None  # "'05' inside '2005' (12-KH/ĐU)"


def check_prefix_rule(user: "User", query: str) -> PrefixCheck:
    """Count the documents of the scan that obey the word-prefix rule full-text search applies."""
    from lanhdao.core.text import search_tokens
    from lanhdao.documents.search import icontains_scan
    from lanhdao.documents.selectors import documents_for

    tokens = search_tokens(query)
    rows = icontains_scan(documents_for(user), query).values_list("symbol", "search_title", "search_body")
    matching, example = 0, None
    for symbol, title, body in rows.iterator(chunk_size=2_000):
        text = f"{title} {body}"
        if prefix_match(tokens, text):
            matching += 1
        elif example is None:
            example = f"{substring_only_example(tokens, text)} ({symbol})"
    return PrefixCheck(matching, example)


# -- measuring -------------------------------------------------------------------------------------------------------


class Interrupted(Exception):
    """A call ran past the budget and was stopped."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Stop whatever runs in the block after `seconds` (0: no limit): SQLite through a progress handler that aborts
    the running statement once the deadline has passed, PostgreSQL through `statement_timeout` (per statement)."""
    from django.db import connection, transaction

    if not seconds:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 100_000)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        try:
            if connection.in_atomic_block:
                # Inside a transaction (a test): a savepoint, so a timeout does not abort the caller's transaction.
                with transaction.atomic():
                    yield
            else:
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
    else:
        yield


def call_within(
    func: Callable[[], Any], seconds: float, *, counter: QueryCounter | None = None, clock: list[float] | None = None
) -> Any:
    """`func()`, or Interrupted if it ran past `seconds`. `counter` counts its queries and `clock` receives its
    duration in ms, both without the budget's own statements."""
    from django.db import OperationalError, connection

    try:
        with budget(seconds), connection.execute_wrapper(counter or (lambda execute, *args: execute(*args))):
            started = time.perf_counter()
            result = func()
            if clock is not None:
                clock.append((time.perf_counter() - started) * 1000)
    except OperationalError as error:
        if "interrupt" in str(error) or "statement timeout" in str(error):
            raise Interrupted(str(error)) from error
        raise
    return result


@dataclass
class Timing:
    result: Any  # None when the first run was interrupted
    queries: int
    median_ms: float | None  # None: interrupted
    runs: int


def timed(func: Callable[[], Any], *, repeat: int, budget_seconds: float) -> Timing:
    """Run `func` once counting its queries (that run also warms the caches), then `repeat` times on the clock.

    A run past the budget is interrupted; if that happens on the first run, the others are not tried."""
    counter = QueryCounter()
    try:
        result = call_within(func, budget_seconds, counter=counter)
    except Interrupted:
        return Timing(None, counter.count, None, 0)
    gc.collect()
    timings: list[float] = []
    for _ in range(repeat):
        try:
            call_within(func, budget_seconds, clock=timings)
        except Interrupted:
            return Timing(result, counter.count, None, len(timings))
    return Timing(result, counter.count, statistics.median(timings) if timings else None, len(timings))


@dataclass
class Row:
    query: Query
    user_label: str
    search: Timing
    scan: Timing
    budget_seconds: float
    page_in_scan: bool | None = None  # every document of search's first page is in the scan's result
    prefix: PrefixCheck | None = None

    @property
    def search_hits(self) -> int | None:
        return self.search.result.total if self.search.result is not None else None

    @property
    def scan_hits(self) -> int | None:
        return self.scan.result[1] if self.scan.result is not None else None

    @property
    def typo_fallback(self) -> bool:
        return self.search.result is not None and self.search.result.typo_fallback

    @property
    def capped(self) -> bool:
        """Search counted no further than its limit: `search_hits` is a lower bound (PostgreSQL, common words)."""
        return self.search.result is not None and getattr(self.search.result, "total_is_lower_bound", False)

    @property
    def ratio(self) -> str:
        search, scan = self.search.median_ms, self.scan.median_ms
        if search is None and scan is None:
            return "?"
        if search is None:
            return f"<{scan / (self.budget_seconds * 1000):.3f}x"
        if scan is None:
            return f">{self.budget_seconds * 1000 / search:.0f}x"
        return f"{scan / search:.1f}x"


def compare(user_label: str, user: "User", query: Query, *, repeat: int, budget_seconds: float) -> Row:
    from lanhdao.documents.search import icontains_scan
    from lanhdao.documents.selectors import documents_for

    search = timed(lambda: search_page(user, query.text), repeat=repeat, budget_seconds=budget_seconds)
    scan = timed(lambda: icontains_page(user, query.text), repeat=repeat, budget_seconds=budget_seconds)
    row = Row(query, user_label, search, scan, budget_seconds)
    if search.result is not None:
        ids = [document.pk for document in search.result.documents]
        row.page_in_scan = icontains_scan(documents_for(user), query.text).filter(pk__in=ids).count() == len(ids)
    if not row.typo_fallback:
        row.prefix = check_prefix_rule(user, query.text)
    return row


def search_statements(user: "User", query: str, *, budget_seconds: float) -> list[tuple[str, Any]]:
    """The statements search_documents sends for `query` (but the in_bulk of the page), with their parameters.

    On SQLite they are recorded and not run (EXPLAIN QUERY PLAN does not need their results, and the unfixed
    search can take minutes): the count gets a 0, the page no rows. On PostgreSQL they run, as EXPLAIN ANALYZE will.
    """
    from django.db import connection

    statements: list[tuple[str, Any]] = []
    dry = connection.vendor == "sqlite"

    def capture(execute, sql, params, many, context):
        if "documents_fts" not in sql and "@@" not in sql and "<%" not in sql:
            return execute(sql, params, many, context)
        statements.append((sql, params))
        if dry:
            return execute("SELECT 0" if sql.startswith("SELECT count(*)") else "SELECT 0 WHERE 0", (), many, context)
        return execute(sql, params, many, context)

    # Interrupted: the statements sent so far are still worth explaining.
    with connection.execute_wrapper(capture), suppress(Interrupted):
        call_within(lambda: search_page(user, query), budget_seconds)
    return statements


def explain_search(user: "User", query: str, *, budget_seconds: float = 0) -> list[str]:
    """The plans of the statements search_documents runs for `query`, and whether they use the search index."""
    from django.db import connection

    postgresql = connection.vendor == "postgresql"
    verb = "EXPLAIN (ANALYZE, BUFFERS)" if postgresql else "EXPLAIN QUERY PLAN"
    lines = []
    for sql, params in search_statements(user, query, budget_seconds=budget_seconds):
        lines.append(f"  SQL: {sql}")
        lines.append(f"  params: {params!r}")

        def explain(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(f"{verb} {sql}", params)
                return cursor.fetchall()

        try:
            plan = call_within(explain, budget_seconds)
        except Interrupted:
            lines += [f"  (interrupted after {budget_seconds:g} s)", ""]
            continue
        text = "\n".join(row[0] if postgresql else " | ".join(str(c) for c in row) for row in plan)
        lines += [f"    {line}" for line in text.splitlines()]
        lines.append(f"  -> {plan_verdict(connection.vendor, text)}")
        lines.append("")
    return lines


GIN_INDEXES = {
    "documents_search_vector_idx": "the GIN index on the stored search_vector column",
    "documents_fts_idx": "the GIN expression index documents_fts_idx",
    "documents_title_trgm": "the trigram index documents_title_trgm",
}


def plan_verdict(vendor: str, plan: str) -> str:
    """One sentence on whether the statement is driven by the search index."""
    if vendor == "postgresql":
        used = [description for name, description in GIN_INDEXES.items() if name in plan]
        if used:
            return f"{' and '.join(used)} finds the matching rows."
        return "NO search index used: the statement reads documents_document another way."
    # FTS5 describes its plan in idxStr: "M2" is the MATCH on every column, "=" a rowid = ? constraint.
    index = re.search(r"SCAN documents_fts VIRTUAL TABLE INDEX \d+:(\S*)", plan)
    if index is None or "M" not in index.group(1):
        return "NO FTS5 index used."
    if "=" in index.group(1):
        return (
            f"FTS5 is used, but as {index.group(1)!r}: MATCH with rowid = ?, i.e. the full-text query is run once for "
            "every id of the IN (visible documents) list, instead of once with the list filtering its result."
        )
    return "the FTS5 index (MATCH) finds the matching rows; the visible ids filter them."


def footnotes(rows: list[Row]) -> list[str]:
    """One line for every row whose search and scan disagree, and for anything that looks wrong."""
    notes = []
    for row in rows:
        where = f"{row.query.text!r}, {row.user_label}"
        for name, timing in (("search", row.search), ("icontains", row.scan)):
            if timing.median_ms is None:
                notes.append(
                    f"{where}: {name} was interrupted after {row.budget_seconds:g} s "
                    f"({'on its first run' if timing.result is None else f'after {timing.runs} timed runs'})."
                )
        if row.typo_fallback:
            notes.append(
                f"{where}: no word starts with every query word, so search fell back to pg_trgm word similarity on "
                f"titles ({row.search_hits:,} titles); the scan looks for exact substrings and finds "
                f"{row.scan_hits:,}."
            )
            continue
        if row.prefix is None:
            continue
        if row.search_hits is None:
            notes.append(f"{where}: by the word-prefix rule, search would have found {row.prefix.matching:,}.")
            continue
        if row.page_in_scan is False:
            notes.append(f"{where}: WRONG? search's first page holds documents the scan does not find.")
        if row.capped:
            if row.prefix.matching <= row.search_hits:
                notes.append(
                    f"{where}: WRONG? search says more than {row.search_hits:,}, but only {row.prefix.matching:,} "
                    "of the scan's documents have every query word at the start of a word."
                )
            else:
                notes.append(
                    f"{where}: search stops counting at {row.search_hits:,} and orders the page by date, not by rank "
                    f"(shown as more than {row.search_hits:,}); by the word-prefix rule there are "
                    f"{row.prefix.matching:,}."
                )
        elif row.prefix.matching != row.search_hits:
            notes.append(
                f"{where}: WRONG? search counts {row.search_hits:,}, but {row.prefix.matching:,} of the scan's "
                "documents have every query word at the start of a word."
            )
        if row.scan_hits is not None and row.prefix.matching != row.scan_hits:
            notes.append(
                f"{where}: the scan finds {row.scan_hits:,}, the word-prefix rule {row.prefix.matching:,}: the scan "
                f"also matches a query word inside a word (e.g. {row.prefix.example}); full-text search matches word "
                "prefixes only."
            )
    return notes


def visible_counts(users: list[tuple[str, "User"]]) -> list[str]:
    from lanhdao.documents.models import Document
    from lanhdao.documents.selectors import documents_for

    lines = [f"documents: {Document.objects.count():,}"]
    for label, user in users:
        lines.append(
            f"  visible to {label} ({user.username}, clearance {user.clearance}): {documents_for(user).count():,}"
        )
    return lines


def format_ms(timing: Timing, budget_seconds: float) -> str:
    if timing.median_ms is None:
        return f">{budget_seconds * 1000:,.0f}"
    return f"{timing.median_ms:,.2f}"


def format_count(count: int | None) -> str:
    return "?" if count is None else f"{count:,}"


def format_hits(row: Row) -> str:
    if row.search_hits is None:
        return "?"
    return f">{row.search_hits:,}" if row.capped else f"{row.search_hits:,}"


def agreement(row: Row) -> str:
    if row.typo_fallback:
        return "~"
    if row.search_hits is None or row.scan_hits is None:
        return "?"
    if row.capped:
        return "<"
    return "=" if row.search_hits == row.scan_hits else "≠"


def queries_per_call(timings: Iterable[Timing]) -> str:
    """'3' or '3–5': the queries of the calls that ran to the end (the typo fallback runs more)."""
    counts = sorted({t.queries for t in timings if t.result is not None})
    if not counts:
        return "?"
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"


def run(
    *,
    repeat: int = DEFAULT_REPEAT,
    budget_seconds: float = DEFAULT_BUDGET,
    queries: list[Query] = QUERIES,
    log: Log = print,
) -> list[Row]:
    """Time every query for both users, print the table, the footnotes and the plans of one search."""
    from django.db import connection

    users = bench_users()
    log(f"database: {describe_database()}; repeat {repeat}; page {PAGE_SIZE}; budget {budget_seconds:g} s a call")
    for line in visible_counts(users):
        log(line)
    rows = []
    for query in queries:
        for label, user in users:
            row = compare(label, user, query, repeat=repeat, budget_seconds=budget_seconds)
            rows.append(row)
            log(
                f"  {query.text!r:<32} {label:<10} search {format_ms(row.search, budget_seconds):>10} ms, "
                f"icontains {format_ms(row.scan, budget_seconds):>10} ms"
            )

    log("")
    log(
        f"{'query':<30} {'kind':<20} {'user':<9} {'hits':>7} {'icontains':>9} {'':1} "
        f"{'search ms':>10} {'icontains ms':>12} {'ratio':>8}"
    )
    for row in rows:
        log(
            f"{row.query.text:<30} {row.query.label:<20} {row.user_label:<9} {format_hits(row):>7} "
            f"{format_count(row.scan_hits):>9} {agreement(row):1} {format_ms(row.search, budget_seconds):>10} "
            f"{format_ms(row.scan, budget_seconds):>12} {row.ratio:>8}"
        )
    log(
        "(hits: search's total, >N when it stops counting at N; icontains: the scan's count; = they agree, ≠ and < "
        "see below, ~ typo fallback. Medians of "
        f"{repeat} runs. Queries per call: search {queries_per_call(r.search for r in rows)}, icontains "
        f"{queries_per_call(r.scan for r in rows)}. ratio: icontains ms / search ms.)"
    )
    notes = footnotes(rows)
    if notes:
        log("")
        for number, note in enumerate(notes, 1):
            log(f"[{number}] {note}")

    log("")
    label, user = users[-1]
    verb = "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    log(f"{verb} of the statements search runs for {EXPLAINED_QUERY!r} as {label}:")
    for line in explain_search(user, EXPLAINED_QUERY, budget_seconds=budget_seconds):
        log(line)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Document search: full-text search against a substring scan.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed runs (default {DEFAULT_REPEAT})")
    parser.add_argument(
        "--budget",
        type=float,
        default=DEFAULT_BUDGET,
        help=f"seconds a call may run before it is interrupted, 0 for no limit (default {DEFAULT_BUDGET:g})",
    )
    parser.add_argument(
        "--count", type=int, default=DEFAULT_COUNT, help=f"documents to generate if missing ({DEFAULT_COUNT:,})"
    )
    args = parser.parse_args(argv)

    sys.stdout.reconfigure(line_buffering=True)  # progress lines show as they come when the output is a file
    setup_django(resolve_database_url(args.scale, args.database_url))
    prepare_documents(args.scale, count=args.count)
    print()
    run(repeat=args.repeat, budget_seconds=args.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
