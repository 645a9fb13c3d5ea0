"""Pages of inspections and supervisions: the list of a unit's subtree, record, edit, findings, conclusion with
recommendations (→ tasks), archive; and the follow-up of recommendations.

Programmes are in views_programmes, discipline decisions in views_disciplines. Every read goes through an access
function or a selector (inspections/tests/test_architecture.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import apply_service_errors, run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.members.permissions import access_member
from lanhdao.members.picker import member_choices
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices
from lanhdao.work.status import derive as task_status

from . import selectors, services
from .forms import (
    FOLLOW_UP_LABELS,
    ConcludeForm,
    FindingsForm,
    FollowUpFilterForm,
    InspectionFilterForm,
    InspectionForm,
    RecommendationTaskForm,
    recommendation_formset,
    recommendation_specs,
)
from .permissions import access_inspection, access_programme, access_recommendation, may_record


def record_root_code(request) -> str:
    first = scope_roots(request.user, Perm.RECORD).first()
    return first.code if first else ""


def view_units(request):
    return unit_choices(request.user, Perm.VIEW)


def confirm(request, *, title: str, question: str, consequence: str, label: str, cancel_url: str):
    context = {
        "title": title,
        "question": question,
        "consequence": consequence,
        "confirm_label": label,
        "cancel_url": cancel_url,
        "with_note": True,
    }
    return render(request, "core/confirm.html", context)


def member_or_error(request, form, field: str = "subject_member"):
    """The member chosen in `field` if the user may see them (checked again here); else a form error and None."""
    value = form.cleaned_data.get(field)
    pk = getattr(value, "pk", value)
    if not pk:
        return None
    try:
        return access_member(request.user, pk)
    except Http404:
        form.add_error(field, _("No such party member in your scope."))
        return None


# --- inspections ---------------------------------------------------------------------------------------------------


@require_GET
def inspection_list(request):
    unit = unit_of_page(request)
    form = InspectionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.in_subtree(selectors.inspections_for(request.user), unit)
    qs = selectors.filter_inspections(
        qs,
        kind=data.get("kind", ""),
        subject_kind=data.get("subject_kind", ""),
        state=data.get("state", ""),
        violations=data.get("violations", False),
        query=data.get("q", ""),
        start=data.get("start"),
        end=data.get("end"),
    )
    page = paginate(request, selectors.for_list(qs))
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "inspections/partials/_inspection_rows.html", context)
    context["can_record"] = has_perm(request.user, Perm.RECORD, unit)
    return render(request, "inspections/inspection_list.html", context)


def _form(request, data=None, initial=None, current_programme=None):
    programmes = list(selectors.programmes_to_record_in(request.user)[:100])
    if current_programme is not None and current_programme not in programmes:  # archived, or an old one
        programmes.append(current_programme)
    return InspectionForm(
        data,
        initial=initial,
        record_units=unit_choices(request.user, Perm.RECORD),
        view_units=view_units(request),
        members=member_choices(request.user),
        programmes=programmes,
    )


def _programme(request, form):
    pk = form.cleaned_data.get("programme")
    return access_programme(request.user, pk) if pk else None


@require_http_methods(["GET", "POST"])
def inspection_create(request):
    initial = {"starts_on": timezone.localdate(), "unit": record_root_code(request)}
    if request.GET.get("unit"):
        initial["unit"] = access_unit(request.user, request.GET["unit"]).code
    if request.GET.get("programme"):
        programme = access_programme(request.user, request.GET["programme"])
        initial |= {"programme": programme.pk, "unit": programme.unit.code}
    if request.GET.get("member"):
        initial["subject_member"] = access_member(request.user, request.GET["member"]).pk
    form = _form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        member = member_or_error(request, form)
        if not form.errors:
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"subject_member", "programme"}}
            inspection = run_service(
                form,
                services.inspection_create,
                actor=request.user,
                subject_member=member,
                programme=_programme(request, form),
                **data,
            )
            if not form.errors:
                messages.success(request, _("Recorded."))
                return redirect("inspections:inspection_detail", pk=inspection.pk)
    context = {"form": form, "title": _("Record an inspection or supervision")}
    return render(request, "inspections/form.html", context)


@require_http_methods(["GET", "POST"])
def inspection_edit(request, pk):
    inspection = access_inspection(request.user, pk, write=True)
    initial = {f: getattr(inspection, f) for f in services.EDITABLE} | {
        "unit": inspection.unit.code,
        "programme": inspection.programme_id,
        "subject_unit": inspection.subject_unit.code,
        "subject_member": inspection.subject_member_id,
    }
    form = _form(request, request.POST or None, initial, current_programme=inspection.programme)
    for name in ("unit", "subject_unit", "subject_member"):
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services.EDITABLE}
        data["programme"] = _programme(request, form)
        run_service(form, services.inspection_update, actor=request.user, inspection=inspection, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    cancel = reverse("inspections:inspection_detail", args=[inspection.pk])
    context = {"form": form, "title": _("Edit %(what)s") % {"what": inspection}, "cancel_url": cancel}
    return render(request, "inspections/form.html", context)


@require_GET
def inspection_detail(request, pk):
    inspection = access_inspection(request.user, pk)
    today = timezone.localdate()
    can_record = may_record(request.user, inspection.unit) and inspection.archived_at is None
    recommendations = selectors.without_hidden_tasks(request.user, selectors.recommendations_of(inspection))
    context = {
        "inspection": inspection,
        "recommendations": [(r, task_status(r.task, today).value if r.task else None) for r in recommendations],
        "disciplines": selectors.disciplines_of_inspection(request.user, inspection),
        "can_record": can_record,
        "formset": recommendation_formset(view_units=view_units(request))
        if can_record and inspection.concluded_on
        else None,
        "history": history_for(inspection, reader=request.user)[:20],
        "today": today,
    }
    return render(request, "inspections/inspection_detail.html", context)


@require_http_methods(["GET", "POST"])
def inspection_findings(request, pk):
    inspection = access_inspection(request.user, pk, write=True)
    initial = {"findings": inspection.findings, "violation_found": inspection.violation_found}
    form = FindingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run_service(form, services.findings_record, actor=request.user, inspection=inspection, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Findings recorded."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    cancel = reverse("inspections:inspection_detail", args=[inspection.pk])
    context = {"form": form, "title": _("Findings: %(what)s") % {"what": inspection}, "cancel_url": cancel}
    return render(request, "inspections/form.html", context)


@require_http_methods(["GET", "POST"])
def inspection_conclude(request, pk):
    inspection = access_inspection(request.user, pk, write=True)
    form = ConcludeForm(request.POST or None, initial={"violation_found": inspection.violation_found})
    formset = recommendation_formset(request.POST or None, view_units=view_units(request))
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.inspection_conclude(
                actor=request.user,
                inspection=inspection,
                recommendations=recommendation_specs(formset),
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            if hasattr(error, "error_dict") and "recommendations" in error.error_dict:
                formset._non_form_errors = formset.error_class(error.error_dict["recommendations"])
        else:
            messages.success(request, _("Concluded."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    context = {"form": form, "formset": formset, "inspection": inspection}
    return render(request, "inspections/conclude.html", context)


@require_POST
def inspection_recommendations(request, pk):
    inspection = access_inspection(request.user, pk, write=True)
    formset = recommendation_formset(request.POST, view_units=view_units(request))
    if formset.is_valid():
        try:
            added = services.recommendations_add(
                actor=request.user, inspection=inspection, recommendations=recommendation_specs(formset)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d recommendation(s) added.") % {"n": len(added)})
    else:
        messages.error(request, " ".join(str(e) for form in formset.errors for errors in form.values() for e in errors))
    return redirect("inspections:inspection_detail", pk=inspection.pk)


@require_http_methods(["GET", "POST"])
def recommendation_task(request, pk):
    """Turn a recommendation recorded without a task into one."""
    recommendation = access_recommendation(request.user, pk, write=True)
    inspection = recommendation.inspection
    form = RecommendationTaskForm(request.POST or None, view_units=view_units(request))
    if request.method == "POST" and form.is_valid():
        run_service(
            form,
            services.recommendation_to_task,
            actor=request.user,
            recommendation=recommendation,
            **form.cleaned_data,
        )
        if not form.errors:
            messages.success(request, _("Task assigned."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    context = {"form": form, "recommendation": recommendation, "inspection": inspection}
    return render(request, "inspections/recommendation_task.html", context)


@require_http_methods(["GET", "POST"])
def inspection_archive(request, pk):
    inspection = access_inspection(request.user, pk, write=True)
    detail = reverse("inspections:inspection_detail", args=[inspection.pk])
    if request.method == "POST":
        try:
            services.archive(actor=request.user, obj=inspection, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Archived."))
        return redirect(detail)
    return confirm(
        request,
        title=_("Archive %(what)s") % {"what": inspection},
        question=_(
            "Archive this inspection recorded by mistake? It leaves the lists and the figures, and stays in "
            "the history."
        ),
        consequence=_("The tasks made from its recommendations stay: cancel them on their own pages if need be."),
        label=_("Archive"),
        cancel_url=detail,
    )


# --- follow-up of recommendations ----------------------------------------------------------------------------------


@require_GET
def follow_up(request):
    """Recommendations of the concluded inspections of a subtree, with the state of their tasks."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    form = FollowUpFilterForm(request.GET or None)
    state = form.cleaned_data.get("state", "") if form.is_valid() else ""
    qs = selectors.follow_up(selectors.recommendations_for(request.user), unit)
    page = paginate(request, selectors.filter_follow_up(qs, state, today))
    rows = [
        (r, task_status(r.task, today).value if r.task else None)
        for r in selectors.without_hidden_tasks(request.user, page.object_list)
    ]
    context = {"unit": unit, "form": form, "page": page, "rows": rows, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "inspections/partials/_follow_up_rows.html", context)
    counts = selectors.follow_up_counts(qs, today)
    context["cards"] = [(key, label, counts[key]) for key, label in FOLLOW_UP_LABELS.items()]
    context["total"] = counts["total"]
    return render(request, "inspections/follow_up.html", context)
