"""The staffing benchmark measures what it claims: the generated rows are placed like the services place them, the
subtree view and the loops give the same figures, and the view takes the same few queries for a province and for a
commune. No timings are asserted: they belong to bench/README.md, not to CI."""

import pytest
from django.db import connection
from django.db.models import F

from bench.bench_staffing import PER_CHILD, PER_UNIT, YEAR, YEARS, by_path_prefix, generate_staffing, per_unit, run
from bench.bench_subtree import QueryCounter, pick_unit
from bench.generate import generate
from lanhdao.org.kinds import UnitKind
from lanhdao.org.selectors import level_ids, subtree
from lanhdao.staffing import selectors as sel
from lanhdao.staffing.models import StaffingQuota, StreamliningTarget

SUMMARY_QUERIES = 4  # the children, their figures by year, the targets, the base years' quotas


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def generated(db):
    generate("S", log=quiet)
    return generate_staffing("S", batch_size=500, log=quiet)


def test_rows_are_placed_like_the_services_place_them(generated):
    assert StaffingQuota.objects.count() == generated > 0
    assert not StaffingQuota.objects.exclude(unit_path=F("unit__path")).exists()
    sample = list(StaffingQuota.objects.select_related("unit")[:200])
    levels = level_ids({r.unit.pk: r.unit for r in sample}.values())
    assert all((r.level2_id, r.level3_id) == levels[r.unit_id] for r in sample)
    assert set(StaffingQuota.objects.values_list("year", flat=True)) == set(YEARS)
    assert StreamliningTarget.objects.exists()


def test_generating_twice_creates_nothing_the_second_time(generated):
    assert generate_staffing("S", log=quiet) == generated
    assert StaffingQuota.objects.count() == generated


@pytest.mark.parametrize("kind", [UnitKind.PROVINCE_COMMITTEE, UnitKind.COMMUNE_COMMITTEE])
def test_view_and_loops_agree_in_the_same_few_queries(generated, kind):
    province = pick_unit("S")
    unit = province if kind == UnitKind.PROVINCE_COMMITTEE else subtree(province).filter(kind=kind).first()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        summary = sel.summary(unit, YEAR)
    assert counter.count == SUMMARY_QUERIES
    assert summary.totals == sum(per_unit(unit, YEAR).values(), sel.Figures())
    by_path = {k: v for k, v in by_path_prefix(unit, YEAR).items() if k != unit.path}
    assert by_path == {line.unit.path: line.figures for line in summary.lines if line.unit and line.figures.rows}


def test_run_prints_the_tables_and_the_plans(generated):
    lines: list[str] = []
    results = run("S", repeat=1, log=lines.append)
    assert len(results) == 2  # the province (the root at S) and a commune
    for measurements in results.values():
        assert measurements[0].queries == SUMMARY_QUERIES
        names = [m.operation for m in measurements]
        assert PER_CHILD in names and PER_UNIT in names
    text = "\n".join(lines)
    assert text.count("view and loops agree") == 2 and text.count("EXPLAIN of child_figures") == 2
