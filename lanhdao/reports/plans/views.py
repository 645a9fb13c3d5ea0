"""The page of a unit's plan for a year: a target per indicator of the catalogue, grouped as the catalogue is, with
last year's figure beside each (and how many of the records it counts are confidential, never which)."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lanhdao.core.forms import run_service
from lanhdao.reports import indicators

from . import selectors as plans
from . import services
from .forms import TargetsForm
from .permissions import access_targets, may_set_targets, plan_year_or_404


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
        change = run_service(
            form, services.targets_set, actor=request.user, unit=unit, year=year, values=values, notes=notes
        )
        if not form.errors:
            messages.success(
                request,
                _("Plan of %(year)d saved: %(created)d target(s) set, %(updated)d changed, %(removed)d removed.")
                % {
                    "year": year,
                    "created": len(change.created),
                    "updated": len(change.updated),
                    "removed": len(change.removed),
                },
            )
            return redirect(_dashboard_of_year(unit, year))
    last = indicators.compute(unit, datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31))
    allowed = services.years()
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
    return render(request, "reports/plans/form.html", context)
