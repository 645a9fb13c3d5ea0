"""Pages of staffing: a unit's own quotas and headcounts by year and category, the view of the units under it (who is
over quota, how far each is from its streamlining target, the trend), the forms of one unit and year and of the
children of a unit, and the targets."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org import selectors as org_selectors
from lanhdao.org.permissions import access_unit

from . import selectors as sel
from . import services
from .charts import sparkline, trend_chart
from .forms import StaffingGridForm, SubtreeFilterForm, TargetForm, valid_year
from .models import StaffCategory
from .permissions import access_target, may_assign, may_change_staffing, may_report

TREND_YEARS = 6
GRID_PAGE = 30  # units a grid page saves at once (3 categories × 2 cells each stay far below Django's field limit)
OVER_PREVIEW = 10


def _ancestors(request, unit):
    return [a for a in org_selectors.ancestors(unit) if has_perm(request.user, Perm.VIEW, a)]


def _labels() -> dict[str, str]:
    return {"assigned": _("Quota assigned"), "headcount": _("Headcount")}


def _year_or_404(year: int) -> int:
    if valid_year(year, default=-1) != year:
        raise Http404(_("No such year."))
    return year


@require_GET
def staffing_unit(request, pk):
    """One unit: its targets and how far its subtree is from them, the subtree's trend, and its own rows."""
    unit = access_unit(request.user, pk)
    year = valid_year(request.GET.get("year"))
    window = range(year - TREND_YEARS + 1, year + 1)
    targets = sel.live_targets([unit], category=None)
    figures = sel.by_year_and_category(unit, {*window, *(t.base_year for t in targets)})
    progress = [
        sel.Progress(
            t,
            sel.fold_categories(figures, t.base_year, t.category).assigned,
            sel.fold_categories(figures, year, t.category).assigned,
        )
        for t in targets
    ]
    trend = [(y, sel.fold_categories(figures, y)) for y in window]
    in_force = sel.target_in_force([t for t in targets if not t.category], year)
    chart_progress = next((p for p in progress if p.target == in_force), None)
    context = {
        "unit": unit,
        "year": year,
        "years": [year - 1, year + 1],
        "ancestors": _ancestors(request, unit),
        "totals": trend[-1][1],
        "progress": progress,
        "chart": trend_chart(trend, chart_progress, labels=_labels()),
        "rows": list(sel.unit_rows(unit)),
        "can_edit": may_change_staffing(request.user, unit) and not unit.is_archived,
        "can_grid": (has_perm(request.user, Perm.MANAGE_UNITS, unit) or has_perm(request.user, Perm.RECORD, unit))
        and not unit.is_archived,
        "can_target": may_assign(request.user, unit) and not unit.is_archived,
    }
    return render(request, "staffing/unit.html", context)


@require_GET
def staffing_subtree(request, pk):
    """The units directly under one unit in a year: figures, over quota, distance to target, trend; sortable."""
    unit = access_unit(request.user, pk)
    form = SubtreeFilterForm(request.GET or None, initial={"year": timezone.localdate().year})
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    category, sort = data.get("category") or "", data.get("sort") or "name"
    summary = sel.summary(unit, year, category, years=TREND_YEARS)
    page = paginate(request, sel.sorted_lines(summary.lines, sort))
    for line in page.object_list:
        line.spark = sparkline(line.series)
    params = request.GET.copy()
    params.pop("sort", None)
    params.pop("page", None)
    context = {
        "unit": unit,
        "summary": summary,
        "year": year,
        "category": category,
        "sort": sort,
        "page": page,
        "query": query_without_page(request),
        "sort_query": f"{params.urlencode()}&" if params else "",
    }
    if request.htmx:
        return render(request, "staffing/partials/_lines.html", context)
    over = sel.over_quota(unit, year, category)
    context |= {
        "form": form,
        "ancestors": _ancestors(request, unit),
        "chart": trend_chart(summary.series, summary.progress, labels=_labels()),
        "over": list(over[:OVER_PREVIEW]),
        "over_count": over.count(),
    }
    return render(request, "staffing/subtree.html", context)


@require_GET
def staffing_over(request, pk):
    """Every row of the subtree over its quota in a year, the largest excess first."""
    unit = access_unit(request.user, pk)
    form = SubtreeFilterForm(request.GET or None, initial={"year": timezone.localdate().year})
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    category = data.get("category") or ""
    page = paginate(request, sel.over_quota(unit, year, category))
    context = {"unit": unit, "year": year, "category": category, "page": page, "query": query_without_page(request)}
    return render(request, "staffing/over.html", context)


@require_http_methods(["GET", "POST"])
def staffing_edit(request, pk, year):
    """The quota, headcount and note of one unit for one year, every category at once."""
    unit = access_unit(request.user, pk)
    year = _year_or_404(year)
    if not may_change_staffing(request.user, unit) or unit.is_archived:
        raise PermissionDenied(_("You may not change the staffing of this unit."))
    form = StaffingGridForm(
        request.POST or None,
        units=[unit],
        rows=sel.rows_of([unit], year),
        may_assign=partial(may_assign, request.user),
        may_report=partial(may_report, request.user),
        notes=True,
    )
    if request.method == "POST" and form.is_valid():
        run_service(
            form,
            services.unit_staffing_set,
            actor=request.user,
            unit=unit,
            year=year,
            values=form.values().get(unit, {}),
        )
        if not form.errors:
            messages.success(request, _("Staffing of %(year)d saved.") % {"year": year})
            return redirect(f"{reverse('staffing:unit', args=[unit.pk])}?year={year}")
    context = {"unit": unit, "year": year, "form": form, "ancestors": _ancestors(request, unit)}
    return render(request, "staffing/edit.html", context)


@require_http_methods(["GET", "POST"])
def staffing_grid(request, pk, year):
    """The quotas and headcounts of the units directly under one unit for one year; a page is saved at once."""
    unit = access_unit(request.user, pk)
    year = _year_or_404(year)
    allowed = has_perm(request.user, Perm.MANAGE_UNITS, unit) or has_perm(request.user, Perm.RECORD, unit)
    if not allowed or unit.is_archived:
        raise PermissionDenied(_("You may not change the staffing of the units under this one."))
    page = paginate(request, org_selectors.children(unit), per_page=GRID_PAGE)
    form = StaffingGridForm(
        request.POST or None,
        units=page.object_list,
        rows=sel.rows_of(page.object_list, year),
        may_assign=partial(may_assign, request.user),
        may_report=partial(may_report, request.user),
    )
    if request.method == "POST" and form.is_valid():
        rows = run_service(
            form, services.children_staffing_set, actor=request.user, parent=unit, year=year, values=form.values()
        )
        if not form.errors:
            messages.success(request, _("%(n)d row(s) saved.") % {"n": len(rows)})
            return redirect(request.get_full_path())
    context = {
        "unit": unit,
        "year": year,
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "categories": StaffCategory.choices,
        "ancestors": _ancestors(request, unit),
    }
    return render(request, "staffing/grid.html", context)


@require_http_methods(["GET", "POST"])
def target_create(request, pk):
    unit = access_unit(request.user, pk)
    if not may_assign(request.user, unit) or unit.is_archived:
        raise PermissionDenied(_("Streamlining targets of this unit are set by the level above it."))
    this_year = timezone.localdate().year
    form = TargetForm(request.POST or None, initial={"base_year": this_year - 1, "target_year": this_year + 4})
    if request.method == "POST" and form.is_valid():
        run_service(form, services.target_create, actor=request.user, unit=unit, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Streamlining target saved."))
            return redirect("staffing:unit", pk=unit.pk)
    context = {
        "unit": unit,
        "form": form,
        "title": _("New streamlining target"),
        "ancestors": _ancestors(request, unit),
    }
    return render(request, "staffing/target_form.html", context)


@require_http_methods(["GET", "POST"])
def target_edit(request, pk):
    target = access_target(request.user, pk, write=True)
    if target.archived_at is not None:
        raise Http404(_("This target is archived."))
    initial = {f: getattr(target, f) for f in services.TARGET_FIELDS}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run_service(form, services.target_update, actor=request.user, target=target, data=form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("staffing:unit", pk=target.unit_id)
    context = {
        "unit": target.unit,
        "form": form,
        "title": _("Edit streamlining target"),
        "ancestors": _ancestors(request, target.unit),
    }
    return render(request, "staffing/target_form.html", context)


@require_http_methods(["GET", "POST"])
def target_archive(request, pk):
    target = access_target(request.user, pk, write=True)
    back = reverse("staffing:unit", args=[target.unit_id])
    if request.method == "POST":
        try:
            services.target_archive(actor=request.user, target=target, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Streamlining target archived."))
        return redirect(back)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Archive a streamlining target"),
            "question": _("Archive the target “%(target)s”? It leaves the figures and stays in the history.")
            % {"target": target},
            "confirm_label": _("Archive"),
            "cancel_url": back,
            "with_note": True,
        },
    )
