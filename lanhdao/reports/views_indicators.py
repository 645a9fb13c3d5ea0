"""The dashboard of a unit: every indicator for a period against the period before and against the unit's plan for
the year, as grouped cards with small bar charts drawn on the server (SVG, no script), a comparison of the units under
it, and the drill-down from a figure to the records behind it (only those the reader may see; the page says when some
are hidden); and the page of a unit's plan for a year."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.selectors import scope_roots
from lanhdao.core.forms import apply_service_errors
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.params import parse_date
from lanhdao.org.permissions import access_unit

from . import indicators, services_targets
from . import selectors_targets as plans
from .forms_targets import TargetsForm
from .permissions_targets import access_targets, may_set_targets, plan_year_or_404

DEFAULT_COMPARE = ("meetings_held", "tasks_assigned", "tasks_overdue", "field_visits", "admissions")
BAR = 120  # the width of a full bar in the SVG charts


def _unit(request):
    pk = request.GET.get("unit")
    unit = access_unit(request.user, pk) if pk else scope_roots(request.user).first()
    if unit is None:
        raise Http404(_("You have no role on any unit yet."))
    return unit


def period_of(request) -> tuple[datetime.date, datetime.date]:
    """?start=&end= (ISO dates, 400 when malformed or outside the years core.params allows); by default this
    calendar year, and when the end is before the start."""
    year = timezone.localdate().year
    start = parse_date(request.GET.get("start"), "start") or datetime.date(year, 1, 1)
    end = parse_date(request.GET.get("end"), "end") or datetime.date(start.year, 12, 31)
    return (start, end) if start <= end else (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Card:
    indicator: indicators.Indicator
    value: int
    previous: int
    target: int | None = None  # the unit's plan for the year, when it has one for this indicator

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
    unit = _unit(request)
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
        groups.setdefault(indicator.group, []).append(Card(indicator, now[key], before[key], shown_plan.get(key)))
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
    return year if year in services_targets.years() else None


def _cells(row, compare: list[str], top: dict[str, int], child_plans: dict[int, dict[str, int]]) -> list[tuple]:
    """(key, value, bar width, the figure against the child's plan and its target, or None, None) of each compared
    indicator of one row."""
    targets = {} if row.own else child_plans.get(row.unit.pk, {})
    found = plans.attainment(row.values, targets)
    return [
        (key, row.values[key], round(BAR * row.values[key] / top[key]), found.get(key), targets.get(key))
        for key in compare
    ]


@require_GET
def drilldown(request):
    """The records behind one figure of the dashboard, those the reader may see, paginated."""
    indicator = indicators.BY_KEY.get(request.GET.get("indicator", ""))
    if indicator is None:
        raise Http404(_("No such indicator."))
    unit = _unit(request)
    start, end = period_of(request)
    subtree = request.GET.get("subtree", "1") != "0"
    records = indicator.records(unit, start, end, subtree)
    figure = indicator.value(unit, start, end, subtree)
    shown = indicator.visible(request.user, records)
    page = paginate(request, shown.order_by("-pk"))
    context = {
        "indicator": indicator,
        "group": indicators.GROUPS[indicator.group],
        "unit": unit,
        "start": start,
        "end": end,
        "subtree": subtree,
        "figure": figure,
        "shown_total": indicators.total(indicator, shown),
        "page": page,
        "rows": [(str(row), getattr(row, indicator.sum_field) if indicator.sum_field else None) for row in page],
        "query": query_without_page(request),
    }
    return render(request, "reports/dashboard_drilldown.html", context)


def _dashboard_of_year(unit, year: int) -> str:
    query = urlencode({"unit": unit.pk, "start": f"{year}-01-01", "end": f"{year}-12-31"})
    return f"{reverse('reports:dashboard')}?{query}"


@require_http_methods(["GET", "POST"])
def targets_edit(request, unit_pk, year):
    """The plan of one unit for one year: a target per indicator of the catalogue, grouped, with last year's figure
    beside it. Those who may set it (RECORD on the unit or above it) change it; the unit's viewers see it."""
    unit = access_targets(request.user, unit_pk, write=request.method == "POST")
    year = plan_year_or_404(year)
    may_change = may_set_targets(request.user, unit)
    rows = list(plans.target_rows(unit, year))
    form = TargetsForm(request.POST or None, targets={r.key: (r.value, r.note) for r in rows}, may_change=may_change)
    if request.method == "POST" and form.is_valid():
        values, notes = form.changes()
        try:
            change = services_targets.targets_set(actor=request.user, unit=unit, year=year, values=values, notes=notes)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Plan of %(year)d saved: %(created)d target(s) set, %(updated)d changed, %(removed)d removed.")
                % {"year": year, "created": len(change.created), "updated": len(change.updated),
                   "removed": len(change.removed)},
            )  # fmt: skip
            return redirect(_dashboard_of_year(unit, year))
    last = indicators.compute(unit, datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
    allowed = services_targets.years()
    context = {
        "unit": unit,
        "year": year,
        "form": form,
        "groups": form.groups(last),
        "may_change": may_change,
        "count": len(rows),
        "previous_year": year - 1 if year - 1 in allowed else None,
        "next_year": year + 1 if year + 1 in allowed else None,
        "dashboard_url": _dashboard_of_year(unit, year),
    }
    return render(request, "reports/targets_form.html", context)
