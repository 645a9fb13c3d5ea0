"""Forms of staffing: the grid of quotas and headcounts (one unit and year, or the children of a unit), a target,
and the filter of the subtree view.

Grid fields are named `services.cell_key(unit, category, field)`, the keys the service reports errors
under, so `apply_service_errors` puts each error on its cell. A cell the user may not change is disabled: its
value is shown and never sent to the service.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lanhdao.org.models import Unit

from .models import StaffCategory, StaffingQuota
from .services import MAX_STAFF, MIN_YEAR, YEARS_AHEAD, cell_key

COUNT_FIELDS = ("assigned", "headcount")


def year_choices() -> list[tuple[int, int]]:
    last = timezone.localdate().year + YEARS_AHEAD
    return [(y, y) for y in range(last, MIN_YEAR - 1, -1)]


def valid_year(value, default: int | None = None) -> int:
    """A year from the query string, or this year when it is missing or not one the forms offer."""
    this_year = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default or this_year
    return year if MIN_YEAR <= year <= this_year + YEARS_AHEAD else (default or this_year)


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_STAFF,
        widget=forms.TextInput(attrs={"size": 5, "inputmode": "numeric", "autocomplete": "off"}),
    )


class StaffingGridForm(forms.Form):
    """Quota and headcount (and, with `notes`, a note) for each unit and category."""

    def __init__(
        self,
        *args,
        units: Iterable[Unit],
        rows: dict[tuple[int, str], StaffingQuota],
        may_assign: Callable[[Unit], bool],
        may_report: Callable[[Unit], bool],
        notes: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        self.lines = []
        for unit in self.units:
            assign, report = may_assign(unit), may_report(unit)
            cells = []
            for category, label in StaffCategory.choices:
                row = rows.get((unit.pk, category))
                names = {}
                for field, allowed in (("assigned", assign), ("headcount", report)):
                    name = cell_key(unit.pk, category, field)
                    what = _("quota") if field == "assigned" else _("headcount")
                    self.fields[name] = _count_field(
                        _("%(unit)s, %(category)s: %(what)s") % {"unit": unit, "category": label, "what": what}
                    )
                    self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
                    self.fields[name].initial = getattr(row, field, None)
                    self.fields[name].disabled = not allowed
                    names[field] = name
                if notes:
                    name = cell_key(unit.pk, category, "note")
                    self.fields[name] = forms.CharField(
                        label=_("Note"), required=False, max_length=500, widget=forms.TextInput(attrs={"size": 28})
                    )
                    self.fields[name].widget.attrs["aria-label"] = _("%(unit)s, %(category)s: note") % {
                        "unit": unit,
                        "category": label,
                    }
                    self.fields[name].initial = getattr(row, "note", "")
                    self.fields[name].disabled = not (assign or report)
                    names["note"] = name
                cells.append({"category": category, "label": label, "row": row, **names})
            self.lines.append({"unit": unit, "cells": cells, "assign": assign, "report": report})
        for line in self.lines:  # bound fields, for the template (it cannot look a field up by a computed name)
            for cell in line["cells"]:
                cell["fields"] = {field: self[cell[field]] for field in (*COUNT_FIELDS, "note") if field in cell}

    @property
    def editable(self) -> bool:
        return any(not f.disabled for f in self.fields.values())

    def values(self) -> dict[Unit, dict[str, dict[str, object]]]:
        """{unit: {category: {field: value}}} of the cells the user may change."""
        result: dict[Unit, dict[str, dict[str, object]]] = {}
        for line in self.lines:
            per_category = {}
            for cell in line["cells"]:
                values = {
                    field: self.cleaned_data.get(cell[field])
                    for field in (*COUNT_FIELDS, "note")
                    if field in cell and not self.fields[cell[field]].disabled
                }
                if values:
                    per_category[cell["category"]] = values
            if per_category:
                result[line["unit"]] = per_category
        return result


class TargetForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *StaffCategory.choices]
    )
    base_year = forms.TypedChoiceField(label=_("Base year"), coerce=int)
    target_year = forms.TypedChoiceField(label=_("Target year"), coerce=int)
    percent = forms.DecimalField(
        label=_("Reduction (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("At least this much below the base year's quota, e.g. 10."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=500,
        help_text=_("The document that sets the target, e.g. Resolution 39-NQ/TW of 17/4/2015."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_year"].choices = self.fields["target_year"].choices = year_choices()

    def clean(self):
        data = super().clean()
        if data.get("base_year") and data.get("target_year") and data["target_year"] <= data["base_year"]:
            self.add_error("target_year", _("The target year must come after the base year."))
        return data


SORT_CHOICES = [
    ("name", _("Tree order")),
    ("over", _("Over quota")),
    ("distance", _("Distance to target")),
    ("vacancies", _("Vacancies")),
    ("assigned", _("Quota assigned")),
    ("headcount", _("Headcount")),
]


class SubtreeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *StaffCategory.choices]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()
