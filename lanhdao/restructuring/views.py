"""Restructuring pages: choose an operation on a unit, see its preview, confirm it; the operations; the tree as of a
date. Only the organisation board of the parent may restructure (403 otherwise); units outside scope answer 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lanhdao.core.forms import apply_service_errors
from lanhdao.core.paging import paginate
from lanhdao.core.params import parse_typed_date
from lanhdao.org.kinds import UnitKind
from lanhdao.org.permissions import access_unit
from lanhdao.org.selectors import ancestors

from . import selectors, services
from .forms import FORMS, build_plan, lineage_of, may_restructure_unit, operations_visible, tree_rows
from .models import Kind
from .permissions import access_operation, may_act_on, may_cancel
from .reform2025_runs import may_reform


def _restructurable(request, pk):
    unit = access_unit(request.user, pk)
    if not may_restructure_unit(request.user, unit):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    return unit


def unit_panel(request, pk):
    """The links a unit's page shows (loaded by htmx): restructure (for those who may), the tree as of a date, and
    the operations scheduled to act on the unit."""
    unit = access_unit(request.user, pk)
    context = {"unit": unit, "may": may_restructure_unit(request.user, unit), "pending": selectors.pending_for(unit)}
    context["reform"] = unit.kind in (UnitKind.CENTRAL, UnitKind.PROVINCE_COMMITTEE) and may_reform(request.user, unit)
    return render(request, "restructuring/_unit_panel.html", context)


def start(request, pk):
    unit = _restructurable(request, pk)
    context = {"unit": unit, "kinds": Kind.choices, "pending": selectors.pending_for(unit)}
    return render(request, "restructuring/start.html", context)


def operate(request, pk, kind):
    """The form of an operation; "preview" runs every check the apply runs and counts, "confirm" applies it (or
    schedules it, when dated after today). A refusal shows the form again as the user filled it, with the reasons."""
    unit = _restructurable(request, pk)
    if kind not in FORMS:
        raise Http404
    form_class = FORMS[kind]
    counts = None
    if request.method == "POST":
        form = form_class(request.POST, user=request.user, unit=unit)
        if form.is_valid():
            data = form.request_data()
            if not form.errors:
                try:
                    plan = build_plan(request.user, data)
                    basis = {
                        "legal_basis": form.cleaned_data["legal_basis"],
                        "legal_basis_text": form.cleaned_data["legal_basis_text"] or "",
                    }
                    if "confirm" in request.POST:
                        operation = services.apply(actor=request.user, plan=plan, **basis)
                        return redirect("restructuring:operation_detail", operation.pk)
                    counts = services.preview(plan, actor=request.user, **basis)
                except ValidationError as error:
                    apply_service_errors(form, error)
    else:
        form = form_class(user=request.user, unit=unit, initial={"effective_on": timezone.localdate()})
    scheduled = counts is not None and form.cleaned_data["effective_on"] > timezone.localdate()
    return render(
        request,
        "restructuring/operate.html",
        {
            "unit": unit,
            "form": form,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "counts": counts,
            "preview": count_rows(counts),
            "scheduled": scheduled,
            "pending": selectors.pending_for(unit),
        },
    )


def count_rows(counts: dict | None) -> list[tuple[str, int]]:
    """The counts of an operation (its preview or its summary) with their labels, in the request's language."""
    labels = {
        "units_closed": _("Units closed"),
        "units_created": _("Units created"),
        "renamed": _("Units renamed"),
        "members": _("Members moved"),
        "posts": _("Posts moved"),
        "tasks": _("Open tasks moved"),
        "roles": _("Users' roles moved"),
        "quotas": _("Staffing quota rows moved"),
        "frequencies": _("Meeting frequencies carried over"),
        "schedules": _("Reception schedules moved"),
        "responsibilities": _("Responsibility assignments moved"),
        "commitment_plans": _("Commitment plans moved"),
        "targets": _("Indicator targets moved"),
    }
    return [(labels.get(key, key), n) for key, n in (counts or {}).items()]


def operation_list(request):
    page = paginate(request, operations_visible(request.user).select_related("legal_basis"))
    return render(request, "restructuring/operation_list.html", {"page": page})


def operation_detail(request, pk):
    operation = access_operation(request.user, pk)
    return render(
        request,
        "restructuring/operation_detail.html",
        {
            "operation": operation,
            "lineage": lineage_of(operation),
            "summary": count_rows(operation.summary),
            "units": operation.units.order_by("path"),
            "may_cancel": may_cancel(request.user, operation),
        },
    )


@require_POST
def operation_cancel(request, pk):
    """Cancel a scheduled operation (the organisation board that could have asked for it); 403 for others who see
    it, 404 for those who do not."""
    operation = access_operation(request.user, pk)
    if not may_act_on(request.user, operation):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    try:
        services.cancel(actor=request.user, operation=operation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scheduled operation is cancelled; nothing in the tree has changed."))
    return redirect("restructuring:operation_detail", operation.pk)


def tree(request):
    """The units under `?unit=` on the day `?on=` (today when absent)."""
    day = parse_typed_date(request.GET.get("on"), "on") or timezone.localdate()
    if not request.GET.get("unit", "").isdigit():
        raise Http404(_("Choose a unit."))
    unit = access_unit(request.user, request.GET["unit"])
    return render(
        request,
        "restructuring/tree.html",
        {
            "unit": unit,
            "day": day,
            "rows": tree_rows(unit, day),
            "ancestors": ancestors(unit),
        },
    )
