"""The dashboard of a unit: every indicator for a period against the period before, as grouped cards with small bar
charts drawn on the server (SVG, no script), a comparison of the units under it, and the drill-down from a figure to
the records behind it (only those the reader may see; the page says when some are hidden)."""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lanhdao.accounts.selectors import scope_roots
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org.permissions import access_unit

from . import indicators

DEFAULT_COMPARE = ("meetings_held", "tasks_assigned", "tasks_overdue", "field_visits", "admissions")
BAR = 120  # the width of a full bar in the SVG charts


def _unit(request):
    pk = request.GET.get("unit")
    unit = access_unit(request.user, pk) if pk else scope_roots(request.user).first()
    if unit is None:
        raise Http404(_("You have no role on any unit yet."))
    return unit


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_of(request) -> tuple[datetime.date, datetime.date]:
    """?start=&end= (ISO dates); default and on a bad value: this calendar year."""
    year = timezone.localdate().year
    start = _date(request.GET.get("start")) or datetime.date(year, 1, 1)
    end = _date(request.GET.get("end")) or datetime.date(start.year, 12, 31)
    return (start, end) if start <= end else (datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Card:
    indicator: indicators.Indicator
    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def percent(self) -> int | None:
        return round(100 * self.change / self.previous) if self.previous else None

    @property
    def bars(self) -> tuple[int, int]:
        """The widths of the previous and the current bar, the larger one full."""
        top = max(self.value, self.previous) or 1
        return round(BAR * self.previous / top), round(BAR * self.value / top)


@require_GET
def dashboard(request):
    unit = _unit(request)
    start, end = period_of(request)
    previous_start, previous_end = indicators.previous_period(start, end)
    subtree = request.GET.get("subtree", "1") != "0"
    history = request.GET.get("predecessors") == "1"
    now = indicators.compute(unit, start, end, subtree=subtree, include_predecessors=history)
    before = indicators.compute(unit, previous_start, previous_end, subtree=subtree, include_predecessors=history)
    groups: dict[str, list[Card]] = {}
    for indicator in indicators.CATALOGUE:
        groups.setdefault(indicator.group, []).append(Card(indicator, now[indicator.key], before[indicator.key]))
    compare = [k for k in request.GET.getlist("compare") if k in indicators.BY_KEY] or list(DEFAULT_COMPARE)
    rows = indicators.compare_children(unit, start, end, compare)
    top = {key: max([row.values[key] for row in rows] + [1]) for key in compare}
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
        "rows": [
            (row, [(key, row.values[key], round(BAR * row.values[key] / top[key])) for key in compare]) for row in rows
        ],
        "bar": BAR,
    }
    return render(request, "reports/dashboard.html", context)


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
