"""The public page of published personal commitment plans (seed 004: the city secretary and 23 commune secretaries
published theirs on the city portal). No sign-in; rate-limited per address; it shows only what a published plan
makes public — the leader's name and position as written on the plan, the unit's name, the period, the commitments
and, once published, the self-assessment. Never an account, a user name, an e-mail, an internal note or a draft.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lanhdao.core.access import get_in_scope
from lanhdao.core.paging import paginate, query_without_page

from . import selectors
from .forms import PlanFilterForm
from .ratelimit import rate_limited

PER_PAGE = 20


@login_not_required
@require_GET
@rate_limited("public-plans")
def public_plans(request):
    form = PlanFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    plans = selectors.published_plans(query=data.get("q") or "", year=data.get("year"))
    page = paginate(request, plans.prefetch_related("commitments"), per_page=PER_PAGE)
    context = {"form": form, "page": page, "query": query_without_page(request)}
    template = "people/public/partials/_plans.html" if request.htmx else "people/public/plans.html"
    return render(request, template, context)


@login_not_required
@require_GET
@rate_limited("public-plans")
def public_plan(request, pk):
    plan = get_in_scope(selectors.published_plans().prefetch_related("commitments"), pk, _("No such published plan."))
    return render(request, "people/public/plan.html", {"plan": plan})
