"""The benchmark measures what it claims: the S tree is generated, every walk finds the same units, and the
one-query listing really is one query. No timings are asserted: they belong to bench/README.md, not to CI."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.bench_subtree import (
    QueryCounter,
    check_same_ids,
    pg_plan_verdict,
    pick_unit,
    subtree_ids,
    subtree_objects,
    walk_per_level,
    walk_per_node,
    walk_per_parent,
)
from bench.generate import ROOT_CODES, ScaleMismatch, count_specs, generate, scale_specs
from lanhdao.audit.models import AuditEntry
from lanhdao.org.models import Unit
from lanhdao.org.selectors import subtree_counts

S_UNITS = 644  # the province root and Thành phố Thái Nguyên with its 32 communes


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def s_root(db) -> Unit:
    generate("S", log=quiet)
    return pick_unit("S")


def test_s_scale_is_one_district_under_the_province_root(s_root):
    assert count_specs(scale_specs("S")) == S_UNITS
    assert s_root.code == ROOT_CODES["S"]
    assert Unit.objects.count() == S_UNITS
    assert Unit.objects.filter(depth=2).get().code == "HU164"


def test_generating_twice_creates_nothing_the_second_time(s_root):
    again = generate("S", log=quiet)
    assert again.skipped
    assert again.created == 0
    assert Unit.objects.count() == S_UNITS


def test_an_s_database_does_not_pass_for_m(s_root):
    # S and M share the province's code: the generator must notice the tree under it is not M's.
    with pytest.raises(ScaleMismatch, match="use another database or --reset"):
        generate("M", log=quiet)
    assert Unit.objects.count() == S_UNITS


def test_generator_writes_no_audit_rows(s_root):
    # audit=False is the benchmark's exemption; if it ever records, the generator measures the audit trail too.
    assert not AuditEntry.objects.exists()


def test_every_walk_finds_the_same_units(s_root):
    ids = check_same_ids(
        {
            "one query": subtree_ids(s_root),
            "objects": [u.pk for u in subtree_objects(s_root)],
            "per level": walk_per_level(s_root),
            "per parent": walk_per_parent(s_root),
            "per node": walk_per_node(s_root),
        }
    )
    assert ids == set(Unit.objects.values_list("id", flat=True))
    assert sum(subtree_counts(s_root).values()) == S_UNITS - 1


def test_a_walk_that_misses_a_unit_is_refused(s_root):
    ids = subtree_ids(s_root)
    with pytest.raises(AssertionError, match="missing"):
        check_same_ids({"one query": ids, "short walk": ids[:-1]})


def test_subtree_listing_is_one_query(s_root, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(subtree_ids(s_root)) == S_UNITS
    with django_assert_num_queries(1):
        assert len(subtree_objects(s_root)) == S_UNITS
    with django_assert_num_queries(1):
        subtree_counts(s_root)


def test_naive_walk_is_the_query_per_node_baseline(s_root):
    counter = QueryCounter()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(counter):
        walk_per_node(s_root)
    assert len(captured) == S_UNITS
    assert counter.count == S_UNITS  # the benchmark's own counter agrees with Django's
    with CaptureQueriesContext(connection) as captured:
        walk_per_level(s_root)
    assert len(captured) == 1 + Unit.objects.order_by("-depth").values_list("depth", flat=True).first() - s_root.depth


PATH_INDEXES = {
    "org_unit_path_key": "CREATE UNIQUE INDEX org_unit_path_key ON public.org_unit USING btree (path)",
    "org_unit_path_1750d218_like": "CREATE INDEX org_unit_path_1750d218_like ON public.org_unit "
    "USING btree (path varchar_pattern_ops)",
}


def test_plan_verdict_recognises_the_pattern_index_range():
    plan = """Index Scan using org_unit_path_1750d218_like on org_unit
          Index Cond: (((path)::text ~>=~ '0001000D000F'::text) AND ((path)::text ~<~ '0001000D000G'::text))"""
    verdict = pg_plan_verdict(plan, PATH_INDEXES, "en_US.UTF-8", 18, 3610)
    assert verdict.startswith("uses the path pattern index org_unit_path_1750d218_like")


def test_plan_verdict_does_not_take_a_full_index_read_for_a_range():
    plan = """Index Scan using org_unit_path_key on org_unit
          Filter: ((archived_at IS NULL) AND ((path)::text ~~ '0001%'::text))"""
    verdict = pg_plan_verdict(plan, PATH_INDEXES, "C.UTF-8", 3610, 3610)
    assert verdict.startswith("does NOT use a path index to find the subtree")


def test_plan_verdict_reports_a_sequential_scan():
    plan = "Seq Scan on org_unit\n  Filter: ((path)::text ~~ '0001%'::text)"
    assert pg_plan_verdict(plan, PATH_INDEXES, "C.UTF-8", 10, 3610).startswith("does NOT use an index on path")
