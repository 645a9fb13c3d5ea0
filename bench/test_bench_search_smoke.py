"""The search benchmark measures what it claims: the generated documents look like a registry's, search and the
substring scan agree where they should, confidential documents stay hidden, and an over-long call is stopped.
No timings are asserted: they belong to bench/README.md, not to CI."""

import datetime

import pytest
from django.db import connection

from bench.bench_search import (
    Interrupted,
    PrefixCheck,
    Query,
    Row,
    Timing,
    agreement,
    call_within,
    check_prefix_rule,
    ensure_user,
    footnotes,
    format_hits,
    pick_district,
    plan_verdict,
    prefix_match,
    run,
    substring_only_example,
)
from bench.generate import generate
from bench.generate_documents import FIRST_DAY, LAST_DAY, TOPICS, generate_documents
from lanhdao.accounts.roles import Clearance
from lanhdao.documents.models import Document
from lanhdao.documents.search import SearchPage, icontains_scan, search_documents
from lanhdao.documents.selectors import documents_for
from lanhdao.documents.symbols import parse_symbol
from lanhdao.org.selectors import subtree

COUNT = 300
# Words that never sit inside another word in the generated text, so prefix and substring matching agree.
AGREEING_QUERIES = ["nghi quyet", "tinh gian bien che", "Đổi mới phương thức lãnh đạo", "cong tac can bo"]


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def registry(db):
    generate("S", log=quiet)
    generate_documents("S", count=COUNT, log=quiet)


@pytest.fixture
def district_users(registry):
    """The district's secretary as the benchmark makes them (clearance 1), and a normal-clearance one."""
    district = pick_district()
    secret = ensure_user("bench_search_district", clearance=Clearance.SECRET, unit=district)
    normal = ensure_user("bench_search_normal", clearance=Clearance.NORMAL, unit=district)
    admin = ensure_user("bench_search_admin", clearance=Clearance.TOP_SECRET, superuser=True)
    return admin, secret, normal


def ids(documents) -> set[int]:
    return {document.pk for document in documents}


def test_generator_writes_documents_that_look_like_a_registry(registry):
    documents = list(Document.objects.select_related("owner"))
    assert len(documents) == COUNT
    assert len(TOPICS) >= 60
    by_level = {"province_committee": "/TU", "district_committee": "/ThU", "commune_committee": "/ĐU"}
    for document in documents:
        assert str(parse_symbol(document.symbol)) == document.symbol  # a well-formed Party symbol
        if document.owner.kind in by_level:
            assert document.symbol.endswith(by_level[document.owner.kind])
        assert FIRST_DAY <= document.issued_on <= LAST_DAY
        assert 50 <= len(document.full_text.split()) <= 300
        assert document.search_title and document.search_body  # refresh_search_fields ran before bulk_create
    confidential = sum(document.confidentiality > Clearance.NORMAL for document in documents)
    assert 0 < confidential < COUNT * 0.1


def test_numbers_restart_for_each_kind_issuer_and_term_and_follow_the_dates(registry):
    series: dict[tuple, list[tuple[datetime.date, int]]] = {}
    for owner, kind, term, issued_on, number in Document.objects.values_list(
        "owner", "kind", "term", "issued_on", "number"
    ):
        series.setdefault((owner, kind, term), []).append((issued_on, int(number)))
    for numbers in series.values():
        assert [number for _, number in sorted(numbers)] == list(range(1, len(numbers) + 1))


def test_generating_twice_creates_nothing_the_second_time(registry):
    again = generate_documents("S", count=COUNT, log=quiet)
    assert again.skipped and again.created == 0
    assert Document.objects.count() == COUNT


@pytest.mark.parametrize("query", AGREEING_QUERIES)
def test_search_and_scan_find_the_same_documents(district_users, query):
    admin, secret, _ = district_users
    for user in (admin, secret):
        visible = documents_for(user)
        page = search_documents(visible, query, limit=COUNT)
        scan = icontains_scan(visible, query)
        assert page.total > 0, "the query must find something, or the comparison proves nothing"
        assert ids(page.documents) == ids(scan)
        assert check_prefix_rule(user, query).matching == page.total


def test_a_symbol_query_finds_by_word_prefix_what_the_scan_finds_by_substring(district_users):
    admin, _, _ = district_users
    visible = documents_for(admin)
    page = search_documents(visible, "05-NQ/TU", limit=COUNT)
    scan = ids(icontains_scan(visible, "05-NQ/TU"))
    assert ids(page.documents) <= scan
    assert check_prefix_rule(admin, "05-NQ/TU").matching == page.total


def test_normal_clearance_user_never_sees_confidential_documents(district_users):
    admin, _, normal = district_users
    in_scope = subtree(pick_district()).values("id")
    confidential = Document.objects.filter(owner__in=in_scope, confidentiality__gt=Clearance.NORMAL).first()
    assert confidential is not None, "the generated district must hold a confidential document"
    for query in [confidential.title, confidential.symbol, *AGREEING_QUERIES]:
        page = search_documents(documents_for(normal), query, limit=COUNT)
        assert all(d.confidentiality == Clearance.NORMAL for d in page.documents), query
        assert not icontains_scan(documents_for(normal), query).filter(confidentiality__gt=0).exists(), query
    # The same search as the superuser does find it: the query was not just missing it.
    assert confidential.pk in ids(search_documents(documents_for(admin), confidential.title, limit=COUNT).documents)


def test_the_benchmark_runs_and_agrees_on_a_small_registry(district_users):
    rows = run(repeat=1, budget_seconds=60, queries=[Query("tinh gian bien che", "mid")], log=quiet)
    assert [row.user_label for row in rows] == ["superuser", pick_district().code]
    for row in rows:
        assert row.search_hits == row.scan_hits == row.prefix.matching > 0
        assert row.page_in_scan
        assert row.search.median_ms is not None and row.scan.median_ms is not None


def test_a_call_past_the_budget_is_interrupted(db):
    if connection.vendor == "postgresql":
        slow = "SELECT pg_sleep(5)"
    else:
        slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"

    def run_slow():
        with connection.cursor() as cursor:
            cursor.execute(slow)

    with pytest.raises(Interrupted):
        call_within(run_slow, 0.2)
    # The connection is still usable, and without a limit.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_prefix_rule_is_the_full_text_rule():
    assert prefix_match(["05", "nq", "tu"], "05 nq tu nghi quyet")
    assert prefix_match(["nghi", "quyet"], "nghiem tuc quyet dinh")
    assert not prefix_match(["05", "nq", "tu"], "105 nq tu")
    assert substring_only_example(["05", "nq"], "so 105 nq tu") == "'05' inside '105'"


def test_plan_verdicts():
    per_id = "3 | 0 | 0 | SCAN documents_fts VIRTUAL TABLE INDEX 0:=M2\n7 | 0 | 0 | LIST SUBQUERY 1"
    assert plan_verdict("sqlite", per_id).startswith("FTS5 is used, but as '=M2'")
    driven = "3 | 0 | 0 | SCAN documents_fts VIRTUAL TABLE INDEX 0:M2\n7 | 0 | 0 | LIST SUBQUERY 1"
    assert plan_verdict("sqlite", driven).startswith("the FTS5 index (MATCH) finds")
    assert plan_verdict("sqlite", "SCAN documents_document") == "NO FTS5 index used."
    gin = "Bitmap Heap Scan on documents_document\n  ->  Bitmap Index Scan on documents_search_vector_idx"
    assert plan_verdict("postgresql", gin).startswith("the GIN index on the stored search_vector column")
    assert plan_verdict("postgresql", "Seq Scan on documents_document").startswith("NO search index")


def test_a_capped_total_is_a_lower_bound_not_a_disagreement():
    # PostgreSQL stops counting very common queries at a limit: "more than 5,000", not a wrong count.
    page = SearchPage([], 5000, total_is_lower_bound=True)
    row = Row(Query("nghi quyet", "common"), "superuser", Timing(page, 3, 1.0, 5), Timing(([], 86406), 2, 1.0, 5), 60)
    row.page_in_scan, row.prefix = True, PrefixCheck(86406, None)
    assert (format_hits(row), agreement(row)) == (">5,000", "<")
    assert not any("WRONG" in note for note in footnotes([row]))
    row.prefix = PrefixCheck(4000, None)  # fewer matches than the lower bound claims
    assert any("WRONG" in note for note in footnotes([row]))
