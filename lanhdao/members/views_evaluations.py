"""Pages of the annual classification of members (per cell) and of party organisations (per committee), awards,
"excellent N years in a row", and membership badges (who becomes eligible in a year; award them in one step)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services_evaluations
from . import selectors_evaluations as evaluations
from .forms import AwardForm, BadgeAwardForm, ExcellentForm, GradesForm
from .models import BADGE_YEARS, Grade
from .permissions import access_member, may_classify_organisation, may_manage_members
from .views import trail


def year_of(request, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


def _saved(request, created, updated) -> None:
    messages.success(request, _("Saved: %(c)d new, %(u)d changed.") % {"c": created, "u": updated})


@require_http_methods(["GET", "POST"])
def member_classification(request):
    """A cell's members for a year, each with a grade: saved in one transaction."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    year = year_of(request, today.year - 1 if today.month < 12 else today.year)
    day = min(datetime.date(year, 12, 31), today)
    members = (
        list(selectors.members_on(unit, day, subtree=False).order_by("full_name", "pk")) if year <= today.year else []
    )
    current = evaluations.evaluations_by_member(members, year)
    can_record = may_manage_members(request.user, unit) and year <= today.year
    form = GradesForm(request.POST if request.method == "POST" else None, rows=members, current=current)
    if request.method == "POST" and form.is_valid():
        classified = run_service(
            form, services_evaluations.member_classify, actor=request.user, unit=unit, year=year, grades=form.grades()
        )
        if not form.errors:
            created, updated = classified
            _saved(request, len(created), len(updated))
            return redirect(f"{reverse('members:member_classification')}?unit={unit.pk}&year={year}")
    counts = evaluations.grade_counts(evaluations.evaluations_for(request.user).filter(unit=unit, year=year))
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "year": year,
        "form": form,
        "can_record": can_record,
        "children": selectors.party_children(unit)[:300],
        "grades": Grade.choices,
        "cards": [(label, counts[value]) for value, label in Grade.choices],
    }
    return render(request, "members/classification.html", context)


@require_http_methods(["GET", "POST"])
def organisation_classification(request):
    """The party organisations right under a committee, each with a grade for a year."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    year = year_of(request, today.year - 1 if today.month < 12 else today.year)
    organisations = list(selectors.party_children(unit)[:300])
    current = evaluations.organisation_evaluations_by_unit(organisations, year)
    can_record = bool(organisations) and may_classify_organisation(request.user, organisations[0])
    if request.method == "POST" and not can_record:
        raise PermissionDenied(_("These organisations are classified by the level above them."))
    form = GradesForm(request.POST if request.method == "POST" else None, rows=organisations, current=current)
    if request.method == "POST" and form.is_valid():
        grades = form.grades()
        changed = {
            organisation: grades[organisation.pk]
            for organisation in organisations
            if grades[organisation.pk][0]
            and (
                organisation.pk not in current
                or (current[organisation.pk].grade, current[organisation.pk].note) != grades[organisation.pk]
            )
        }
        saved = run_service(
            form, services_evaluations.organisations_classify, actor=request.user, year=year, grades=changed
        )
        if not form.errors:
            messages.success(request, _("Saved: %(n)d classification(s).") % {"n": len(saved)})
            return redirect(f"{reverse('members:organisation_classification')}?unit={unit.pk}&year={year}")
    context = {"unit": unit, "trail": trail(request, unit), "year": year, "form": form, "can_record": can_record}
    return render(request, "members/organisation_classification.html", context)


@require_GET
def excellent(request):
    """Members or organisations of a subtree graded excellent each year of N years in a row up to a year."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    form = ExcellentForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("kind") or "members"
    year = data.get("year") or today.year - 1
    years = data.get("years") or 5
    if kind == "organisations":
        qs = evaluations.excellent_organisations(request.user, unit, year=year, years=years).order_by("path")
    else:
        qs = evaluations.excellent_members(request.user, unit, year=year, years=years)
        qs = qs.select_related("unit").order_by("unit_path", "full_name", "pk")
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "form": form,
        "kind": kind,
        "year": year,
        "years": years,
        "first": year - years + 1,
        "page": paginate(request, qs),
        "query": query_without_page(request),
    }
    return render(request, "members/excellent.html", context)


@require_http_methods(["GET", "POST"])
def award_list(request):
    """Awards to the members and organisations of a subtree; give one to an organisation."""
    unit = unit_of_page(request)
    form = AwardForm(
        request.POST or None,
        units=unit_choices(request.user, Perm.VIEW),
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        run_service(form, services_evaluations.award_give, actor=request.user, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Award recorded."))
            return redirect(f"{reverse('members:award_list')}?unit={unit.pk}")
    qs = selectors.in_subtree(evaluations.awards_for(request.user), unit)
    page = paginate(request, qs.select_related("member", "unit").order_by("-awarded_on", "-pk"))
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "form": form,
        "page": page,
        "query": query_without_page(request),
    }
    return render(request, "members/awards.html", context)


@require_http_methods(["GET", "POST"])
def member_award(request, pk):
    member = access_member(request.user, pk, write=True)
    form = AwardForm(request.POST or None, for_member=True, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        run_service(form, services_evaluations.award_give, actor=request.user, member=member, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Award recorded."))
            return redirect("members:member_detail", pk=member.pk)
    context = {
        "form": form,
        "member": member,
        "title": _("Award to %(name)s") % {"name": member},
        "cancel_url": reverse("members:member_detail", args=[member.pk]),
    }
    return render(request, "members/transfer_form.html", context)


@require_http_methods(["GET", "POST"])
def badges(request):
    """Who becomes eligible for a membership badge in a year, in a subtree; award the chosen ones at once."""
    unit = unit_of_page(request)
    year = year_of(request, timezone.localdate().year)
    eligible = list(
        evaluations.badge_eligible(
            selectors.in_subtree(selectors.members_for(request.user), unit), year
        ).select_related("unit")[:500]
    )
    for member in eligible:
        member.manageable = may_manage_members(request.user, member.unit)
    form = BadgeAwardForm(request.POST or None, eligible=[m for m in eligible if m.manageable])
    if request.method == "POST" and form.is_valid():
        chosen = [m for m in eligible if m.pk in set(form.cleaned_data["members"])]
        awarded = run_service(
            form,
            services_evaluations.badges_award,
            actor=request.user,
            members=chosen,
            year=year,
            awarded_on=form.cleaned_data["awarded_on"],
            decision=form.cleaned_data["decision"],
        )
        if not form.errors:
            messages.success(request, _("%(n)d badge(s) awarded.") % {"n": len(awarded)})
            return redirect(f"{reverse('members:badges')}?unit={unit.pk}&year={year}")
    in_unit = selectors.in_subtree(selectors.members_for(request.user), unit)
    awarded = (
        evaluations.badges_for(request.user)
        .filter(member__in=in_unit, awarded_on__year=year)
        .select_related("member", "member__unit")
        .order_by("-awarded_on", "member__full_name")
    )
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "year": year,
        "eligible": eligible,
        "form": form,
        "awarded": awarded[:500],
        "thresholds": BADGE_YEARS,
        "can_award": any(m.manageable for m in eligible),
    }
    return render(request, "members/badges.html", context)
