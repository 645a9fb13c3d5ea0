"""Writes of staffing: quotas and headcounts per unit, year and category, and streamlining targets.

Each checks the actor's rights first (lanhdao.staffing.permissions: the quota and the targets of a unit belong to
the level above it, the headcount to the unit itself), validates **everything** before writing, then writes and
audits in one transaction: a grid of a hundred cells with one bad value saves nothing and reports every bad cell.
"""

import dataclasses
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.numbers import whole_number
from lanhdao.org.models import Unit
from lanhdao.org.selectors import level_ids

from .models import StaffCategory, StaffingQuota, StreamliningTarget
from .permissions import may_assign, may_change_staffing, may_report

MIN_YEAR = 1990
YEARS_AHEAD = 5  # quotas are planned a term ahead at most
MAX_STAFF = 1_000_000
FIELDS = ("assigned", "headcount", "note")
TARGET_FIELDS = ("category", "base_year", "target_year", "percent", "legal_basis")


def cell_key(unit_pk: int, category: str, field: str) -> str:
    """The error key of one cell of a staffing grid (the forms name their fields the same way)."""
    return f"{field}-{unit_pk}-{category}"


@dataclasses.dataclass
class Entry:
    """What to set on one unit's row of one category: any of `assigned`, `headcount` (None: not known) and `note`."""

    unit: Unit
    category: str
    values: Mapping[str, object]


def place(row, unit: Unit, levels: dict | None = None):
    """Set the row's copy of its unit's path and ancestor ids (restructuring calls it for the rows it writes)."""
    levels = levels if levels is not None else level_ids([unit])
    row.unit_path = unit.path
    if hasattr(row, "level2_id"):
        row.level2_id, row.level3_id = levels[unit.pk]
    return row


def check_year(year, field: str = "year") -> int:
    last = timezone.localdate().year + YEARS_AHEAD
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= last:
        raise ValidationError({field: _("Give a year between %(a)d and %(b)d.") % {"a": MIN_YEAR, "b": last}})
    return year


def _count(value, key: str, errors: dict) -> int | None:
    too_low = _("A number of staff cannot be negative.")
    return whole_number(value, key, errors, low=0, high=MAX_STAFF, too_low=too_low)


def _check_entries(actor, year: int, entries: list[Entry]) -> None:
    """Rights to each unit, known categories and fields, no unit and category twice, no archived unit."""
    seen = set()
    errors: dict[str, str] = {}
    for e in entries:
        if not may_change_staffing(actor, e.unit):
            raise PermissionDenied(_("You may not change the staffing of %(unit)s.") % {"unit": e.unit})
        if e.category not in StaffCategory.values:
            raise ValidationError({"category": _("Unknown staff category: %(c)s.") % {"c": e.category}})
        unknown = set(e.values) - set(FIELDS)
        if unknown:
            raise ValidationError(_("These fields cannot be set here: %(f)s") % {"f": ", ".join(sorted(unknown))})
        if (e.unit.pk, e.category) in seen:
            raise ValidationError(
                _("%(unit)s, %(c)s is given twice.") % {"unit": e.unit, "c": StaffCategory(e.category).label}
            )
        seen.add((e.unit.pk, e.category))
        if e.unit.is_archived and e.values:
            errors[cell_key(e.unit.pk, e.category, "assigned")] = _("%(unit)s is archived.") % {"unit": e.unit}
    if errors:
        raise ValidationError(errors)


def _clean(entry: Entry, errors: dict) -> dict:
    values = {}
    for field in ("assigned", "headcount"):
        if field in entry.values:
            values[field] = _count(entry.values[field], cell_key(entry.unit.pk, entry.category, field), errors)
    if "note" in entry.values:
        values["note"] = str(entry.values["note"] or "").strip()[:500]
    return values


def _refuse(actor, entry: Entry, changed: set[str]) -> None:
    if "assigned" in changed and not may_assign(actor, entry.unit):
        raise PermissionDenied(
            _("The quota of %(unit)s is assigned by the level above it; you may report its headcount only.")
            % {"unit": entry.unit}
        )
    if "headcount" in changed and not may_report(actor, entry.unit):
        raise PermissionDenied(_("The headcount of %(unit)s is reported by the unit itself.") % {"unit": entry.unit})


def staffing_save(*, actor, year: int, entries: Iterable[Entry], note: str = "") -> list[StaffingQuota]:
    """Set quotas, headcounts and notes of units for one year: all of them or none. A value equal to what is stored
    changes nothing (and needs no right); a row with nothing known is not created. Returns the rows written."""
    entries = list(entries)
    check_year(year)
    _check_entries(actor, year, entries)
    errors: dict[str, str] = {}
    cleaned = [(e, _clean(e, errors)) for e in entries]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        units = {e.unit.pk: e.unit for e in entries}
        existing = {
            (r.unit_id, r.category): r
            for r in StaffingQuota.objects.select_for_update().filter(year=year, unit_id__in=list(units))
        }
        new, changed, befores = [], [], {}
        for entry, values in cleaned:
            row = existing.get((entry.unit.pk, entry.category))
            if row is None:
                if not any(v not in (None, "") for v in values.values()):
                    continue
                _refuse(actor, entry, {k for k, v in values.items() if v not in (None, "")})
                new.append(StaffingQuota(unit=entry.unit, year=year, category=entry.category, **values))
                continue
            diff = {k: v for k, v in values.items() if getattr(row, k) != v}
            if not diff:
                continue
            _refuse(actor, entry, set(diff))
            befores[row.pk] = snapshot(row)
            for k, v in diff.items():
                setattr(row, k, v)
            changed.append(row)
        now = timezone.now()
        if new:
            levels = level_ids({r.unit.pk: r.unit for r in new}.values())
            for row in new:
                place(row, row.unit, levels)
                row.created_by = row.updated_by = actor
            StaffingQuota.objects.bulk_create(new)
            record_many(actor=actor, action=Action.CREATE, changes=((r, None, snapshot(r)) for r in new), note=note)
        if changed:
            for row in changed:
                row.updated_by, row.updated_at = actor, now
            StaffingQuota.objects.bulk_update(changed, [*FIELDS, "updated_by", "updated_at"])
            record_many(
                actor=actor,
                action=Action.UPDATE,
                changes=((r, befores[r.pk], snapshot(r)) for r in changed),
                note=note,
            )
    return [*new, *changed]


def unit_staffing_set(*, actor, unit: Unit, year: int, values: Mapping[str, Mapping[str, object]]) -> list:
    """The form of one unit and year: {category: {field: value}}."""
    return staffing_save(actor=actor, year=year, entries=[Entry(unit, c, v) for c, v in values.items()])


def children_staffing_set(
    *, actor, parent: Unit, year: int, values: Mapping[Unit, Mapping[str, Mapping[str, object]]]
) -> list:
    """The grid of a unit's children for one year: {child: {category: {field: value}}}, in one transaction."""
    for unit in values:
        if unit.depth != parent.depth + 1 or not unit.path.startswith(parent.path):
            raise ValidationError(_("%(unit)s is not directly under %(parent)s.") % {"unit": unit, "parent": parent})
    entries = [Entry(unit, c, v) for unit, per_category in values.items() for c, v in per_category.items()]
    return staffing_save(actor=actor, year=year, entries=entries)


def quota_create(*, actor, unit: Unit, year: int, category: str, **values) -> StaffingQuota:
    """One new row (the API's POST); a row that exists is refused (change it instead)."""
    if not may_change_staffing(actor, unit):
        raise PermissionDenied(_("You may not change the staffing of %(unit)s.") % {"unit": unit})
    check_year(year)
    if StaffingQuota.objects.filter(unit=unit, year=year, category=category).exists():
        raise ValidationError(
            {"category": _("%(unit)s already has a row for %(year)d in this category.") % {"unit": unit, "year": year}}
        )
    rows = staffing_save(actor=actor, year=year, entries=[Entry(unit, category, values)])
    if not rows:
        raise ValidationError(_("Give a quota, a headcount or a note."))
    return rows[0]


def quota_update(*, actor, quota: StaffingQuota, data: Mapping[str, object]) -> StaffingQuota:
    staffing_save(actor=actor, year=quota.year, entries=[Entry(quota.unit, quota.category, data)])
    quota.refresh_from_db()
    return quota


# --- streamlining targets ------------------------------------------------------------------------------------------


def _percent(value) -> Decimal:
    try:
        percent = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValidationError({"percent": _("Give a percentage, e.g. 10.")}) from error
    if not Decimal(0) <= percent <= Decimal(100):
        raise ValidationError({"percent": _("The reduction is a percentage between 0 and 100.")})
    return percent


def _check_target(unit: Unit, values: dict, *, exclude_pk: int | None = None) -> dict:
    if unit.is_archived:
        raise ValidationError({"unit": _("%(unit)s is archived.") % {"unit": unit}})
    values["category"] = values.get("category") or ""
    if values["category"] not in ("", *StaffCategory.values):
        raise ValidationError({"category": _("Unknown staff category.")})
    values["base_year"] = check_year(values.get("base_year"), "base_year")
    values["target_year"] = check_year(values.get("target_year"), "target_year")
    if values["target_year"] <= values["base_year"]:
        raise ValidationError({"target_year": _("The target year must come after the base year.")})
    values["percent"] = _percent(values.get("percent"))
    values["legal_basis"] = str(values.get("legal_basis") or "").strip()[:500]
    clash = StreamliningTarget.objects.filter(
        unit=unit,
        category=values["category"],
        base_year=values["base_year"],
        target_year=values["target_year"],
        archived_at__isnull=True,
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"target_year": _("This unit already has that target; change it instead.")})
    return values


def _require_assign(actor, unit: Unit) -> None:
    if not may_assign(actor, unit):
        raise PermissionDenied(_("Streamlining targets of %(unit)s are set by the level above it.") % {"unit": unit})


def target_create(
    *, actor, unit: Unit, base_year: int, target_year: int, percent, category: str = "", legal_basis: str = ""
) -> StreamliningTarget:
    """Ask `unit`'s subtree to bring its quota in `target_year` at least `percent` below that of `base_year`."""
    _require_assign(actor, unit)
    values = _check_target(
        unit,
        {
            "category": category or "",
            "base_year": base_year,
            "target_year": target_year,
            "percent": percent,
            "legal_basis": legal_basis,
        },
    )
    with transaction.atomic():
        target = StreamliningTarget(unit=unit, unit_path=unit.path, created_by=actor, **values)
        target.save()
        record(actor=actor, action=Action.CREATE, obj=target, after=snapshot(target))
    return target


def target_update(*, actor, target: StreamliningTarget, data: Mapping[str, object]) -> StreamliningTarget:
    _require_assign(actor, target.unit)
    if target.archived_at is not None:
        raise ValidationError(_("This target is archived."))
    unknown = set(data) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    merged = {f: getattr(target, f) for f in TARGET_FIELDS} | dict(data)
    values = _check_target(target.unit, merged, exclude_pk=target.pk)
    changes = {k: v for k, v in values.items() if getattr(target, k) != v}
    if not changes:
        return target
    with transaction.atomic():
        before = snapshot(target)
        for k, v in changes.items():
            setattr(target, k, v)
        target.save()
        record(actor=actor, action=Action.UPDATE, obj=target, before=before, after=snapshot(target))
    return target


def target_archive(*, actor, target: StreamliningTarget, note: str = "") -> StreamliningTarget:
    """Withdraw a target set by mistake or replaced: it leaves the figures and stays in the history."""
    _require_assign(actor, target.unit)
    if target.archived_at is not None:
        raise ValidationError(_("This target is already archived."))
    with transaction.atomic():
        before = snapshot(target)
        target.archived_at = timezone.now()
        target.save(update_fields=["archived_at", "updated_at"])
        record(actor=actor, action=Action.ARCHIVE, obj=target, before=before, after=snapshot(target), note=note.strip())
    return target
