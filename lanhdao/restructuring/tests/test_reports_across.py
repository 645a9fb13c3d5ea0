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
