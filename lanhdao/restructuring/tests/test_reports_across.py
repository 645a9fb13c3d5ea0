"""Reports across a restructuring: a period before it is reported on the units as they were; as of today, a merged
unit reports its predecessors' history when asked (issue 7, point 3)."""

import datetime

from lanhdao.org.models import Unit
from lanhdao.reports import indicators
from lanhdao.work.models import Task

from .test_engine import board, merge_districts  # noqa: F401  (the fixture)

Y2024 = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
Y2026 = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_figures_before_and_after_a_merge(board):  # noqa: F811
    # board.member was admitted in 2010 in CA1; one admission in 2024 in district B, tasks assigned in 2024 and 2026
    from conftest import make_member

    make_member(board.commune_b, "Lê Thị Hai", admitted_on=datetime.date(2024, 5, 19))
    for unit, day in ((board.commune_a, datetime.date(2024, 3, 1)), (board.commune_b, datetime.date(2024, 4, 1))):
        Task.objects.create(
            assigning_unit=unit,
            lead_unit=unit,
            lead_path=unit.path,
            title="Việc năm 2024",
            start_date=day,
            deadline=day + datetime.timedelta(days=30),
        )
    merge_districts(board)
    new = Unit.objects.get(code="HAB")
    Task.objects.create(
        assigning_unit=new,
        lead_unit=new,
        lead_path=new.path,
        title="Việc năm 2026",
        start_date=datetime.date(2026, 2, 1),
        deadline=datetime.date(2026, 3, 1),
    )
    keys = ["admissions", "tasks_assigned"]

    # 2024 on the districts as they were
    assert indicators.compute(board.district_b, *Y2024, keys=keys)["admissions"] == 1
    assert indicators.compute(board.district_a, *Y2024, keys=keys)["tasks_assigned"] == 1
    # the new unit alone has no 2024 …
    assert indicators.compute(new, *Y2024, keys=keys) == {"admissions": 0, "tasks_assigned": 0}
    # … unless asked to include what it took over from
    assert indicators.compute(new, *Y2024, keys=keys, include_predecessors=True) == {
        "admissions": 1,
        "tasks_assigned": 2,
    }
    # 2026 on the new unit, nothing left on the closed ones, nothing counted twice
    assert indicators.compute(new, *Y2026, keys=keys)["tasks_assigned"] == 1
    assert indicators.compute(new, *Y2026, keys=keys, include_predecessors=True)["tasks_assigned"] == 1
    assert indicators.compute(board.district_a, *Y2026, keys=keys)["tasks_assigned"] == 0


def task_led_by(unit, start, **fields):
    return Task.objects.create(
        assigning_unit=unit,
        lead_unit=unit,
        lead_path=unit.path,
        title="Việc năm 2024",
        start_date=start,
        deadline=start + datetime.timedelta(days=30),
        **fields,
    )


def rows_of(unit, keys, period=Y2024):
    return {row.unit.code: row.values for row in indicators.compare_children(unit, *period, keys)}


def test_the_comparison_counts_a_moved_task_on_its_lead_of_the_period(board):  # noqa: F811
    """Issue 16 item 6: a task of 2024 that a move passed to a commune now under district B counted for district A in
    2024 (its lead then); the comparison grouped it on its present lead, under B."""
    from lanhdao.restructuring import plans, services

    task_led_by(board.commune_a, datetime.date(2024, 3, 1))
    plan = plans.move(unit=board.commune_a, parent=board.district_b, effective_on=datetime.date(2025, 7, 1))
    services.apply(actor=board.board, plan=plan, legal_basis_text="Quyết định 1/QĐ-TU")
    keys = ["tasks_assigned", "tasks_open"]
    rows = rows_of(board.province, keys)
    assert (
        rows["HA"] == indicators.compute(board.district_a, *Y2024, keys=keys) == {"tasks_assigned": 1, "tasks_open": 1}
    )
    assert rows["HB"] == {"tasks_assigned": 0, "tasks_open": 0}
    # in 2026 it is district B's
    assert rows_of(board.province, keys, Y2026)["HB"]["tasks_open"] == 1


def test_a_successor_row_has_its_predecessors_records_for_periods_before_the_change(board):  # noqa: F811
    from conftest import make_member

    done = datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)
    task_led_by(board.commune_a, datetime.date(2024, 3, 1), accepted_at=done, completed_on=datetime.date(2024, 5, 30))
    task_led_by(board.commune_b, datetime.date(2024, 4, 1))  # still open: moves to the successor
    make_member(board.commune_b, "Lê Thị Hai", admitted_on=datetime.date(2024, 5, 19))
    merge_districts(board)
    new = Unit.objects.get(code="HAB")
    keys = ["tasks_assigned", "admissions"]
    rows = rows_of(board.province, keys)
    assert list(rows) == ["TU", "HAB"]
    assert rows["HAB"] == indicators.compute(new, *Y2024, keys=keys, include_predecessors=True)
    assert rows["HAB"] == {"tasks_assigned": 2, "admissions": 1}
    assert (
        sum(row["tasks_assigned"] for row in rows.values())
        == indicators.compute(board.province, *Y2024, keys=keys)["tasks_assigned"]
    )


def test_a_commune_merged_from_communes_of_two_districts_counts_them_deeper_down(board):  # noqa: F811
    """As in 2025: communes under districts merged into a new commune directly under the province. The 2024 records
    of the old communes (two levels down) go to the new commune's row, taken from their districts' rows."""
    from lanhdao.restructuring import plans, services

    done = {
        "accepted_at": datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
        "completed_on": datetime.date(2024, 5, 1),
    }
    task_led_by(board.commune_a, datetime.date(2024, 3, 1), **done)  # finished: stays on the closed commune
    task_led_by(board.cell_a, datetime.date(2024, 3, 2), **done)
    task_led_by(board.dept_a, datetime.date(2024, 3, 3), **done)  # district A's own: stays in its row
    plan = plans.merge(
        sources=[board.commune_a, board.commune_b],
        effective_on=datetime.date(2025, 7, 1),
        parent=board.province,
        new={"code": "XAB", "name": "Đảng ủy xã An Bình", "kind": "commune_committee"},
    )
    services.apply(actor=board.board, plan=plan, legal_basis_text="Nghị quyết 1/NQ-UBTVQH15")
    rows = rows_of(board.province, ["tasks_assigned"])
    assert rows == {
        "TU": {"tasks_assigned": 0},
        "HA": {"tasks_assigned": 1},
        "HB": {"tasks_assigned": 0},
        "XAB": {"tasks_assigned": 2},
    }
