"""The staffing figures of a subtree and of each child, counted by hand on the `world` tree (see staffing_data), each
in one query whatever the subtree's size."""

import pytest

from lanhdao.staffing import selectors as sel
from lanhdao.staffing.selectors import SELF, Figures

from .staffing_data import CS, CT, PE, load


@pytest.fixture
def staffed(world):
    return load(world)


def test_subtree_figures_sum_rows_and_count_vacancies_and_excess_row_by_row(staffed, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = sel.subtree_figures(staffed.district_a, 2025)
    assert figures == Figures(assigned=88, headcount=86, vacancies=6, over=4, rows=6)
    # the province: district A, plus HB 25/25 and XB1 20/19
    assert sel.subtree_figures(staffed.province, 2025) == Figures(133, 130, 7, 4, 8)
    assert sel.subtree_figures(staffed.district_a, 2021).assigned == 100
    assert sel.subtree_figures(staffed.district_a, 2021).headcount == 0  # not reported that year


def test_a_category_filters_every_figure(staffed):
    assert sel.subtree_figures(staffed.district_a, 2025, CT) == Figures(3, 5, 0, 2, 1)
    assert sel.subtree_figures(staffed.district_a, 2025, PE) == Figures(5, 2, 3, 0, 1)
    assert sel.subtree_figures(staffed.district_a, 2025, CS) == Figures(80, 79, 3, 2, 4)


@pytest.mark.parametrize("unit", ["province", "district_a", "ubnd_a"])
def test_child_figures_are_one_query_at_every_depth(staffed, unit, django_assert_num_queries):
    # the province's children group on level2_id, a district's on level3_id, deeper ones on a path prefix
    with django_assert_num_queries(1):
        sel.child_figures(getattr(staffed, unit), 2025)


def test_child_figures_of_a_district(staffed):
    w = staffed
    figures = sel.child_figures(w.district_a, 2025)
    assert figures == {
        SELF: Figures(20, 18, 2, 0, 1),
        w.commune_a.pk: Figures(25, 26, 1, 2, 2),
        w.ubnd_a.pk: Figures(43, 42, 3, 2, 3),
    }
    assert sel.child_figures(w.province, 2025) == {
        w.district_a.pk: Figures(88, 86, 6, 4, 6),
        w.district_b.pk: Figures(45, 44, 1, 0, 2),
    }
    # below depth 3 the key is the child's path
    assert sel.child_figures(w.ubnd_a, 2025) == {
        SELF: Figures(30, 30, 0, 0, 1),
        w.dept_a.path: Figures(13, 12, 3, 2, 2),
    }


def test_over_quota_lists_the_rows_with_the_largest_excess_first(staffed):
    rows = list(sel.over_quota(staffed.district_a, 2025))
    assert [(r.unit.code, r.category, r.excess) for r in rows] == [("XA1", CT, 2), ("HA-UB-NV", CS, 2)]
    assert not sel.over_quota(staffed.district_b, 2025).exists()


def test_series_gives_every_year_of_the_window_in_one_query(staffed, django_assert_num_queries):
    with django_assert_num_queries(1):
        trend = sel.series(staffed.district_a, range(2021, 2026))
    assert [(y, f.assigned) for y, f in trend] == [(2021, 100), (2022, 0), (2023, 0), (2024, 0), (2025, 88)]


def test_summary_of_a_district(staffed, django_assert_max_num_queries):
    w = staffed
    with django_assert_max_num_queries(4):
        summary = sel.summary(w.district_a, 2025, years=5)
    assert summary.totals == Figures(88, 86, 6, 4, 6)
    # the district's own target: 2021's 100 less 10 % = 90 at most; 88 now
    assert (summary.progress.base, summary.progress.limit, summary.progress.distance) == (100, 90, -2)
    assert summary.progress.met
    lines = {line.unit.code if line.unit else "itself": line for line in summary.lines}
    assert list(lines) == ["itself", "XA1", "HA-UB"]
    ub = lines["HA-UB"].progress
    assert (ub.base, ub.limit, ub.current, ub.distance, ub.met) == (50, 40, 43, 3, False)
    assert lines["XA1"].progress is None
    assert [(y, f.assigned) for y, f in summary.series] == [(2021, 100), (2022, 0), (2023, 0), (2024, 0), (2025, 88)]
    assert lines["HA-UB"].series[0][1].assigned == 50


def test_summary_of_one_category_uses_targets_of_that_category_only(staffed):
    summary = sel.summary(staffed.district_a, 2025, CS)
    assert summary.totals.assigned == 80
    assert summary.progress is None  # the district's target is on all categories


def test_sorting_lines_by_a_figure(staffed):
    lines = sel.summary(staffed.district_a, 2025).lines
    assert [line.unit and line.unit.code for line in sel.sorted_lines(lines, "distance")] == ["HA-UB", None, "XA1"]
    assert [line.unit and line.unit.code for line in sel.sorted_lines(lines, "over")] == ["XA1", "HA-UB", None]
    assert [line.unit and line.unit.code for line in sel.sorted_lines(lines, "assigned")] == ["HA-UB", "XA1", None]


def test_target_in_force(staffed):
    t = staffed.target_a
    assert sel.target_in_force([t], 2020) is None
    assert sel.target_in_force([t], 2021) == t
    assert sel.target_in_force([t], 2030) == t  # the last one ended is still the yardstick


def test_scoped_lists_leave_out_other_subtrees(staffed):
    w = staffed
    assert {r.unit.code for r in sel.quotas_for(w.charlie)} == {"HB", "XB1"}
    assert not sel.targets_for(w.charlie).exists()
    assert sel.quotas_for(w.bob).count() == 12
    assert sel.quotas_for(w.root).count() == 16
