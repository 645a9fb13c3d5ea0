"""Choosing a unit: by any part of its name (with or without diacritics) or its code, among the units one may
choose in that field. The machinery is `core.picker`; this module says which units and how they are named.

A view builds the choices with `unit_choices(user, perm, under=…, kinds=…)` and gives them to the form, whose
`UnitField` / `UnitsField` validate against them and whose widget asks `org:pick_units` for suggestions.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.core.access import MAX_ID
from lanhdao.core.picker import Choices, PickerField
from lanhdao.core.text import fold

from .models import Unit
from .selectors import path_prefix_q, search


def existing_on(qs: QuerySet[Unit], day: datetime.date) -> QuerySet[Unit]:
    """The units of `qs` in force on `day` (a unit closed by a restructuring keeps its past, not the day after)."""
    return qs.filter(
        (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


class UnitChoices(Choices):
    """The units `user` may choose in one field: those where they hold `perm`, not archived, optionally only under
    the unit at `under` (a path) and of some `kinds`. With `anywhere`, any live unit of the tree (of those kinds):
    a transfer may go to a party organisation outside one's scope."""

    url_name = "org:pick_units"
    salt = "lanhdao.org.picker"
    messages = {
        "ambiguous": _(
            "Several units are named “%(text)s”: %(candidates)s. Choose one from the suggestions or type its code."
        ),
        "unknown": _("No unit you may choose here is named or coded “%(text)s”."),
        "unknown_near": _("No unit you may choose here is named or coded “%(text)s”. Did you mean: %(near)s?"),
    }

    def queryset(self, *, on=None) -> QuerySet[Unit]:
        if self.spec.get("anywhere"):
            qs = Unit.objects.filter(archived_at__isnull=True)
        else:
            qs = units_for(self.user, Perm(self.spec.get("perm", Perm.VIEW.value)))
        if self.spec.get("under"):
            qs = qs.filter(path_prefix_q(self.spec["under"]))
        if self.spec.get("kinds"):
            qs = qs.filter(kind__in=self.spec["kinds"])
        if on is not None:
            qs = existing_on(qs, on)
        return qs.order_by("depth", "name", "path")

    def search(self, qs, text):
        return search(qs, text)

    def exact(self, qs, text):
        text = text.strip()
        if not text:
            return []
        by_code = list(qs.filter(code__iexact=text)[:1])
        if by_code:
            return by_code
        by_name = list(qs.filter(name__iexact=text)[:10])
        if by_name:
            return by_name
        folded = fold(text)
        # search_name is fold(name + " " + code): a unit whose folded name is the text has a search_name starting
        # with it and a space (a prefix the trigram or B-tree index serves)
        return [u for u in qs.filter(search_name__startswith=folded + " ")[:50] if fold(u.name) == folded][:10]

    def label(self, obj) -> str:
        return obj.name

    def details(self, objs) -> dict[int, str]:
        objs = list(objs)
        parents = {u.path[: -Unit.steplen] for u in objs if u.depth > 1}
        names = dict(Unit.objects.filter(path__in=parents).values_list("path", "name")) if parents else {}
        return {u.pk: " · ".join(filter(None, [u.code, names.get(u.path[: -Unit.steplen], "")])) for u in objs}


def unit_choices(
    user, perm: Perm = Perm.VIEW, *, under: Unit | None = None, kinds=(), anywhere: bool = False
) -> UnitChoices:
    """The units `user` may choose where `perm` is needed (see UnitChoices)."""
    spec = {"perm": Perm(perm).value}
    if anywhere:
        spec["anywhere"] = True
    if under is not None:
        spec["under"] = under.path
    if kinds:
        spec["kinds"] = sorted(str(k) for k in kinds)
    return UnitChoices(user, **spec)


class UnitField(PickerField):
    """One unit, typed by name or code and chosen from suggestions. The form (or its view) sets `units`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        super().__init__(**kwargs)
        self.widget.placeholder = _("Type a name or a code")

    @property
    def units(self) -> UnitChoices | None:
        return self.choices

    @units.setter
    def units(self, value: UnitChoices | None) -> None:
        self.choices = value


class UnitsField(UnitField):
    """Several units (coordinating units…), each chosen like a UnitField."""

    def __init__(self, **kwargs):
        kwargs["multiple"] = True
        super().__init__(**kwargs)


# --- the API: a unit by its id or its code ------------------------------------------------------------------------

UNIT_REF_HELP = 'A unit: its id (an integer) or its code (a string, e.g. "HU165-UBND-02").'


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "description": UNIT_REF_HELP, "example": 42})
class UnitRef(serializers.IntegerField):
    """An API field naming a unit by its id or its code; it gives the id, which the endpoint then looks up inside
    the caller's scope (`access_unit`) as before. A code no live unit bears gives an id that names no row, so the
    answer is the same 404 as for a unit outside one's scope: whether a code exists elsewhere is not told."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip() and not data.strip().isdigit():
            found = Unit.objects.filter(code=data.strip(), archived_at__isnull=True).values_list("pk", flat=True)
            return found.first() or MAX_ID
        return super().to_internal_value(data)


# --- imports: units written in a sheet by name or code ------------------------------------------------------------

_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")
_BATCH = 200  # ORs per query: SQLite refuses an expression tree deeper than 1000


def units_by_reference(qs: QuerySet[Unit], written) -> dict[str, list[Unit]]:
    """{each text written: the units of `qs` it names}, in a few queries for a whole file. A text names a unit by its
    code (any case), its name as the tree writes it, its name without diacritics, or "name (code)" as the templates'
    drop-down lists write a name that several units bear. More than one unit: the name is ambiguous."""
    written = {w.strip() for w in written if w and w.strip()}
    inner = {m["code"].strip() for w in written if (m := _WITH_CODE.match(w))}
    codes = {c for w in written | inner for c in (w, w.upper())}  # as written, and upper case as most codes are
    folded = {fold(w) for w in written}
    found: dict[int, Unit] = {}
    codes_list, folded_list = sorted(codes), sorted(folded)
    for i in range(0, len(codes_list), _BATCH):
        batch = codes_list[i : i + _BATCH]
        found |= {u.pk: u for u in qs.filter(code__in=batch)}
    for i in range(0, len(folded_list), _BATCH):
        q = Q()
        for text in folded_list[i : i + _BATCH]:
            q |= Q(search_name__startswith=text + " ")
        found |= {u.pk: u for u in qs.filter(q)}
    by_code: dict[str, Unit] = {u.code.upper(): u for u in found.values()}
    by_name: dict[str, list[Unit]] = {}
    by_folded: dict[str, list[Unit]] = {}
    for unit in found.values():
        by_name.setdefault(unit.name, []).append(unit)
        by_folded.setdefault(fold(unit.name), []).append(unit)
    result = {}
    for text in written:
        match = _WITH_CODE.match(text)
        if text.upper() in by_code:
            result[text] = [by_code[text.upper()]]
        elif match and match["code"].strip().upper() in by_code:
            result[text] = [by_code[match["code"].strip().upper()]]
        else:
            result[text] = by_name.get(text) or by_folded.get(fold(text), [])
    return result


def unit_list_entries(units) -> list[str]:
    """How a drop-down list of a template writes `units`: the name, or "name (code)" when several bear it."""
    units = list(units)
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.name] = counts.get(unit.name, 0) + 1
    return [unit.name if counts[unit.name] == 1 else f"{unit.name} ({unit.code})" for unit in units]


def describe_candidates(units) -> str:
    """ "name (code, under parent)" for each unit, to list the candidates of an ambiguous name."""
    units = list(units)
    parents = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    names = dict(Unit.objects.filter(path__in=parents).values_list("path", "name")) if parents else {}
    return "; ".join(
        f"{u.name} ({', '.join(filter(None, [u.code, names.get(u.path[: -Unit.steplen])]))})" for u in units
    )
