"""The 2025 reform as an operation a user runs: preview it for the unit of an organisation board (a province
committee for its new province, the Central Committee for the whole country), apply it in the background with
progress, and place by hand what the data could not (a split commune's cells, members and open work).

Applying is one transaction for all the provinces asked (restructuring.reform2025_plans.apply_provinces); its
progress cannot be read from the database until it commits, so the worker writes it to a small file beside the
data (DATA_DIR/progress) that the page reads meanwhile.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, snapshot
from lanhdao.core.text import fold
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, parent_of

from . import plans, services
from . import reform2025 as data
from . import reform2025_plans as reform
from .models import ReformRun, RunStatus

logger = logging.getLogger(__name__)


def may_reform(user, unit: Unit) -> bool:
    """The organisation board (Perm.RESTRUCTURE) of the unit itself."""
    return bool(getattr(user, "is_authenticated", False)) and has_perm(user, Perm.RESTRUCTURE, unit)


def provinces_of(unit: Unit) -> list[int]:
    """The new provinces the reform page of `unit` acts on: the whole country for the Central Committee, its own new
    province for an old province committee (TU<old code>), none for any other unit."""
    if unit.kind == K.CENTRAL:
        return reform.country_provinces()
    old = data.old_code(unit.code, "TU") if unit.kind == K.PROVINCE_COMMITTEE else None
    if old is None:
        return []
    try:
        return [data.new_province_of(old)]
    except KeyError:
        return []


def start_run(*, actor, unit: Unit, effective_on: datetime.date = data.EFFECTIVE_ON) -> ReformRun:
    """Queue the reform of the provinces of `unit` (its board only); one run at a time per unit."""
    if not may_reform(actor, unit):
        raise PermissionDenied(_("Only the organisation board of this unit may apply the reform."))
    provinces = provinces_of(unit)
    if not provinces:
        raise ValidationError(_("The 2025 reform applies to a province committee or to the Central Committee."))
    with transaction.atomic():
        busy = ReformRun.objects.select_for_update().filter(unit=unit, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        if busy.exists():
            raise ValidationError(_("The reform of this unit is already being applied."))
        run = ReformRun.objects.create(owner=actor, unit=unit, provinces=provinces, effective_on=effective_on)
        record(actor=actor, action=Action.CREATE, obj=run, after=snapshot(run))
    reform_task.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _progress_file(run_id: int) -> Path:
    return Path(settings.DATA_DIR) / "progress" / f"reform-{run_id}"


def progress_of(run: ReformRun) -> int:
    """The run's progress in per cent: from the worker's file while it runs, from the row once finished."""
    if run.status == RunStatus.RUNNING:
        try:
            return min(99, int(_progress_file(run.pk).read_text()))
        except (OSError, ValueError):
            return run.progress
    return run.progress


def _write_progress(run_id: int):
    path = _progress_file(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(done: int, total: int) -> None:
        path.write_text(str(100 * done // max(1, total)))

    return write


def run_reform(run_id: int) -> str:
    """Apply run `run_id` (called by the task): all its provinces in one transaction, or none."""
    run = ReformRun.objects.select_related("owner", "unit").get(pk=run_id)
    if run.finished:
        return run.status
    ReformRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    run.status = RunStatus.RUNNING
    try:
        done = reform.apply_provinces(
            actor=run.owner, provinces=run.provinces, day=run.effective_on, progress=_write_progress(run.pk)
        )
        run.result = {str(code): len(operations) for code, operations in done.items()}
        run.status, run.progress, run.error = RunStatus.DONE, 100, ""
    except (ValidationError, PermissionDenied) as error:
        run.status, run.error = RunStatus.FAILED, "; ".join(getattr(error, "messages", [str(error)]))
    except Exception:
        logger.exception("reform run %s failed", run.pk)
        run.status, run.error = RunStatus.FAILED, _("The reform could not be applied; the error is in the server log.")
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "progress", "result", "error", "finished_at"])
    record(actor=run.owner, action=Action.UPDATE, obj=run, after=snapshot(run))
    _progress_file(run.pk).unlink(missing_ok=True)
    return run.status


@task
def reform_task(run_id: int) -> str:
    """The background task (Django's tasks framework; run by `lanhdao db_worker`, at once in tests)."""
    return run_reform(run_id)


def recent_runs(unit: Unit, limit: int = 5) -> list[ReformRun]:
    return list(ReformRun.objects.filter(unit=unit).select_related("owner")[:limit])


# --- what the board places by hand ---


def held_communes(unit: Unit) -> list[Unit]:
    """The old communes standing under the province committees of `unit` after the reform, waiting to be placed."""
    provinces = [unit] if unit.kind == K.PROVINCE_COMMITTEE else list(children(unit))
    found = []
    for province in provinces:
        found += [u for u in children(province) if u.kind == K.COMMUNE_COMMITTEE and u.code.startswith("DU")]
    return found


def candidates(held: Unit) -> list[Unit]:
    """The new communes a held commune may go to: those the table lists for it, or (when it lists none) every new
    commune of its province."""
    province = parent_of(held)
    old = data.old_code(held.code, "DU")
    codes = [data.commune_code(c) for c in data.successors(old)] if old is not None else []
    new = Unit.objects.filter(archived_at__isnull=True, kind=K.COMMUNE_COMMITTEE)
    if codes:
        return list(new.filter(code__in=codes).order_by("code"))
    return list(new.filter(path__startswith=province.path, depth=held.depth, code__startswith="XA").order_by("name"))


def placeable(held: Unit) -> list[Unit]:
    """What of a held commune needs a place: its Party organisations (cells, grassroots organisations)."""
    return [u for u in children(held) if u.kind in PARTY_ORGANISATIONS]


def suggestion(unit: Unit, options: list[Unit]) -> Unit | None:
    """The new commune whose place name the cell's name carries, when exactly one does (`Chi bộ thôn Hòa Lạc`)."""
    name = fold(unit.name)
    found = [o for o in options if fold(o.name.split(" ", 3)[-1]) in name]
    return found[0] if len(found) == 1 else None


def place(*, actor, held: Unit, receiver: Unit, mapping: dict[int, Unit], effective_on: datetime.date):
    """Place a held commune: each of its Party organisations under the new commune `mapping` names, its own members
    and open work (and its bodies') to `receiver`; the held commune then ceases. One audited operation."""
    if held.kind != K.COMMUNE_COMMITTEE or not held.code.startswith("DU") or held.is_archived:
        raise ValidationError(_("This unit is not waiting to be placed."))
    allowed = {u.pk for u in candidates(held)}
    if receiver.pk not in allowed or any(t.pk not in allowed for t in mapping.values()):
        raise ValidationError(_("Choose among the new communes the data lists for this commune."))
    missing = [u.name for u in placeable(held) if u.pk not in mapping]
    if missing:
        raise ValidationError(_("Say where these go: %(names)s.") % {"names": ", ".join(missing)})
    plan_mapping = {str(u.pk): plans.DISSOLVED for u in children(held) if u.kind not in PARTY_ORGANISATIONS}
    plan_mapping |= {str(pk): str(target.pk) for pk, target in mapping.items()}
    plan = plans.dissolve(unit=held, effective_on=effective_on, receiver=receiver, mapping=plan_mapping)
    plan.spec = {"reform2025_placed": held.code, "receiver": receiver.code}
    codes = provinces_of(parent_of(receiver))
    basis = data.legal_basis(codes[0]) if codes else data.NATIONAL_BASIS
    return services.apply(actor=actor, plan=plan, legal_basis_text=basis, batch=data.BATCH)
