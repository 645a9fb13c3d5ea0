"""The input side of restructuring, shared by the pages and the API: a request (JSON-able dict of ids) becomes a
`plans.Plan`, with every unit fetched through `access_unit` (404 outside the caller's scope). The page forms turn
codes typed by the user into that dict. Also the scoped reads the pages and the API share (operations, the tree)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.core.forms import DateField
from lanhdao.documents.selectors import documents_for
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitField, UnitsField, unit_choices
from lanhdao.org.selectors import children, parent_of

from . import plans, selectors
from .models import Kind, Lineage, Operation, UnitName

PARTS = 3  # rows offered for the new units of a split


def may_restructure_unit(user, unit: Unit) -> bool:
    """Whether `user` may start an operation on `unit` (the organisation board of its parent)."""
    if unit.is_archived:
        return False
    return has_perm(user, Perm.RESTRUCTURE, parent_of(unit) or unit)


def build_plan(user, data: dict, *, unit_of=None) -> plans.Plan:
    """The plan `data` asks for. `data`: kind, unit, effective_on (a date) and the kind's fields (ids):
    merge: units, survivor | new {code, name, kind} + parent; split: parts [{key, code, name, kind}], mapping
    {child id: part key}, own; move: parent; rename: name; dissolve: receiver, mapping {child id: unit id | "dissolve"}.
    Raises Http404 for a unit outside the caller's scope, ValidationError for an incomplete or invalid request.
    `unit_of(pk)`: how a unit is fetched (default: `access_unit` in the user's scope); a scheduled operation applied
    on its date is read with every unit, its scope having been checked when it was scheduled."""

    def _unit(user, pk) -> Unit:
        return unit_of(pk) if unit_of is not None else access_unit(user, pk)

    unit = _unit(user, data["unit"])
    kind, day = data["kind"], data["effective_on"]
    if kind == Kind.MERGE:
        others = [_unit(user, pk) for pk in data.get("units") or [] if int(pk) != unit.pk]
        survivor = _unit(user, data["survivor"]) if data.get("survivor") else None
        parent = _unit(user, data["parent"]) if data.get("parent") else parent_of(unit)
        new = None if survivor else (data.get("new") or None)
        plan = plans.merge(sources=[unit, *others], effective_on=day, survivor=survivor, new=new, parent=parent)
    elif kind == Kind.SPLIT:
        plan = plans.split(
            source=unit,
            effective_on=day,
            parts=data.get("parts") or [],
            mapping=data.get("mapping") or {},
            own=str(data.get("own") or ""),
        )
    elif kind == Kind.MOVE:
        if not data.get("parent"):
            raise ValidationError({"parent": _("Choose the new parent unit.")})
        plan = plans.move(unit=unit, parent=_unit(user, data["parent"]), effective_on=day)
    elif kind == Kind.RENAME:
        plan = plans.rename(unit=unit, name=data.get("name") or "", effective_on=day)
    elif kind == Kind.DISSOLVE:
        receiver = _unit(user, data["receiver"]) if data.get("receiver") else None
        mapping = {}
        for child, target in (data.get("mapping") or {}).items():
            if str(target) != plans.DISSOLVED:
                target = _unit(user, target).pk
            mapping[str(child)] = str(target)
        plan = plans.dissolve(unit=unit, effective_on=day, receiver=receiver, mapping=mapping)
    else:
        raise ValidationError({"kind": _("Unknown kind of operation.")})
    plan.spec = {**{k: v for k, v in data.items() if k != "effective_on"}, "effective_on": day.isoformat()}
    return plan


def operations_visible(user):
    """Operations that closed, created or renamed a unit the user may see, or (scheduled, cancelled, failed) were
    to act on one, newest first."""
    ids = units_for(user, Perm.VIEW, include_archived=True).values("id")
    renamed = UnitName.objects.filter(unit_id__in=ids).values("operation_id")
    concerned = Operation.units.through.objects.filter(unit_id__in=ids).values("operation_id")
    touched = (
        Q(lineage__predecessor_id__in=ids) | Q(lineage__successor_id__in=ids) | Q(pk__in=renamed) | Q(pk__in=concerned)
    )
    return Operation.objects.filter(touched).distinct().order_by("-effective_on", "-id")


def lineage_of(operation) -> list[Lineage]:
    return list(operation.lineage.select_related("predecessor", "successor").order_by("predecessor__path"))


def tree_rows(unit: Unit | None, day: datetime.date) -> list[dict]:
    """The units under `unit` on `day`, each with the name it bore then and, when closed since, its successors."""
    units = list(selectors.children_on(unit, day))
    names = selectors.names_on(units, day)
    closed = [u.pk for u in units if u.valid_to]
    after: dict[int, list[Unit]] = {}
    rows = Lineage.objects.filter(predecessor_id__in=closed).select_related("successor")
    for row in rows.order_by("successor__path"):
        after.setdefault(row.predecessor_id, []).append(row.successor)
    return [{"unit": u, "name": names.get(u.pk, u.name), "successors": after.get(u.pk, [])} for u in units]


# --- the page forms --------------------------------------------------------------------------------------------


class OperationForm(forms.Form):
    """What every operation asks: the date it takes effect and its legal basis (a document or a text)."""

    effective_on = DateField()
    legal_basis = forms.ChoiceField(required=False)
    legal_basis_text = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, user, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Labels in the language of the request the form is built for (every label of these forms is set here).
        self.fields["effective_on"].label = _("Effective on")
        self.fields["legal_basis"].label = _("Legal basis (a document)")
        self.fields["legal_basis_text"].label = _("or the legal basis as text")
        self.user, self.unit = user, unit
        self.documents = documents_for(user)
        recent = self.documents.order_by("-issued_on", "-id")[:100]
        self.fields["legal_basis"].choices = [("", "—")] + [(d.pk, f"{d.symbol} — {d.title}"[:120]) for d in recent]
        self.add_fields()

    def add_fields(self) -> None:
        pass

    def clean_legal_basis(self):
        value = self.cleaned_data.get("legal_basis")
        if not value:
            return None
        document = self.documents.filter(pk=value).first()
        if document is None:
            raise ValidationError(_("No such document, or you may not see it."))
        return document

    def clean(self):
        data = super().clean()
        if not data.get("legal_basis") and not (data.get("legal_basis_text") or "").strip():
            self.add_error("legal_basis", _("Name the legal basis (the decision) of the restructuring."))
        return data

    def unit_field(self, label, *, required: bool = False, multiple: bool = False, help_text: str = ""):
        """A unit picker among the units the user may see that exist on the effective date (core.picker)."""
        field_class = UnitsField if multiple else UnitField
        field = field_class(label=label, required=required, help_text=help_text, on_field="effective_on")
        field.units = unit_choices(self.user, Perm.VIEW)
        return field

    @staticmethod
    def pk_of(unit) -> int | None:
        return unit.pk if unit is not None else None

    def request_data(self) -> dict:
        """The request for build_plan (call after is_valid())."""
        return {"kind": self.kind, "unit": self.unit.pk, "effective_on": self.cleaned_data["effective_on"]}


class MergeForm(OperationForm):
    kind = Kind.MERGE

    def add_fields(self):
        self.fields["others"] = self.unit_field(_("Other units merged"), multiple=True)
        self.fields["survivor"] = self.unit_field(
            _("Surviving unit"), help_text=_("Leave empty to merge into a new unit.")
        )
        self.fields["new_code"] = forms.CharField(label=_("New unit: code"), required=False, max_length=40)
        self.fields["new_name"] = forms.CharField(label=_("New unit: name"), required=False, max_length=200)
        self.fields["new_kind"] = forms.ChoiceField(
            label=_("New unit: kind"), required=False, choices=[("", "—"), *UnitKind.choices], initial=self.unit.kind
        )
        self.fields["parent"] = self.unit_field(
            _("New unit stands under"), help_text=_("Empty: the parent of this unit.")
        )

    def request_data(self):
        data, c = super().request_data(), self.cleaned_data
        data["units"] = [unit.pk for unit in c["others"]]
        data["survivor"] = self.pk_of(c["survivor"])
        data["parent"] = self.pk_of(c["parent"])
        if not data["survivor"]:
            data["new"] = {"code": c["new_code"], "name": c["new_name"], "kind": c["new_kind"]}
        return data


class SplitForm(OperationForm):
    kind = Kind.SPLIT

    def add_fields(self):
        self.children = list(children(self.unit))
        parts = [("", "—")] + [(str(i), _("New unit %(n)s") % {"n": i}) for i in range(1, PARTS + 1)]
        for i in range(1, PARTS + 1):
            self.fields[f"part{i}_code"] = forms.CharField(label=_("Code"), required=False, max_length=40)
            self.fields[f"part{i}_name"] = forms.CharField(label=_("Name"), required=False, max_length=200)
            self.fields[f"part{i}_kind"] = forms.ChoiceField(
                label=_("Kind"), required=False, choices=UnitKind.choices, initial=self.unit.kind
            )
        self.fields["own"] = forms.ChoiceField(label=_("Takes over the unit's own work"), choices=parts, required=False)
        for child in self.children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(label=child.name, choices=parts, required=False)

    def part_rows(self):
        return [[self[f"part{i}_{f}"] for f in ("code", "name", "kind")] for i in range(1, PARTS + 1)]

    def child_rows(self):
        return [(child, self[f"child_{child.pk}"]) for child in self.children]

    def request_data(self):
        data, c = super().request_data(), self.cleaned_data
        data["parts"] = [
            {"key": str(i), "code": c[f"part{i}_code"], "name": c[f"part{i}_name"], "kind": c[f"part{i}_kind"]}
            for i in range(1, PARTS + 1)
            if c[f"part{i}_code"] or c[f"part{i}_name"]
        ]
        data["mapping"] = {str(ch.pk): c[f"child_{ch.pk}"] for ch in self.children if c[f"child_{ch.pk}"]}
        data["own"] = c["own"]
        return data


class MoveForm(OperationForm):
    kind = Kind.MOVE

    def add_fields(self):
        self.fields["parent"] = self.unit_field(_("New parent unit"), required=True)

    def request_data(self):
        data = super().request_data()
        data["parent"] = self.pk_of(self.cleaned_data["parent"])
        return data


class RenameForm(OperationForm):
    kind = Kind.RENAME

    def add_fields(self):
        self.fields["name"] = forms.CharField(label=_("New name"), max_length=200, initial=self.unit.name)

    def request_data(self):
        return {**super().request_data(), "name": self.cleaned_data["name"]}


class DissolveForm(OperationForm):
    kind = Kind.DISSOLVE

    def add_fields(self):
        self.children = list(children(self.unit))
        self.fields["receiver"] = self.unit_field(_("Unit that takes over its work"))
        for child in self.children:
            self.fields[f"child_{child.pk}"] = self.unit_field(child.name, help_text=_("Its new parent unit"))
            self.fields[f"child_{child.pk}_dissolve"] = forms.BooleanField(label=_("dissolve with it"), required=False)

    def child_rows(self):
        return [(child, self[f"child_{child.pk}"], self[f"child_{child.pk}_dissolve"]) for child in self.children]

    def request_data(self):
        data, c = super().request_data(), self.cleaned_data
        data["receiver"] = self.pk_of(c["receiver"])
        mapping = {}
        for child in self.children:
            if c[f"child_{child.pk}_dissolve"]:
                mapping[str(child.pk)] = plans.DISSOLVED
            elif c[f"child_{child.pk}"] is not None:
                mapping[str(child.pk)] = c[f"child_{child.pk}"].pk
        data["mapping"] = mapping
        return data


FORMS = {
    Kind.MERGE: MergeForm,
    Kind.SPLIT: SplitForm,
    Kind.MOVE: MoveForm,
    Kind.RENAME: RenameForm,
    Kind.DISSOLVE: DissolveForm,
}
