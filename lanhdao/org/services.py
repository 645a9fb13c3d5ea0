"""Writes to the organisation tree. Each checks the actor's permission, validates, writes and audits in one
transaction: all of it lands or none of it."""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.text import fold

from .kinds import UnitKind, may_contain
from .models import Unit
from .selectors import parent_of, path_prefix_q

EDITABLE_FIELDS = ("code", "name", "kind", "valid_from", "valid_to")


def _require(actor, unit: Unit | None) -> None:
    allowed = actor.is_superuser if unit is None else has_perm(actor, Perm.MANAGE_UNITS, unit)
    if not allowed:
        raise PermissionDenied(_("You may not change this unit."))


def _check_kind(parent: Unit | None, kind: str) -> None:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Unknown kind of unit.")})
    if parent is not None and not may_contain(parent.kind, kind):
        raise ValidationError(
            {
                "kind": _("A %(child)s cannot stand under a %(parent)s.")
                % {"child": UnitKind(kind).label, "parent": UnitKind(parent.kind).label}
            }
        )


def _check_dates(valid_from: datetime.date | None, valid_to: datetime.date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date must not be before the start date.")})


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    if not code.strip():
        raise ValidationError({"code": _("The code is required.")})
    qs = Unit.objects.filter(code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"code": _("Another unit already has the code %(code)s.") % {"code": code}})


def unit_create(
    *,
    actor,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    _require(actor, parent)
    if parent is not None and parent.is_archived:
        raise ValidationError(_("An archived unit cannot receive new units."))
    code, name = code.strip(), name.strip()
    if not name:
        raise ValidationError({"name": _("The name is required.")})
    _check_kind(parent, kind)
    _check_dates(valid_from, valid_to)
    _check_code_free(code)
    fields = {"code": code, "name": name, "kind": kind, "valid_from": valid_from, "valid_to": valid_to}
    with transaction.atomic():
        if parent is None:
            unit = Unit.objects.add_root(create_kwargs=fields)
        else:
            # Lock the parent so two concurrent creations under it cannot compute the same path.
            parent = Unit.objects.select_for_update().get(pk=parent.pk)
            unit = Unit.objects.add_child(parent, create_kwargs=fields)
        record(actor=actor, action=Action.CREATE, obj=unit, after=snapshot(unit))
    return unit


def unit_update(*, actor, unit: Unit, data: dict) -> Unit:
    _require(actor, unit)
    if unit.is_archived:
        raise ValidationError(_("An archived unit cannot be changed; restore it first."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changed = {k: v for k, v in data.items() if getattr(unit, k) != v}
    if not changed:
        return unit
    if "name" in changed and not str(changed["name"]).strip():
        raise ValidationError({"name": _("The name is required.")})
    if "code" in changed:
        _check_code_free(changed["code"].strip(), exclude_pk=unit.pk)
    if "kind" in changed:
        _check_kind(parent_of(unit), changed["kind"])
        child_kinds = set(
            Unit.objects.filter(path_prefix_q(unit.path), depth=unit.depth + 1).values_list("kind", flat=True)
        )
        refused = [k for k in child_kinds if not may_contain(changed["kind"], k)]
        if refused:
            raise ValidationError({"kind": _("The units under this one do not fit the new kind.")})
    _check_dates(changed.get("valid_from", unit.valid_from), changed.get("valid_to", unit.valid_to))
    with transaction.atomic():
        before = snapshot(unit)
        for key, value in changed.items():
            setattr(unit, key, value.strip() if isinstance(value, str) else value)
        unit.save()
        record(actor=actor, action=Action.UPDATE, obj=unit, before=before, after=snapshot(unit))
    return unit


def unit_archive(*, actor, unit: Unit, note: str = "") -> int:
    """Archive `unit` and every unit under it that is not archived yet. Returns how many were archived."""
    _require(actor, unit)
    if unit.is_archived:
        raise ValidationError(_("This unit is already archived."))
    now = timezone.now()
    with transaction.atomic():
        units = list(Unit.objects.select_for_update().filter(path_prefix_q(unit.path), archived_at__isnull=True))
        befores = {u.pk: snapshot(u) for u in units}
        Unit.objects.filter(pk__in=[u.pk for u in units]).update(archived_at=now, updated_at=now)
        for u in units:
            u.archived_at = now
        record_many(
            actor=actor,
            action=Action.ARCHIVE,
            changes=((u, befores[u.pk], snapshot(u)) for u in units),
            note=note,
        )
    unit.archived_at = now
    return len(units)


def unit_restore(*, actor, unit: Unit) -> int:
    """Restore `unit` and the units archived with it (same moment). Its parent must be in use."""
    _require(actor, unit)
    if not unit.is_archived:
        raise ValidationError(_("This unit is not archived."))
    parent = parent_of(unit)
    if parent is not None and parent.is_archived:
        raise ValidationError(_("Restore the parent unit first."))
    with transaction.atomic():
        units = list(Unit.objects.select_for_update().filter(path_prefix_q(unit.path), archived_at=unit.archived_at))
        befores = {u.pk: snapshot(u) for u in units}
        Unit.objects.filter(pk__in=[u.pk for u in units]).update(archived_at=None, updated_at=timezone.now())
        for u in units:
            u.archived_at = None
        record_many(actor=actor, action=Action.RESTORE, changes=((u, befores[u.pk], snapshot(u)) for u in units))
    unit.archived_at = None
    return len(units)


@dataclass
class UnitSpec:
    """A unit to create in bulk, with the units under it."""

    code: str
    name: str
    kind: str
    valid_from: datetime.date | None = None
    children: list["UnitSpec"] = field(default_factory=list)


def _walk(specs: Iterable[UnitSpec], parent_kind: str | None) -> Iterator[UnitSpec]:
    for spec in specs:
        if parent_kind is not None and not may_contain(parent_kind, spec.kind):
            raise ValidationError(
                _("%(name)s: a %(child)s cannot stand under a %(parent)s.")
                % {
                    "name": spec.name,
                    "child": UnitKind(spec.kind).label,
                    "parent": UnitKind(parent_kind).label,
                }
            )
        yield spec
        yield from _walk(spec.children, spec.kind)


def units_bulk_create(
    *, actor, parent: Unit | None, specs: list[UnitSpec], audit: bool = True, batch_size: int = 5000
) -> int:
    """Create whole subtrees at once (demo data, imports, the benchmark generator): paths are computed in memory
    and rows written in batches, so a province of thousands of units takes a handful of queries per batch.

    All or nothing: every kind and code is checked before anything is written.
    """
    _require(actor, parent)
    all_specs = list(_walk(specs, parent.kind if parent else None))
    codes = [s.code for s in all_specs]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("The same code appears twice in the units to create."))
    for start in range(0, len(codes), 5000):
        taken = list(Unit.objects.filter(code__in=codes[start : start + 5000]).values_list("code", flat=True)[:5])
        if taken:
            raise ValidationError(_("These codes are already in use: %(codes)s") % {"codes": ", ".join(taken)})

    with transaction.atomic():
        if parent is None:
            last = Unit.objects.get_last_root_node()
            base_path, base_depth = "", 0
        else:
            parent = Unit.objects.select_for_update().get(pk=parent.pk)
            last = Unit.objects.get_last_child(parent)
            base_path, base_depth = parent.path, parent.depth
        first_index = (Unit.step_index(last.path) + 1) if last else 1
        rows: list[Unit] = []

        def build(spec_list: list[UnitSpec], path: str, depth: int, start: int) -> None:
            for offset, spec in enumerate(spec_list):
                child_path = path + Unit.step(start + offset)
                rows.append(
                    Unit(
                        path=child_path,
                        depth=depth + 1,
                        numchild=len(spec.children),
                        code=spec.code,
                        name=spec.name,
                        kind=spec.kind,
                        valid_from=spec.valid_from,
                        search_name=fold(f"{spec.name} {spec.code}"),
                    )
                )
                build(spec.children, child_path, depth + 1, 1)

        build(specs, base_path, base_depth, first_index)
        Unit.objects.bulk_create(rows, batch_size=batch_size)
        if parent is not None:
            Unit.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(specs))
        if audit:
            # PostgreSQL and SQLite >= 3.35 return the new ids from bulk_create, so `rows` carry their pks.
            record_many(
                actor=actor,
                action=Action.CREATE,
                changes=((u, None, snapshot(u)) for u in rows),
                note=_("Bulk creation"),
            )
    return len(rows)
