"""Pages of personal commitment plans (nêu gương): list, write, edit, publish and unpublish (with confirmation),
self-assess and publish the self-assessment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org.permissions import access_unit, unit_of_page

from . import selectors, services_plans
from .forms import AssessForm, PlanFilterForm, PlanForm
from .permissions import access_plan, may_edit_plan
from .views import scopes


@require_GET
def plan_list(request):
    unit = unit_of_page(request)
    form = PlanFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.in_subtree(selectors.plans_for(request.user), unit)
    qs = selectors.plans_in_year(qs, data.get("year"))
    if data.get("q"):
        qs = selectors.search_plans(qs, data["q"])
    page = paginate(request, qs.select_related("unit").order_by("-year_end", "unit_path", "leader_name", "pk"))
    context = {"unit": unit, "form": form, "page": page, "query": query_without_page(request)}
    if request.htmx:
        return render(request, "people/partials/_plan_rows.html", context)
    context["can_record"] = has_perm(request.user, Perm.RECORD, unit)
    context["own"] = selectors.plans_for(request.user).filter(leader=request.user).order_by("-year_end")[:5]
    return render(request, "people/plan_list.html", context)


def _commitments_text(plan) -> str:
    return "\n".join(c.text for c in plan.commitments.all())


@require_http_methods(["GET", "POST"])
def plan_create(request):
    user = request.user
    unit = access_unit(user, request.GET["unit"]) if request.GET.get("unit") else scope_roots(user).first()
    initial = {
        "unit": unit.code if unit else "",
        "leader": user.username,
        "leader_name": user.full_name,
        "leader_position": user.position,
        "period_kind": "year",
        "year_start": timezone.localdate().year,
    }
    form = PlanForm(request.POST or None, initial=initial, **scopes(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["commitments"] = form.commitment_lines()
        plan = run_service(form, services_plans.plan_create, actor=user, **data)
        if not form.errors:
            messages.success(request, _("Plan saved as a draft: publish it when it is final."))
            return redirect("people:plan_detail", pk=plan.pk)
    context = {"form": form, "title": _("New personal commitment plan"), "cancel_url": reverse("people:plan_list")}
    return render(request, "people/form.html", context)


@require_GET
def plan_detail(request, pk):
    plan = access_plan(request.user, pk)
    can_edit = may_edit_plan(request.user, plan)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "commitments": plan.commitments.all(),
        "can_edit": can_edit,
        "assessment_open": today >= services_plans.assessment_opens(plan),
        "assessment_opens": services_plans.assessment_opens(plan),
        "history": history_for(plan)[:15],
    }
    return render(request, "people/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = access_plan(request.user, pk, write=True)
    initial = {f: getattr(plan, f) for f in services_plans.EDITABLE}
    initial["commitments"] = _commitments_text(plan)
    form = PlanForm(request.POST or None, initial=initial, **scopes(request))
    del form.fields["unit"], form.fields["leader"]  # a plan stays the same leader's, on the same unit
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in services_plans.EDITABLE}
        lines = form.commitment_lines()
        run_service(
            form,
            services_plans.plan_update,
            actor=request.user,
            plan=plan,
            data=data,
            commitments=lines if lines != [c.text for c in plan.commitments.all()] else None,
        )
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("people:plan_detail", pk=plan.pk)
    title = _("Edit plan") + f" — {plan.leader_name}, {plan.unit.name}"
    back = reverse("people:plan_detail", args=[plan.pk])
    return render(request, "people/form.html", {"form": form, "title": title, "cancel_url": back})


def _confirmed(request, plan, *, action, title, question, label, success, consequence="", with_note=False):
    detail = reverse("people:plan_detail", args=[plan.pk])
    if request.method == "POST":
        try:
            if with_note:
                action(actor=request.user, plan=plan, note=request.POST.get("note", ""))
            else:
                action(actor=request.user, plan=plan)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
        return redirect(detail)
    context = {
        "title": title,
        "question": question,
        "consequence": consequence,
        "confirm_label": label,
        "cancel_url": detail,
        "with_note": with_note,
    }
    return render(request, "core/confirm.html", context)


@require_http_methods(["GET", "POST"])
def plan_publish(request, pk):
    plan = access_plan(request.user, pk, write=True)
    return _confirmed(
        request,
        plan,
        action=services_plans.plan_publish,
        title=_("Publish %(plan)s") % {"plan": plan},
        question=_(
            "Publish this plan? Anyone can then read it on the public page, without signing in: the leader's "
            "name and position, the unit, the period and the commitments (never the internal note)."
        ),
        consequence=_("A published plan cannot be changed until it is unpublished."),
        label=_("Publish"),
        success=_("Plan published."),
    )


@require_http_methods(["GET", "POST"])
def plan_unpublish(request, pk):
    plan = access_plan(request.user, pk, write=True)
    return _confirmed(
        request,
        plan,
        action=services_plans.plan_unpublish,
        title=_("Unpublish %(plan)s") % {"plan": plan},
        question=_("Take this plan and its self-assessment off the public page?"),
        label=_("Unpublish"),
        success=_("Plan unpublished."),
        with_note=True,
    )


@require_http_methods(["GET", "POST"])
def plan_publish_assessment(request, pk):
    plan = access_plan(request.user, pk, write=True)
    return _confirmed(
        request,
        plan,
        action=services_plans.plan_publish_assessment,
        title=_("Publish the self-assessment of %(plan)s") % {"plan": plan},
        question=_("Publish the self-assessment next to the plan on the public page?"),
        label=_("Publish"),
        success=_("Self-assessment published."),
    )


@require_http_methods(["GET", "POST"])
def plan_assess(request, pk):
    plan = access_plan(request.user, pk, write=True)
    commitments = list(plan.commitments.all())
    form = AssessForm(request.POST or None, commitments=commitments, initial={"summary": plan.assessment_summary})
    if request.method == "POST" and form.is_valid():
        run_service(
            form,
            services_plans.plan_assess,
            actor=request.user,
            plan=plan,
            summary=form.cleaned_data["summary"],
            results=form.results(),
        )
        if not form.errors:
            messages.success(request, _("Self-assessment saved."))
            return redirect("people:plan_detail", pk=plan.pk)
    return render(request, "people/plan_assess.html", {"form": form, "plan": plan})
