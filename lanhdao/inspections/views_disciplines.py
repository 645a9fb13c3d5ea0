"""Pages of discipline decisions: list of a subtree, record (on a member or an organisation, possibly following an
inspection), detail with history, archive (with confirmation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
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
from lanhdao.members.permissions import access_member
from lanhdao.members.picker import member_choices
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services_disciplines
from .forms import DisciplineCreateForm, DisciplineFilterForm
from .models import DisciplineForm
from .permissions import access_discipline, access_inspection, inspection_visible, may_record
from .views import confirm, member_or_error, record_root_code, view_units


@require_GET
def discipline_list(request):
    unit = unit_of_page(request)
    form = DisciplineFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.in_subtree(selectors.disciplines_for(request.user), unit)
    qs = selectors.filter_disciplines(
        qs,
        form=data.get("form", ""),
        subject_kind=data.get("subject_kind", ""),
        start=data.get("start"),
        end=data.get("end"),
    )
    page = paginate(request, selectors.disciplines_for_list(qs))
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "inspections/partials/_discipline_rows.html", context)
    context["can_record"] = has_perm(request.user, Perm.RECORD, unit)
    return render(request, "inspections/discipline_list.html", context)


def _initial(request) -> tuple[dict, object]:
    initial = {"decided_on": timezone.localdate(), "unit": record_root_code(request)}
    inspection = None
    if request.GET.get("inspection"):
        inspection = access_inspection(request.user, request.GET["inspection"])
        initial |= {"inspection": inspection.pk, "unit": inspection.unit.code}
        if inspection.subject_member_id:
            initial["subject_member"] = inspection.subject_member_id
        else:
            initial["subject_unit"] = inspection.subject_unit.code
    if request.GET.get("member"):
        initial["subject_member"] = access_member(request.user, request.GET["member"]).pk
    return initial, inspection


@require_http_methods(["GET", "POST"])
def discipline_create(request):
    initial, inspection = _initial(request)
    form = DisciplineCreateForm(
        request.POST or None,
        initial=initial,
        record_units=unit_choices(request.user, Perm.RECORD),
        view_units=view_units(request),
        members=member_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        member = member_or_error(request, form)
        pk = form.cleaned_data.get("inspection")
        try:
            inspection = access_inspection(request.user, pk) if pk else None
        except Http404:
            form.add_error(None, _("No such inspection, or you may not see it."))
        if not form.errors:
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"subject_member", "inspection"}}
            discipline = run_service(
                form,
                services_disciplines.discipline_create,
                actor=request.user,
                subject_member=member,
                inspection=inspection,
                **data,
            )
            if not form.errors:
                messages.success(request, _("Recorded."))
                return redirect("inspections:discipline_detail", pk=discipline.pk)
    context = {
        "form": form,
        "inspection": inspection,
        "title": _("Record a discipline decision"),
        "warning": _("An expulsion ends the member's membership on the day of the decision."),
    }
    return render(request, "inspections/form.html", context)


@require_GET
def discipline_detail(request, pk):
    discipline = access_discipline(request.user, pk)
    context = {
        "discipline": discipline,
        "inspection_visible": inspection_visible(request.user, discipline.inspection),
        "can_record": may_record(request.user, discipline.unit) and discipline.archived_at is None,
        "history": history_for(discipline, reader=request.user)[:15],
        "expelled": discipline.form == DisciplineForm.EXPULSION,
    }
    return render(request, "inspections/discipline_detail.html", context)


@require_http_methods(["GET", "POST"])
def discipline_archive(request, pk):
    discipline = access_discipline(request.user, pk, write=True)
    detail = reverse("inspections:discipline_detail", args=[discipline.pk])
    if request.method == "POST":
        try:
            services_disciplines.discipline_archive(
                actor=request.user, discipline=discipline, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Archived."))
        return redirect(detail)
    consequence = (
        _("The end of the member's membership is not undone here: correct it on the member's record.")
        if discipline.form == DisciplineForm.EXPULSION
        else ""
    )
    return confirm(
        request,
        title=_("Archive %(what)s") % {"what": discipline},
        question=_(
            "Archive this decision recorded by mistake? It leaves the lists and the figures, and stays in the history."
        ),
        consequence=consequence,
        label=_("Archive"),
        cancel_url=detail,
    )


@require_GET
def member_panel(request, pk):
    """The inspections and discipline decisions of a member, loaded into the member's page (members does not import
    inspections: the panel is served from here)."""
    member = access_member(request.user, pk)
    context = {
        "member": member,
        "inspections": selectors.inspections_of_member(request.user, member)[:20],
        "disciplines": selectors.disciplines_of_member(request.user, member)[:20],
        "can_record": has_perm(request.user, Perm.RECORD, member.unit),
    }
    return render(request, "inspections/partials/_member_panel.html", context)
