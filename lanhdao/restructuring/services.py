"""Preview and apply a restructuring plan (restructuring.plans): all or nothing, in one transaction.

Applying closes the plan's units (valid_to = the day before, archived, code suffixed with that day so the copies
can keep it), creates the new units and the copies of moved subtrees with paths computed in memory and written in
bulk, records the lineage, then lets each mover (restructuring.movers) carry the open work across. Every row it
touches gets its audit row, written in bulk.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.text import fold
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from . import movers
from .models import Lineage, Operation, UnitName
from .plans import Plan, closed_units


class AlreadyApplied(ValidationError):
    """A unit the plan acts on was closed or renamed since the plan was read: the same operation was applied by
    another request (a double submit, two officers at the same moment) or another one took the unit. Nothing is
    written; the API answers 409 Conflict."""

    http_status = 409


def may_restructure(user, plan: Plan) -> bool:
    """Only the organisation board (Perm.RESTRUCTURE) of every parent the plan touches, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return all(has_perm(user, Perm.RESTRUCTURE, unit) for unit in plan.parents_touched())


def preview(plan: Plan) -> dict:
    """What applying `plan` would do, counted: units closed and created, and the open work each mover carries."""
    closed = closed_units(plan)
    created = len(plan.new) + sum(1 for u in closed if _copied(plan, closed, u))
    counts = {"units_closed": len(closed), "units_created": created, "renamed": 1 if plan.rename else 0}
    ids = [u.pk for u in closed]
    for name, mover in movers.MOVERS:
        counts[name] = mover.count(ids, plan.effective_on)
    return counts


def _copied(plan: Plan, closed: list[Unit], unit: Unit) -> bool:
    return unit.pk not in plan.successor


def _suffix(code: str, day: datetime.date) -> str:
    return f"{code[:31]}~{day:%Y%m%d}"


def _close_rows(closed: list[Unit], day_before: datetime.date, now) -> None:
    """Write what _suffix and the dates set on the closed rows, as one UPDATE per batch (a bulk_update's CASE over
    thousands of ids cost most of a province's reform)."""
    suffix = f"~{day_before:%Y%m%d}"
    for start in range(0, len(closed), 2000):
        ids = [u.pk for u in closed[start : start + 2000]]
        Unit.objects.filter(pk__in=ids).update(
            code=Concat(Substr("code", 1, 31), Value(suffix)), valid_to=day_before, archived_at=now
        )


def _check_codes(plan: Plan, closed: list[Unit]) -> None:
    closing = {u.code for u in closed}
    codes = [n.code for n in plan.new]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("Two new units have the same code."))
    taken = [c for c in Unit.objects.filter(code__in=codes).values_list("code", flat=True) if c not in closing]
    copied = {u.code for u in closed if u.pk not in plan.successor}
    taken += sorted(set(codes) & copied)
    if taken:
        raise ValidationError(_("These codes are already in use: %(codes)s") % {"codes": ", ".join(sorted(taken))})


def _build_units(plan: Plan, closed: list[Unit], codes: dict[int, str]) -> dict:
    """Create the new units and the copies in bulk. Returns {new key: Unit} and fills plan-wide {closed pk: copy}."""
    by_path = {u.path: u for u in closed}
    next_index: dict[str, int] = {}
    rows: list[Unit] = []
    new_by_key: dict[str, Unit] = {}
    copy_of: dict[int, Unit] = {}
    added: dict[int, int] = {}  # existing parent pk → children added

    def place_under(parent: Unit, **fields) -> Unit:
        if parent.path not in next_index:
            if parent.pk is not None:
                last = Unit.objects.filter(path_prefix_q(parent.path), depth=parent.depth + 1).order_by("-path").first()
                next_index[parent.path] = (Unit.step_index(last.path) + 1) if last else 1
                added[parent.pk] = 0
            else:
                next_index[parent.path] = 1
        path = parent.path + Unit.step(next_index[parent.path])
        next_index[parent.path] += 1
        if parent.pk is not None:
            added[parent.pk] += 1
        else:
            parent.numchild += 1
        unit = Unit(path=path, depth=parent.depth + 1, numchild=0, valid_from=plan.effective_on, **fields)
        unit.search_name = fold(f"{unit.name} {unit.code}")
        rows.append(unit)
        return unit

    def resolve(parent):
        return new_by_key[parent] if isinstance(parent, str) else parent

    for new in plan.new:
        new_by_key[new.key] = place_under(resolve(new.parent), code=new.code, name=new.name, kind=new.kind)
    for root, destination in plan.copies:
        parent = resolve(destination)
        for unit in (u for u in closed if u.path.startswith(root.path)):
            under = parent if unit.pk == root.pk else copy_of[by_path[unit.path[: -Unit.steplen]].pk]
            copy_of[unit.pk] = place_under(under, code=codes[unit.pk], name=unit.name, kind=unit.kind)
    Unit.objects.bulk_create(rows, batch_size=2000)
    for pk, count in added.items():
        if count:
            Unit.objects.filter(pk=pk).update(numchild=F("numchild") + count)
    return {"new": new_by_key, "copies": copy_of, "rows": rows}


def apply(*, actor, plan: Plan, legal_basis=None, legal_basis_text: str = "", batch: str = "") -> Operation:
    if not may_restructure(actor, plan):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    if legal_basis is None and not legal_basis_text.strip():
        raise ValidationError({"legal_basis": _("Name the legal basis (the decision) of the restructuring.")})
    with transaction.atomic():
        return _apply(actor, plan, legal_basis, legal_basis_text.strip(), batch)


def _lock(plan: Plan) -> dict[int, Unit]:
    """Lock the rows of the units the plan acts on (closes, renames or merges into) for the rest of the transaction,
    then check them as they are now, not as they were when the plan was read.

    A second apply of the same plan waits here for the first to commit, then finds the units closed (or renamed) and
    stops with AlreadyApplied before writing anything. Without the lock both would pass a check made before writing
    and record the operation twice (PostgreSQL), or record an empty one (SQLite, where the second finds no live
    unit under the closed roots)."""
    units = {u.pk: u for u in plan.closed}
    units |= {u.pk: u for u in plan.successor.values() if isinstance(u, Unit)}
    if plan.rename:
        units[plan.rename[0].pk] = plan.rename[0]
    locked = {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=units).order_by("path")}
    gone = [unit for pk, unit in units.items() if pk not in locked or locked[pk].is_archived]
    renamed = locked.get(plan.rename[0].pk) if plan.rename else None
    if renamed is not None and renamed.name != plan.rename[0].name:  # renamed by the first apply, or by someone else
        gone.append(plan.rename[0])
    if gone:
        raise AlreadyApplied(
            _("This restructuring has already been applied, or %(units)s changed meanwhile; nothing was written.")
            % {"units": ", ".join(sorted(str(u.code) for u in gone))}
        )
    return locked


def _apply(actor, plan: Plan, legal_basis, legal_basis_text: str, batch: str) -> Operation:
    locked = _lock(plan)
    now = timezone.now()
    day_before = plan.effective_on - datetime.timedelta(days=1)
    operation = Operation(
        kind=plan.kind,
        effective_on=plan.effective_on,
        legal_basis=legal_basis,
        legal_basis_text=legal_basis_text,
        batch=batch,
        spec=plan.spec,
        applied_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    operation.save()
    if plan.rename:
        unit, name = locked[plan.rename[0].pk], plan.rename[1]  # the row as locked; the plan is left as it was read
        before = snapshot(unit)
        UnitName.objects.create(unit=unit, name=unit.name, until=day_before, operation=operation)
        unit.name = name
        unit.save(update_fields=["name", "updated_at"])
        record(actor=actor, action=Action.UPDATE, obj=unit, before=before, after=snapshot(unit), note=str(operation))
        operation.summary = {"renamed": 1}
        operation.save(update_fields=["summary"])
        record(actor=actor, action=Action.CREATE, obj=operation, after=snapshot(operation))
        return operation

    # The roots are locked and open; their subtrees are read now, after the lock, and locked too.
    closed = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in closed_units(plan)]).order_by("path"))
    if not closed or any(u.is_archived for u in closed):
        raise AlreadyApplied(_("This restructuring has already been applied; nothing was written."))
    _check_codes(plan, closed)
    befores = {u.pk: snapshot(u) for u in closed}
    codes = {u.pk: u.code for u in closed}
    for unit in closed:
        unit.code, unit.valid_to, unit.archived_at = _suffix(unit.code, day_before), day_before, now
    _close_rows(closed, day_before, now)
    built = _build_units(plan, closed, codes)
    successors: dict[int, Unit] = {}
    for unit in closed:
        target = plan.successor.get(unit.pk)
        if target is None:
            successors[unit.pk] = built["copies"][unit.pk]
        else:
            successors[unit.pk] = built["new"][target] if isinstance(target, str) else target
    Lineage.objects.bulk_create(
        [
            Lineage(operation=operation, predecessor_id=pk, successor=unit, effective_on=plan.effective_on)
            for pk, unit in successors.items()
        ],
        batch_size=5000,
    )
    note = str(operation)
    record_many(
        actor=actor, action=Action.ARCHIVE, changes=((u, befores[u.pk], snapshot(u)) for u in closed), note=note
    )
    record_many(actor=actor, action=Action.CREATE, changes=((u, None, snapshot(u)) for u in built["rows"]), note=note)
    summary = {"units_closed": len(closed), "units_created": len(built["rows"])}
    for name, mover in movers.MOVERS:
        summary[name] = mover.move(actor=actor, successors=successors, effective_on=plan.effective_on, note=note)
    operation.summary = summary
    operation.save(update_fields=["summary"])
    record(actor=actor, action=Action.CREATE, obj=operation, after=snapshot(operation))
    return operation
