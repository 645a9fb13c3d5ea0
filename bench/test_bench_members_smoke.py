"""The members' benchmark measures what it claims: the generated members look like a party's (stages, placements,
transfers, what save() would fill), the statistics equal the per-unit loop, and they take the same few queries for a
province and for a commune. No timings are asserted: they belong to bench/README.md, not to CI."""

import pytest
from django.db import connection
from django.db.models import Count, F, Q

from bench.bench_members import (
    NAIVE,
    check,
    first_page,
    members_on,
    naive_per_unit,
    plan_verdict,
    run,
    statistics,
    statistics_by_child,
    summary_per_child,
)
from bench.bench_subtree import QueryCounter, pick_unit
from bench.generate import ScaleMismatch, bench_superuser, generate
from bench.generate_members import TODAY, generate_members
from lanhdao.audit.models import AuditEntry
from lanhdao.core.text import fold
from lanhdao.members.models import Member, MemberEvaluation, Placement, Transfer
from lanhdao.members.stages import probation_end
from lanhdao.org.kinds import UnitKind
from lanhdao.org.selectors import subtree

PER_CELL = 6.0


def quiet(_message: str) -> None:
    pass


@pytest.fixture
def generated(db):
    generate("S", log=quiet)
    return generate_members("S", per_cell=PER_CELL, chunk=500, log=quiet)


@pytest.fixture
def province(generated):
    return pick_unit("S")


@pytest.fixture
def commune(province):
    return subtree(province).filter(kind=UnitKind.COMMUNE_COMMITTEE).first()


def test_generator_fills_what_save_and_the_services_would(generated):
    members = Member.objects.all()
    assert members.count() == generated.created == generated.count > 1000
    assert not members.exclude(unit_path=F("unit__path")).exists()
    for name, card, search in members.values_list("full_name", "card_number", "search_name")[:500]:
        assert search == fold(f"{name} {card}")
    for admitted, ends in members.filter(admitted_on__isnull=False).values_list("admitted_on", "probation_ends_on")[
        :500
    ]:
        assert ends == probation_end(admitted)
    assert not members.filter(full_on__lt=F("probation_ends_on")).exists()
    assert not members.filter(Q(admitted_on__gt=TODAY) | Q(full_on__gt=TODAY) | Q(ended_on__gt=TODAY)).exists()
    assert members.filter(level2_id__isnull=False).count() == members.count()


def test_every_member_has_one_open_placement_and_transfers_close_the_previous(generated):
    open_placements = Placement.objects.filter(ended_on__isnull=True)
    assert open_placements.count() == Member.objects.count()
    assert not open_placements.exclude(unit=F("member__unit")).exists()
    transfers = Transfer.objects.all()
    assert transfers.exists()
    assert transfers.count() == Placement.objects.filter(ended_on__isnull=False).count()
    for transfer in transfers.select_related("member"):
        closed = Placement.objects.get(member=transfer.member, ended_on__isnull=False)
        assert (closed.unit_id, closed.ended_on) == (transfer.from_unit_id, transfer.received_on)
        assert transfer.to_unit_id == transfer.member.unit_id
    assert not Placement.objects.values("member").annotate(n=Count("id")).filter(n__gt=2).exists()


def test_the_stages_drawn_are_those_in_the_table(generated):
    stages = generated.stages
    assert set(stages) == {"full", "probationary", "ended", "candidate"}
    assert Member.objects.filter(admitted_on__isnull=True).count() == stages["candidate"]
    assert Member.objects.filter(ended_on__isnull=False).count() == stages["ended"]
    assert MemberEvaluation.objects.count() == generated.rows["memberevaluation"] > 0


def test_generating_twice_creates_nothing_and_another_density_is_refused(generated):
    again = generate_members("S", per_cell=PER_CELL, log=quiet)
    assert again.skipped and again.created == 0
    with pytest.raises(ScaleMismatch, match="use --reset"):
        generate_members("S", per_cell=PER_CELL + 1, log=quiet)
    assert Member.objects.count() == generated.created


def test_generator_writes_no_audit_rows(generated):
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("which", ["province", "commune"])
def test_statistics_and_loops_agree(which, request):
    unit = request.getfixturevalue(which)
    results = {
        "statistics": statistics(unit),
        "members_on": members_on(unit),
        "by_child": statistics_by_child(unit),
        NAIVE: naive_per_unit(unit),
        "loop: summary per child unit": summary_per_child(unit),
    }
    total = check(unit, results)
    assert total == results["statistics"]["members"]["total"] > 0


def test_a_loop_that_misses_a_unit_is_refused(commune):
    results = {"statistics": statistics(commune), "members_on": members_on(commune), "by_child": []}
    per_unit = naive_per_unit(commune)
    per_unit.pop(next(pk for pk, figures in per_unit.items() if figures["total"]))
    results[NAIVE] = per_unit
    with pytest.raises(AssertionError, match="is not honest"):
        check(commune, results)


def test_statistics_take_the_same_few_queries_for_a_province_and_a_commune(province, commune):
    for function, expected in ((statistics, 5), (statistics_by_child, 7), (members_on, 1)):
        counts = []
        for unit in (province, commune):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                function(unit)
            counts.append(counter.count)
        assert counts == [expected, expected], function.__name__


def test_the_first_page_of_the_list_is_two_queries(province):
    user, counter = bench_superuser(), QueryCounter()
    with connection.execute_wrapper(counter):
        page = first_page(user, province)
    assert counter.count == 2 and page[0] == Member.objects.count() and len(page) == 51


def test_run_prints_both_tables_and_the_plans(province):
    lines: list[str] = []
    results = run("S", repeat=1, log=lines.append)
    assert len(results) == 2
    text = "\n".join(lines)
    assert text.count("figures and loops agree") == 2
    assert text.count("EXPLAIN of members_on") == 2


def test_plan_verdict_names_the_path_index_and_a_whole_table_read():
    plan = """Parallel Hash Join
          ->  Parallel Seq Scan on members_member  (cost=0.00..282385.29 rows=2080400 width=13)
          ->  Bitmap Index Scan on placement_path_like  (cost=0.00..4821.28 rows=280885 width=0)
                Index Cond: (((unit_path)::text ~>=~ '0001000S'::text) AND ((unit_path)::text ~<~ '0001000T'::text))"""
    assert plan_verdict(plan) == (
        "uses placement_path_like: the subtree is an index range; but reads members_member whole (a sequential scan)."
    )
    nested = plan.replace(
        "Parallel Seq Scan on members_member", "Index Scan using members_member_pkey on members_member"
    )
    assert plan_verdict(nested) == "uses placement_path_like: the subtree is an index range."
    assert "a sequential scan of members_member" in plan_verdict("Seq Scan on members_member\n  Filter: x")
