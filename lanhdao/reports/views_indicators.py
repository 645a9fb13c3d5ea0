"""The dashboard of a unit: every indicator for a period against the period before and against the unit's plan for
the year, as grouped cards with small bar charts drawn on the server (SVG, no script), a comparison of the units under
it, and the drill-down from a figure to the records behind it (only those the reader may open; the page says how many
more there are). The page of a unit's plan for a year is the plans' (reports/plans/views.py).

A figure counts every record of the unit and period whoever reads it, and says how many of them are confidential
("11 (1 confidential)"), never which (README, "Confidentiality"); the drill-down lists only what its reader may open.
"""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lanhdao.accounts.selectors import clearance_of
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.params import parse_typed_date
from lanhdao.org.permissions import unit_of_page
from lanhdao.work.selectors import is_tasks, task_rows

from . import indicators
from .plans import selectors as plans
from .plans import services as plan_services
from .plans.permissions import may_set_targets

DEFAULT_COMPARE = ("meetings_held", "tasks_assigned", "tasks_overdue", "field_visits", "admissions")
BAR = 120  # the width of a full bar in the SVG charts


def period_of(request) -> tuple[datetime.date, datetime.date]:
    """?start=&end= (ISO dates, 400 when malformed or outside the years core.params allows); by default this
    calendar year, and when the end is before the start."""
    year = timezone.localdate().year
    start = parse_typed_date(request.GET.get("start"), "start") or datetime.date(year, 1, 1)
    end = parse_typed_date(request.GET.get("end"), "end") or datetime.date(start.year, 12, 31)
    return (start, end) if start <= end else (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Card:
    indicator: indicators.Indicator
    value: int
    previous: int
    target: int | None = None  # the unit's plan for the year, when it has one for this indicator
    confidential: int = 0  # how many of the records counted are confidential
    previous_confidential: int = 0

    @property
    def of_plan(self) -> int | None:
        """The figure as a percentage of the plan (value / target)."""
        return plans.Attainment(self.value, self.target).percent if self.target else None

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def percent(self) -> int | None:
        return round(100 * self.change / self.previous) if self.previous else None

    @property
    def top(self) -> int:
        return max(self.value, self.previous, self.target or 0) or 1

    @property
    def bars(self) -> tuple[int, int]:
        """The widths of the previous and the current bar, the largest of them and the plan full."""
        return round(BAR * self.previous / self.top), round(BAR * self.value / self.top)

    @property
    def marker(self) -> int | None:
        """The x of the plan's mark (2 units wide, kept inside the chart), or None without a plan."""
        if not self.target:
            return None
        return min(max(round(BAR * self.target / self.top) - 1, 0), BAR - 2)


@require_GET
def dashboard(request):
    unit = unit_of_page(request)
    start, end = period_of(request)
    previous_start, previous_end = indicators.previous_period(start, end)
    subtree = request.GET.get("subtree", "1") != "0"
    history = request.GET.get("predecessors") == "1"
    now = indicators.compute(unit, start, end, subtree=subtree, include_predecessors=history)
    before = indicators.compute(unit, previous_start, previous_end, subtree=subtree, include_predecessors=history)
    year = plans.plan_year(start, end)
    # A plan is the unit's with its subtree: it is not set against the unit's own records alone.
    plan = plans.targets_of(unit, year) if year is not None else {}
    shown_plan = plan if subtree else {}
    groups: dict[str, list[Card]] = {}
    for indicator in indicators.CATALOGUE:
        key = indicator.key
        card = Card(
            indicator,
            now[key],
            before[key],
            shown_plan.get(key),
            now.confidential.get(key, 0),
            before.confidential.get(key, 0),
        )
        groups.setdefault(indicator.group, []).append(card)
    compare = [k for k in request.GET.getlist("compare") if k in indicators.BY_KEY] or list(DEFAULT_COMPARE)
    rows = indicators.compare_children(unit, start, end, compare)
    top = {key: max([row.values[key] for row in rows] + [1]) for key in compare}
    child_plans = plans.targets_of_units([r.unit for r in rows if not r.own], year) if year is not None else {}
    context = {
        "unit": unit,
        "start": start,
        "end": end,
        "previous_start": previous_start,
        "previous_end": previous_end,
        "subtree": subtree,
        "predecessors": history,
        "groups": [(indicators.GROUPS[key], cards) for key, cards in groups.items()],
        "catalogue": indicators.CATALOGUE,
        "compare": [indicators.BY_KEY[k] for k in compare],
        "compare_keys": compare,
        "rows": [(row, _cells(row, compare, top, child_plans)) for row in rows],
        "bar": BAR,
        "plan_year": year,
        "plan": shown_plan,
        "plan_hidden": bool(plan) and not subtree,
        "plan_partial": bool(shown_plan) and not plans.covers_whole_year(start, end),
        "may_set_plan": may_set_targets(request.user, unit),
        "plan_url_year": _plan_page_year(year if year is not None else end.year),
    }
    return render(request, "reports/dashboard.html", context)


def _plan_page_year(year: int) -> int | None:
    """The year of the plan page the dashboard links to, None outside the years a plan may be set for."""
    return year if year in plan_services.years() else None


def _cells(row, compare: list[str], top: dict[str, int], child_plans: dict[int, dict[str, int]]) -> list[tuple]:
    """(key, value, bar width, the figure against the child's plan and its target, or None, None, how many of the
    records are confidential) of each compared indicator of one row."""
    targets = {} if row.own else child_plans.get(row.unit.pk, {})
    found = plans.attainment(row.values, targets)
    return [
        (key, value, round(BAR * value / top[key]), found.get(key), targets.get(key), row.confidential.get(key, 0))
        for key, value in ((key, row.values[key]) for key in compare)
    ]


@require_GET
def drilldown(request):
    """The records behind one figure of the dashboard, those the reader may open, paginated; the figure is the whole
    one (with how many of its records are confidential) and the page says how many more records it counts."""
    indicator = indicators.BY_KEY.get(request.GET.get("indicator", ""))
    if indicator is None:
        raise Http404(_("No such indicator."))
    unit = unit_of_page(request)
    start, end = period_of(request)
    subtree = request.GET.get("subtree", "1") != "0"
    records = indicator.records(unit, start, end, subtree)
    found = indicators.compute(unit, start, end, keys=[indicator.key], subtree=subtree)
    figure = found[indicator.key]
    shown = indicator.visible(request.user, records)
    if indicator.may_be_confidential:
        # Whatever the app's own selector says, never a record above the reader's clearance (not its title, not its id).
        shown = shown.filter(**{f"{indicator.level_field}__lte": clearance_of(request.user)})
    shown_total = indicators.total(indicator, shown)
    # Tasks are told apart by their lead unit, deadline and status (eight tasks of one conclusion share a title).
    tasks = is_tasks(shown)
    page = paginate(request, task_rows(shown, timezone.localdate()) if tasks else shown.order_by("-pk"))
    context = {
        "indicator": indicator,
        "group": indicators.GROUPS[indicator.group],
        "unit": unit,
        "start": start,
        "end": end,
        "subtree": subtree,
        "figure": figure,
        "confidential": found.confidential.get(indicator.key, 0),
        "shown_total": shown_total,
        # Records the figure counts that the reader may not open (a count, never which); a sum is not a count of them.
        "hidden": max(figure - shown_total, 0) if not indicator.sum_field else 0,
        "page": page,
        "tasks": tasks,
        "rows": []
        if tasks
        else [(str(row), getattr(row, indicator.sum_field) if indicator.sum_field else None) for row in page],
        "query": query_without_page(request),
    }
    return render(request, "reports/dashboard_drilldown.html", context)
