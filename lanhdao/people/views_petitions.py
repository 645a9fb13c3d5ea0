"""Pages of petitions: the list of a unit's subtree (by status — the overdue ones in particular), record, edit,
assign, answer, archive."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.search import filter_folded
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services_petitions
from .forms import AnswerForm, AssignForm, PetitionFilterForm, PetitionForm
from .permissions import access_petition, access_reception_day, may_answer, may_record
from .status import PetitionStatus, derive
from .views import confirm_archive, record_root_code, scopes


@require_GET
def petition_list(request):
    unit = unit_of_page(request)
    today = timezone.localdate()
    form = PetitionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.petitions_in_subtree(selectors.petitions_for(request.user), unit)
    if data.get("q"):
        qs = filter_folded(qs, "search_text", data["q"])
    qs = selectors.filter_petitions(
        qs, status=data.get("status") or "", start=data.get("start"), end=data.get("end"), today=today
    )
    overdue_first = data.get("status") == PetitionStatus.OVERDUE
    order = ("deadline", "pk") if overdue_first else ("-received_on", "-pk")
    qs = selectors.with_status(qs, today).select_related("receiving_unit", "assigned_unit").order_by(*order)
    page = paginate(request, qs)
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request), "today": today}
    if request.htmx:
        return render(request, "people/partials/_petition_rows.html", context)
    context["can_record"] = has_perm(request.user, Perm.RECORD, unit)
    return render(request, "people/petition_list.html", context)


@require_http_methods(["GET", "POST"])
def petition_create(request):
    initial = {"received_on": timezone.localdate(), "receiving_unit": record_root_code(request)}
    if request.GET.get("unit"):
        initial["receiving_unit"] = access_unit(request.user, request.GET["unit"]).code
    day = None
    if request.GET.get("day"):
        day = access_reception_day(request.user, request.GET["day"], write=True)
        initial |= {"receiving_unit": day.unit.code, "received_on": day.held_on, "channel": "in_person"}
    form = PetitionForm(request.POST or None, initial=initial, **scopes(request))
    if request.method == "POST" and form.is_valid():
        petition = run_service(
            form, services_petitions.petition_create, actor=request.user, reception_day=day, **form.cleaned_data
        )
        if not form.errors:
            messages.success(request, _("Petition recorded."))
            return redirect("people:petition_detail", pk=petition.pk)
    context = {"form": form, "title": _("Record a petition"), "cancel_url": reverse("people:petition_list")}
    return render(request, "people/form.html", context)


@require_GET
def petition_detail(request, pk):
    petition = access_petition(request.user, pk)
    live = petition.archived_at is None
    can_edit = may_record(request.user, petition.receiving_unit) and live
    can_answer = may_answer(request.user, petition) and live and petition.answered_on is None
    initial = {"unit": petition.assigned_unit.code if petition.assigned_unit else ""}
    context = {
        "petition": petition,
        "status": derive(petition, timezone.localdate()),
        "can_edit": can_edit,
        "assign_form": AssignForm(initial=initial) if can_edit and petition.answered_on is None else None,
        "answer_form": AnswerForm() if can_answer else None,
        "history": history_for(petition)[:15],
    }
    return render(request, "people/petition_detail.html", context)


@require_http_methods(["GET", "POST"])
def petition_edit(request, pk):
    petition = access_petition(request.user, pk, write=True)
    initial = {f: getattr(petition, f) for f in services_petitions.EDITABLE} | {
        "receiving_unit": petition.receiving_unit.code,
        "assigned_unit": petition.assigned_unit.code if petition.assigned_unit else "",
    }
    form = PetitionForm(request.POST or None, initial=initial, **scopes(request))
    form.fields["receiving_unit"].disabled = True
    form.fields["assigned_unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services_petitions.EDITABLE}
        data.pop("reception_day", None)
        run_service(form, services_petitions.petition_update, actor=request.user, petition=petition, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("people:petition_detail", pk=petition.pk)
    back = reverse("people:petition_detail", args=[petition.pk])
    return render(request, "people/form.html", {"form": form, "title": _("Edit petition"), "cancel_url": back})


@require_POST
def petition_assign(request, pk):
    petition = access_petition(request.user, pk, write=True)
    form = AssignForm(request.POST, view_units=unit_choices(request.user, Perm.VIEW))
    if form.is_valid():
        try:
            services_petitions.petition_assign(actor=request.user, petition=petition, unit=form.cleaned_data["unit"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Petition assigned."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("people:petition_detail", pk=petition.pk)


@require_POST
def petition_answer(request, pk):
    petition = access_petition(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services_petitions.petition_answer(actor=request.user, petition=petition, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Answer recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("people:petition_detail", pk=petition.pk)


@require_http_methods(["GET", "POST"])
def petition_archive(request, pk):
    petition = access_petition(request.user, pk, write=True)
    detail = reverse("people:petition_detail", args=[petition.pk])
    return confirm_archive(request, petition, detail_url=detail, unit=petition.receiving_unit)
