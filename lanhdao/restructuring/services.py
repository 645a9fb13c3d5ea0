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

from . import arrangements, movers
from .models import Lineage, Operation, Status, UnitName
from .permissions import may_act_on
from .plans import Plan, closed_units

# What moves from closed units to their successors: open work (movers), then standing arrangements (arrangements).
MOVERS = movers.MOVERS + arrangements.MOVERS


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


def _check_plan(plan: Plan, current: dict[int, Unit], *, operation: Operation | None = None) -> list[Unit]:
    """The checks on the units as they are now (`current`: the rows of the units the plan acts on, locked by the
    apply): still open and unrenamed, not taken by a scheduled operation, and the new codes free."""
    _check_current(plan, current)
    _check_not_pending(plan, operation)
    closed = closed_units(plan)
    if plan.rename is None:
        if not closed:
            raise AlreadyApplied(_("This restructuring has already been applied; nothing was written."))
        _check_codes(plan, closed)
    return closed


def _acted_on(plan: Plan) -> list[int]:
    """The ids of the units the plan closes, renames or merges into: the rows it locks, the units it concerns."""
    units = [u.pk for u in plan.closed]
    units += [u.pk for u in plan.successor.values() if isinstance(u, Unit)]
    if plan.rename:
        units.append(plan.rename[0].pk)
    return list(dict.fromkeys(units))


def _check_current(plan: Plan, current: dict[int, Unit]) -> None:
    gone = [unit for unit in _plan_units(plan) if unit.pk not in current or current[unit.pk].is_archived]
    renamed = current.get(plan.rename[0].pk) if plan.rename else None
    if renamed is not None and renamed.name != plan.rename[0].name:  # renamed by the first apply, or by someone else
        gone.append(plan.rename[0])
    if gone:
        raise AlreadyApplied(
            _("This restructuring has already been applied, or %(units)s changed meanwhile; nothing was written.")
            % {"units": ", ".join(sorted(str(u.code) for u in gone))}
        )


def _plan_units(plan: Plan) -> list[Unit]:
    units = {u.pk: u for u in plan.closed}
    units |= {u.pk: u for u in plan.successor.values() if isinstance(u, Unit)}
    if plan.rename:
        units[plan.rename[0].pk] = plan.rename[0]
    return list(units.values())


def _check_not_pending(plan: Plan, operation: Operation | None) -> None:
    """A unit a scheduled operation will act on cannot be taken by another operation until that one is applied or
    cancelled: the scheduled one would fail on its date, or act on a unit that is no longer what it was."""
    pending = Operation.objects.filter(status=Status.SCHEDULED, units__in=_acted_on(plan))
    if operation is not None:
        pending = pending.exclude(pk=operation.pk)
    first = pending.order_by("effective_on", "pk").first()
    if first is not None:
        raise ValidationError(
            _("%(units)s will be restructured on %(day)s by an operation already scheduled; cancel it first.")
            % {
                "units": ", ".join(u.name for u in first.units.filter(pk__in=_acted_on(plan)).order_by("path")),
                "day": f"{first.effective_on:%d/%m/%Y}",
            }
        )


def preview(plan: Plan, *, actor, legal_basis=None, legal_basis_text: str = "") -> dict:
    """What applying `plan` would do, counted: units closed and created, and the open work each mover carries.
    Runs every check the apply runs (`check`) first."""
    closed = check(actor=actor, plan=plan, legal_basis=legal_basis, legal_basis_text=legal_basis_text)
    return _counts(plan, closed)


def _counts(plan: Plan, closed: list[Unit]) -> dict:
    created = len(plan.new) + sum(1 for u in closed if _copied(plan, closed, u))
    counts = {"units_closed": len(closed), "units_created": created, "renamed": 1 if plan.rename else 0}
    ids = [u.pk for u in closed]
    for name, mover in MOVERS:
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


def apply(*, actor, plan: Plan, legal_basis=None, legal_basis_text: str = "", batch: str = "", today=None) -> Operation:
    """Apply `plan` now, all or nothing; or, when it takes effect after `today` (the local date by default), only
    schedule it: recorded with its preview, the tree untouched until `apply_due` applies it on its date."""
    _check_request(actor, plan, legal_basis, legal_basis_text)
    today = today or timezone.localdate()
    with transaction.atomic():
        if plan.effective_on > today:
            return _schedule(actor, plan, legal_basis, legal_basis_text.strip(), batch)
        operation = Operation(
            kind=plan.kind,
            effective_on=plan.effective_on,
            legal_basis=legal_basis,
            legal_basis_text=legal_basis_text.strip(),
            batch=batch,
            spec=plan.spec,
            applied_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        closed = _check_plan(plan, _lock(plan))
        _apply(actor, plan, operation, closed, note=str(operation))
        operation.units.set(_acted_on(plan))
        return operation


def _check_request(actor, plan: Plan, legal_basis, legal_basis_text: str) -> None:
    if not may_restructure(actor, plan):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    if legal_basis is None and not (legal_basis_text or "").strip():
        raise ValidationError({"legal_basis": _("Name the legal basis (the decision) of the restructuring.")})


def check(*, actor, plan: Plan, legal_basis=None, legal_basis_text: str = "") -> list[Unit]:
    """Every check the apply makes, in the order it makes them, without writing or locking: the preview calls it,
    so that a plan the preview accepts is one the apply accepts (unless someone changes the units meanwhile, which
    the apply checks again on the rows it locks). Returns the units the plan would close."""
    _check_request(actor, plan, legal_basis, legal_basis_text)
    return _check_plan(plan, {u.pk: u for u in Unit.objects.filter(pk__in=_acted_on(plan))})


def _lock(plan: Plan) -> dict[int, Unit]:
    """Lock the rows of the units the plan acts on (closes, renames or merges into) for the rest of the transaction,
    so that they are checked (`_check_plan`) as they are now, not as they were when the plan was read.

    A second apply of the same plan waits here for the first to commit, then finds the units closed (or renamed) and
    stops with AlreadyApplied before writing anything. Without the lock both would pass a check made before writing
    and record the operation twice (PostgreSQL), or record an empty one (SQLite, where the second finds no live
    unit under the closed roots)."""
    return {u.pk: u for u in Unit.objects.select_for_update().filter(pk__in=_acted_on(plan)).order_by("path")}


def _schedule(actor, plan: Plan, legal_basis, legal_basis_text: str, batch: str) -> Operation:
    """Record `plan` as scheduled for its date: the request (to be read again on that date, against the tree as it
    will be), its preview as of today, and the units it acts on. Nothing else changes."""
    if not plan.spec.get("kind") or not plan.spec.get("unit"):
        raise ValidationError(_("Only an operation asked for on the restructuring page or the API can be scheduled."))
    closed = _check_plan(plan, _lock(plan))
    operation = Operation.objects.create(
        kind=plan.kind,
        effective_on=plan.effective_on,
        legal_basis=legal_basis,
        legal_basis_text=legal_basis_text,
        batch=batch,
        spec=plan.spec,
        summary=_counts(plan, closed),
        status=Status.SCHEDULED,
        scheduled_at=timezone.now(),
        applied_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    operation.units.set(_acted_on(plan))
    record(actor=actor, action=Action.CREATE, obj=operation, after=snapshot(operation), note=_("Scheduled"))
    transaction.on_commit(lambda: _wake_on(operation.effective_on))
    return operation


def _wake_on(day: datetime.date) -> None:
    """Queue the job that applies what is due for the first moment of `day` (local time), where the task backend
    can defer a job (the database backend can: `lanhdao db_worker` runs it then). The daily run of
    `lanhdao apply_due_restructurings` (or `lanhdao remind`) applies it too, so a lost job only delays it."""
    from .tasks import apply_due_restructurings_task

    if not apply_due_restructurings_task.get_backend().supports_defer:
        return
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    apply_due_restructurings_task.using(run_after=start).enqueue()


def apply_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """Apply every scheduled operation whose date has come, oldest first, each in its own transaction (one that can
    no longer be applied — a unit closed meanwhile, a code taken, a mapping the tree no longer matches — is marked
    failed with the reason, and the others go on). The request is read again against the tree as it is now, on
    behalf of the officer who scheduled it. Run by the worker and by the daily command."""
    today = today or timezone.localdate()
    due = Operation.objects.filter(status=Status.SCHEDULED, effective_on__lte=today).order_by("effective_on", "pk")
    done = {"applied": 0, "failed": 0}
    for pk in list(due.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                applied = _apply_scheduled(pk)
        except (ValidationError, Unit.DoesNotExist) as error:
            _fail(pk, error)
            done["failed"] += 1
        else:
            done["applied"] += applied
    return done


def _apply_scheduled(pk: int) -> int:
    from .forms import build_plan  # the page and API requests are read there

    operation = Operation.objects.select_for_update().filter(pk=pk, status=Status.SCHEDULED).first()
    if operation is None:  # cancelled or applied by a concurrent run meanwhile
        return 0
    before = snapshot(operation)
    data = {**operation.spec, "effective_on": operation.effective_on}
    plan = build_plan(operation.applied_by, data, unit_of=_unit_by_id)
    plan.spec = operation.spec
    closed = _check_plan(plan, _lock(plan), operation=operation)
    operation.status = Status.APPLIED
    actor = operation.applied_by
    note = _("%(operation)s, scheduled on %(day)s") % {
        "operation": operation,
        "day": f"{timezone.localtime(operation.scheduled_at):%d/%m/%Y}" if operation.scheduled_at else "",
    }
    _apply(actor, plan, operation, closed, note=note, before=before)
    return 1


def _unit_by_id(pk) -> Unit:
    return Unit.objects.get(pk=int(pk))


def _fail(pk: int, error: Exception) -> None:
    messages = getattr(error, "messages", None) or [str(error) or _("A unit of the operation no longer exists.")]
    with transaction.atomic():
        operation = Operation.objects.select_for_update().get(pk=pk)
        before = snapshot(operation)
        operation.status, operation.failure = Status.FAILED, " ".join(messages)
        operation.save(update_fields=["status", "failure"])
        record(actor=None, action=Action.UPDATE, obj=operation, before=before, after=snapshot(operation))


def cancel(*, actor, operation: Operation, today: datetime.date | None = None) -> Operation:
    """Cancel a scheduled operation before its date; nothing else changes."""
    if not may_act_on(actor, operation):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Operation.objects.select_for_update().get(pk=operation.pk)
        if locked.status != Status.SCHEDULED:
            raise ValidationError(_("Only a scheduled operation can be cancelled."))
        if locked.effective_on <= today:
            raise ValidationError(_("This operation takes effect today; it can no longer be cancelled."))
        before = snapshot(locked)
        locked.status, locked.cancelled_at = Status.CANCELLED, timezone.now()
        locked.cancelled_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        record(actor=actor, action=Action.UPDATE, obj=locked, before=before, after=snapshot(locked))
        return locked


def _apply(actor, plan: Plan, operation: Operation, closed: list[Unit], *, note: str, before=None) -> Operation:
    """Write the plan (its units locked and checked): the operation, then the rename or the closes, creations,
    lineage and moves. `before`: the snapshot of a scheduled operation being applied."""
    now = timezone.now()
    day_before = plan.effective_on - datetime.timedelta(days=1)
    operation.status, operation.applied_at = Status.APPLIED, now
    operation.save()
    if plan.rename:
        unit, name = Unit.objects.get(pk=plan.rename[0].pk), plan.rename[1]
        unit_before = snapshot(unit)
        UnitName.objects.create(unit=unit, name=unit.name, until=day_before, operation=operation)
        unit.name = name
        unit.save(update_fields=["name", "updated_at"])
        record(actor=actor, action=Action.UPDATE, obj=unit, before=unit_before, after=snapshot(unit), note=note)
        summary = {"renamed": 1}
    else:
        summary = _close_and_create(actor, plan, operation, closed, note=note, now=now)
    operation.summary = summary
    operation.save(update_fields=["summary"])
    action = Action.CREATE if before is None else Action.UPDATE
    record(actor=actor, action=action, obj=operation, before=before, after=snapshot(operation), note=note)
    return operation


def _close_and_create(actor, plan: Plan, operation: Operation, closed: list[Unit], *, note: str, now) -> dict:
    # The roots are locked and open; their subtrees, read after the lock, are locked too.
    closed = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in closed]).order_by("path"))
    day_before = plan.effective_on - datetime.timedelta(days=1)
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
    record_many(
        actor=actor, action=Action.ARCHIVE, changes=((u, befores[u.pk], snapshot(u)) for u in closed), note=note
    )
    record_many(actor=actor, action=Action.CREATE, changes=((u, None, snapshot(u)) for u in built["rows"]), note=note)
    summary = {"units_closed": len(closed), "units_created": len(built["rows"])}
    for name, mover in MOVERS:
        summary[name] = mover.move(actor=actor, successors=successors, effective_on=plan.effective_on, note=note)
    return summary
