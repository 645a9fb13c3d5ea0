"""Pages of inspection and supervision programmes: list (per term and per year), record, edit, archive (with
confirmation), and each programme with its inspections, planned against done."""

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from lanhdao.org.picker import unit_choices

from . import selectors, services_programmes
from .forms import ProgrammeFilterForm, ProgrammeForm
from .models import ProgrammeSpan
from .permissions import access_programme, may_record
from .views import confirm, record_root_code


@require_GET
def programme_list(request):
    unit = unit_of_page(request)
    form = ProgrammeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.programmes_in_subtree(selectors.programmes_for(request.user), unit)
    qs = selectors.filter_programmes(qs, span=data.get("span") or "", year=data.get("year"))
    qs = selectors.with_progress(qs).select_related("unit").order_by("-starts_on", "span", "unit_path", "pk")
    page = paginate(request, qs)
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "inspections/partials/_programme_rows.html", context)
    context["can_record"] = has_perm(request.user, Perm.RECORD, unit)
    return render(request, "inspections/programme_list.html", context)


@require_http_methods(["GET", "POST"])
def programme_create(request):
    year = timezone.localdate().year
    initial = {
        "unit": record_root_code(request),
        "span": ProgrammeSpan.YEAR,
        "starts_on": f"{year}-01-01",
        "ends_on": f"{year}-12-31",
    }
    if request.GET.get("unit"):
        initial["unit"] = access_unit(request.user, request.GET["unit"]).code
    form = ProgrammeForm(request.POST or None, initial=initial, record_units=unit_choices(request.user, Perm.RECORD))
    if request.method == "POST" and form.is_valid():
        programme = run_service(form, services_programmes.programme_create, actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Recorded."))
            return redirect("inspections:programme_detail", pk=programme.pk)
    context = {"form": form, "title": _("New inspection and supervision programme")}
    return render(request, "inspections/form.html", context)


@require_http_methods(["GET", "POST"])
def programme_edit(request, pk):
    programme = access_programme(request.user, pk, write=True)
    initial = {f: getattr(programme, f) for f in ("span", "title", "starts_on", "ends_on")} | {
        "unit": programme.unit.code
    }
    form = ProgrammeForm(request.POST or None, initial=initial, record_units=unit_choices(request.user, Perm.RECORD))
    form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "unit"}
        run_service(form, services_programmes.programme_update, actor=request.user, programme=programme, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("inspections:programme_detail", pk=programme.pk)
    cancel = reverse("inspections:programme_detail", args=[programme.pk])
    context = {"form": form, "title": _("Edit %(what)s") % {"what": programme}, "cancel_url": cancel}
    return render(request, "inspections/form.html", context)


@require_GET
def programme_detail(request, pk):
    programme = access_programme(request.user, pk)
    page = paginate(request, selectors.inspections_of_programme(request.user, programme))
    progress = selectors.progress_of(programme)
    context = {
        "programme": programme,
        "page": page,
        "query": query_without_page(request),
        "progress": progress,
        # The list names only what the reader may open; the counts are of the whole programme (README
        # "Confidentiality"), so the page says how many of its inspections are not listed.
        "not_listed": max(0, progress.n_planned - page.paginator.count),
        "document_visible": bool(selectors.visible_document_ids(request.user, [programme.document_id])),
        "can_record": may_record(request.user, programme.unit) and programme.archived_at is None,
        "history": history_for(programme)[:15],
    }
    return render(request, "inspections/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_archive(request, pk):
    programme = access_programme(request.user, pk, write=True)
    detail = reverse("inspections:programme_detail", args=[programme.pk])
    if request.method == "POST":
        try:
            services_programmes.programme_archive(
                actor=request.user, programme=programme, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Archived."))
        return redirect(detail)
    return confirm(
        request,
        title=_("Archive %(what)s") % {"what": programme},
        question=_("Archive this programme? It leaves the lists and stays in the history."),
        consequence=_("Its inspections stay recorded, with their link to it."),
        label=_("Archive"),
        cancel_url=detail,
    )
