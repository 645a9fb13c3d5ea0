"""The 2025 reform's pages: preview the reorganisation of a province (or of the country, from the Central
Committee), apply it in the background and follow its progress, place by hand what the data could not.
Only the unit's organisation board (Perm.RESTRUCTURE) may open them (403); units out of scope answer 404."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.core.forms import DateField, DateInput, apply_service_errors
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.permissions import access_unit
from lanhdao.org.selectors import parent_of

from . import reform2025 as data
from . import reform2025_plans as reform
from . import reform2025_runs as runs
from .permissions import access_reform_run


class ApplyForm(forms.Form):
    effective_on = DateField(label=gettext_lazy("Effective on"), initial=data.EFFECTIVE_ON, widget=DateInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("I have read the preview: apply the reform, all of it or none"), required=True
    )


def _reformable(request, pk):
    unit = access_unit(request.user, pk)
    if not runs.may_reform(request.user, unit):
        raise PermissionDenied(_("Only the organisation board of this unit may apply the reform."))
    return unit


COUNT_LABELS = {
    "communes_created": gettext_lazy("New communes created"),
    "old_communes_closed": gettext_lazy("Old communes closed"),
    "districts_closed": gettext_lazy("District committees closed"),
    "provinces_merged": gettext_lazy("Old province committees merged"),
    "to_place": gettext_lazy("Old communes to be placed by hand"),
    "units_closed": gettext_lazy("Units closed"),
    "cells": gettext_lazy("Cells moved"),
    "members": gettext_lazy("Members moved"),
    "posts": gettext_lazy("Posts moved"),
    "tasks": gettext_lazy("Open tasks moved"),
    "roles": gettext_lazy("Users' roles moved"),
    "roles_ended": gettext_lazy("Users' roles ended with their district"),
    "quotas": gettext_lazy("Staffing quota rows moved"),
}


def _rows(counts: dict) -> list[tuple[str, int]]:
    return [(str(COUNT_LABELS.get(key, key)), n) for key, n in counts.items() if key in COUNT_LABELS]


def _province_context(code: int) -> dict:
    design = reform.design(code)
    context = {"design": design, "basis": data.commune_basis(code), "olds": data.old_provinces(code)}
    context["old_names"] = [data.old_province_name(o) for o in context["olds"]]
    if design.survivor is not None and design.applied is None:
        context["counts"] = _rows(reform.preview(design))
    return context


def _country_rows(codes: list[int]) -> list[dict]:
    rows = []
    for code in codes:
        design = reform.design(code)
        rows.append(
            {
                "code": code,
                "name": design.name,
                "design": design,
                "created": sum(1 for c in design.communes if c.existing is None),
                "closed": len({u.pk for c in design.communes for u in c.sources}),
                "districts": len(design.districts) + sum(len(c.districts) for c in design.communes),
                "resolution": f"{data.COMMUNE_RESOLUTIONS[code]}/NQ-UBTVQH15",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def reform2025(request, pk):
    unit = _reformable(request, pk)
    codes = runs.provinces_of(unit)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = runs.start_run(actor=request.user, unit=unit, effective_on=form.cleaned_data["effective_on"])
            return redirect("restructuring:reform2025_run", run.pk)
        except ValidationError as error:
            apply_service_errors(form, error)
    context = {"unit": unit, "codes": codes, "form": form, "runs": runs.recent_runs(unit)}
    context["national"] = data.NATIONAL_BASIS
    context["held"] = [(h, runs.candidates(h)) for h in runs.held_communes(unit)] if codes else []
    if unit.kind == K.CENTRAL:
        context["country"] = _country_rows(codes)
    elif codes:
        context |= _province_context(codes[0])
    return render(request, "restructuring/reform2025.html", context)


@require_GET
def reform2025_run(request, pk):
    run = access_reform_run(request.user, pk)
    context = {"run": run, "progress": runs.progress_of(run), "result": _result_rows(run)}
    if request.htmx:
        return render(request, "restructuring/partials/_reform_progress.html", context)
    return render(request, "restructuring/reform2025_run.html", context)


def _result_rows(run) -> list[tuple[str, str]]:
    rows = []
    for code, written in sorted((run.result or {}).items(), key=lambda kv: int(kv[0])):
        state = _("already reformed: nothing to do") if not written else _("%(n)s operations") % {"n": written}
        rows.append((data.province_name(int(code)), state))
    return rows


class PlaceForm(forms.Form):
    effective_on = DateField(label=gettext_lazy("Effective on"), widget=DateInput)

    def __init__(self, *args, held, options, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((str(o.pk), o.name) for o in options)]
        self.fields["receiver"] = forms.ChoiceField(
            label=_("New commune that takes its own members and open work"), choices=choices
        )
        self.rows = []
        for unit in runs.placeable(held):
            suggested = runs.suggestion(unit, options)
            name = f"to_{unit.pk}"
            self.fields[name] = forms.ChoiceField(label=unit.name, choices=choices, initial=suggested and suggested.pk)
            self.rows.append((unit, name))
        self.options = {str(o.pk): o for o in options}

    def bound_rows(self):
        return [(unit, self[name]) for unit, name in self.rows]

    def mapping(self):
        return {unit.pk: self.options[self.cleaned_data[name]] for unit, name in self.rows}


@require_http_methods(["GET", "POST"])
def reform2025_place(request, pk):
    held = _reformable(request, pk)
    province = parent_of(held)
    waiting = province is not None and held in runs.held_communes(province)
    options = runs.candidates(held) if waiting else []
    form = PlaceForm(request.POST or None, held=held, options=options, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and waiting and form.is_valid():
        try:
            operation = runs.place(
                actor=request.user,
                held=held,
                receiver=form.options[form.cleaned_data["receiver"]],
                mapping=form.mapping(),
                effective_on=form.cleaned_data["effective_on"],
            )
            return redirect("restructuring:operation_detail", operation.pk)
        except ValidationError as error:
            apply_service_errors(form, error)
    context = {"held": held, "province": province, "form": form, "waiting": waiting, "options": options}
    return render(request, "restructuring/reform2025_place.html", context)
