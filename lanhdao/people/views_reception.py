"""Pages of citizen reception: the schedules of a unit's subtree with the days held, a schedule's expected days
against the days held, and the reception days themselves."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org.permissions import access_unit, unit_of_page

from . import selectors, services
from .forms import EndScheduleForm, PeriodFilterForm, ReceptionDayForm, ScheduleForm
from .permissions import access_reception_day, access_reception_schedule, may_record
from .views import confirm_archive, record_root_code, scopes, year_of


@require_GET
def reception(request):
    unit = unit_of_page(request)
    form = PeriodFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    days = selectors.in_subtree(selectors.reception_days_for(request.user), unit)
    days = selectors.in_period(days, "held_on", data.get("start"), data.get("end"))
    page = paginate(request, days.select_related("unit", "schedule").order_by("-held_on", "-pk"))
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "people/partials/_reception_rows.html", context)
    schedules = selectors.in_subtree(selectors.schedules_for(request.user), unit).select_related("unit")
    context |= {
        "schedules": schedules.order_by("unit_path", "starts_on", "pk")[:100],
        "today": timezone.localdate(),
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "people/reception.html", context)


@require_http_methods(["GET", "POST"])
def schedule_create(request):
    initial = {"unit": record_root_code(request), "frequency": "monthly", "day_of_month": 15}
    initial["starts_on"] = timezone.localdate().replace(month=1, day=1)
    if request.GET.get("unit"):
        initial["unit"] = access_unit(request.user, request.GET["unit"]).code
    form = ScheduleForm(request.POST or None, initial=initial, **scopes(request))
    if request.method == "POST" and form.is_valid():
        schedule = run_service(form, services.schedule_create, actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Reception schedule saved."))
            return redirect("people:schedule_detail", pk=schedule.pk)
    context = {"form": form, "title": _("New reception schedule"), "cancel_url": reverse("people:reception")}
    return render(request, "people/form.html", context)


@require_http_methods(["GET", "POST"])
def schedule_edit(request, pk):
    schedule = access_reception_schedule(request.user, pk, write=True)
    initial = {f: getattr(schedule, f) for f in services.SCHEDULE_FIELDS} | {"unit": schedule.unit.code}
    form = ScheduleForm(request.POST or None, initial=initial, **scopes(request))
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.SCHEDULE_FIELDS}
        run_service(form, services.schedule_update, actor=request.user, schedule=schedule, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("people:schedule_detail", pk=schedule.pk)
    context = {
        "form": form,
        "title": _("Edit reception schedule"),
        "cancel_url": reverse("people:schedule_detail", args=[schedule.pk]),
    }
    return render(request, "people/form.html", context)


@require_GET
def schedule_detail(request, pk):
    """The days a schedule expected in a year against the days held (htmx swaps the year)."""
    schedule = access_reception_schedule(request.user, pk)
    today = timezone.localdate()
    year = year_of(request, today)
    comparison = selectors.reception_comparison(schedule, datetime.date(year, 1, 1), datetime.date(year, 12, 31), today)
    context = {
        "schedule": schedule,
        "year": year,
        "years": range(max(schedule.starts_on.year, year - 5), today.year + 2),
        "comparison": comparison,
        "today": today,
        "can_record": may_record(request.user, schedule.unit),
    }
    if request.htmx:
        return render(request, "people/partials/_schedule_days.html", context)
    context["history"] = history_for(schedule)[:10]
    return render(request, "people/schedule_detail.html", context)


@require_http_methods(["GET", "POST"])
def schedule_end(request, pk):
    """Stop a schedule after a last day (with confirmation): the days held stay."""
    schedule = access_reception_schedule(request.user, pk, write=True)
    form = EndScheduleForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        run_service(
            form, services.schedule_end, actor=request.user, schedule=schedule, ends_on=form.cleaned_data["ends_on"]
        )
        if not form.errors:
            messages.success(request, _("Schedule ended."))
            return redirect("people:schedule_detail", pk=schedule.pk)
    context = {
        "form": form,
        "title": _("End the schedule %(rule)s") % {"rule": schedule.rule},
        "question": _("After the last day, no reception is expected on this schedule. The days held stay."),
        "confirm_label": _("End the schedule"),
        "cancel_url": reverse("people:schedule_detail", args=[schedule.pk]),
    }
    return render(request, "people/confirm_form.html", context)


@require_http_methods(["GET", "POST"])
def day_create(request):
    initial = {"held_on": timezone.localdate(), "unit": record_root_code(request), "received_by": ""}
    schedule = None
    if request.GET.get("schedule"):
        schedule = access_reception_schedule(request.user, request.GET["schedule"], write=True)
        initial |= {"unit": schedule.unit.code, "schedule": schedule.pk}
    if request.GET.get("on"):
        initial["held_on"] = request.GET["on"]
    form = ReceptionDayForm(request.POST or None, initial=initial, **scopes(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["schedule"] = (
            access_reception_schedule(request.user, data["schedule"], write=True) if data["schedule"] else None
        )
        day = run_service(form, services.reception_day_create, actor=request.user, **data)
        if not form.errors:
            messages.success(request, _("Reception day recorded."))
            return redirect("people:day_detail", pk=day.pk)
    title = _("Record a reception day") + (f" — {schedule.rule}" if schedule else "")
    back = reverse("people:schedule_detail", args=[schedule.pk]) if schedule else reverse("people:reception")
    return render(request, "people/form.html", {"form": form, "title": title, "cancel_url": back})


@require_GET
def day_detail(request, pk):
    day = access_reception_day(request.user, pk)
    context = {
        "day": day,
        "petitions": day.petitions.filter(archived_at__isnull=True).order_by("pk")[:50],
        "can_record": may_record(request.user, day.unit) and day.archived_at is None,
        "history": history_for(day)[:10],
    }
    return render(request, "people/day_detail.html", context)


@require_http_methods(["GET", "POST"])
def day_edit(request, pk):
    day = access_reception_day(request.user, pk, write=True)
    initial = {f: getattr(day, f) for f in services.DAY_FIELDS} | {"unit": day.unit.code}
    initial |= {"schedule": day.schedule_id, "received_by": day.received_by.username if day.received_by else ""}
    form = ReceptionDayForm(request.POST or None, initial=initial, **scopes(request))
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.DAY_FIELDS and k != "schedule"}
        run_service(form, services.reception_day_update, actor=request.user, day=day, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("people:day_detail", pk=day.pk)
    back = reverse("people:day_detail", args=[day.pk])
    context = {"form": form, "title": _("Edit reception day"), "cancel_url": back}
    return render(request, "people/form.html", context)


@require_http_methods(["GET", "POST"])
def day_archive(request, pk):
    day = access_reception_day(request.user, pk, write=True)
    return confirm_archive(request, day, detail_url=reverse("people:day_detail", args=[day.pk]))
