"""Pages of the schedule: upcoming meetings and meetings expected vs held by the frequency of each body; the
frequency setting; the meetings panel of a unit's page."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.forms import run_service
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services
from .forms import FrequencyForm
from .rules import held_q


def _year_window(request, today):
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 1990), today.year + 5)
    return year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)


@require_GET
def schedule(request):
    """Upcoming meetings of a unit's subtree, and for each body with a frequency: meetings expected vs held."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    year, start, end = _year_window(request, today)
    upcoming = selectors.upcoming(selectors.in_subtree(selectors.meetings_for(request.user), unit), today)
    context = {
        "unit": unit,
        "year": year,
        "years": [year - 1, year + 1],
        "today": today,
        "upcoming": upcoming.select_related("unit", "chair")[:30],
        "rows": selectors.schedule(unit, start, end, today),
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "meetings/schedule.html", context)


@require_http_methods(["GET", "POST"])
def frequency_set(request):
    units = unit_choices(request.user, Perm.RECORD)
    initial = {"effective_from": timezone.localdate(), "unit": request.GET.get("unit_code", "")}
    form = FrequencyForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        setting = run_service(form, services.frequency_set, actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Meeting frequency saved."))
            return redirect(f"{reverse('meetings:schedule')}?unit={setting.unit_id}")
    return render(request, "meetings/frequency_form.html", {"form": form, "title": _("How often a body meets")})


@require_GET
def unit_panel(request, pk):
    """htmx panel for a unit's page: its next and last meetings."""
    unit = access_unit(request.user, pk)
    today = timezone.localdate()
    meetings = selectors.in_subtree(selectors.meetings_for(request.user), unit).select_related("unit")
    context = {
        "unit": unit,
        "upcoming": selectors.upcoming(meetings, today)[:5],
        "recent": meetings.filter(held_q(today)).order_by("-date", "-pk")[:5],
    }
    return render(request, "meetings/partials/_unit_panel.html", context)
