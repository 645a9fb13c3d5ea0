"""Writes of the plans: the indicator targets a unit sets for itself, or a level above sets for it, for a year.

`targets_set` checks the actor's right (reports.plans.permissions), validates **every** value before writing, then
writes and audits in one transaction: a form of fifty targets with one bad value saves nothing and reports every bad
value, keyed by its indicator.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, snapshot
from lanhdao.core.numbers import whole_number
from lanhdao.org.models import Unit
from lanhdao.reports.indicators import BY_KEY

from .models import IndicatorTarget

MIN_YEAR = 2000
YEARS_AHEAD = 5  # a plan is set a term ahead at most
MAX_TARGET = 100_000_000
NOTE_LENGTH = IndicatorTarget._meta.get_field("note").max_length


@dataclass
class PlanChange:
    """What `targets_set` wrote: the rows created, the rows changed and the rows removed (as they were)."""

    created: list[IndicatorTarget] = field(default_factory=list)
    updated: list[IndicatorTarget] = field(default_factory=list)
    removed: list[IndicatorTarget] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.created) + len(self.updated) + len(self.removed)


def years() -> range:
    """The years a plan may be set for, the latest last."""
    return range(MIN_YEAR, timezone.localdate().year + YEARS_AHEAD + 1)


def check_year(year) -> int:
    allowed = years()
    if isinstance(year, bool) or not isinstance(year, int) or year not in allowed:
        raise ValidationError({"year": _("Give a year between %(a)d and %(b)d.") % {"a": allowed[0], "b": allowed[-1]}})
    return year


def _target(value, key: str, errors: dict) -> int | None:
    """The target given for `key`, or None to remove it (None or an empty text)."""
    too_low = _("A target is a whole number above zero; leave it empty for no target.")
    return whole_number(value, key, errors, low=1, high=MAX_TARGET, too_low=too_low)


def _note(value, key: str, errors: dict) -> str:
    note = str(value or "").strip()
    if len(note) > NOTE_LENGTH:
        errors[key] = _("A note has at most %(n)d characters.") % {"n": NOTE_LENGTH}
    return note


def _cleaned(values: Mapping[str, object], notes: Mapping[str, object]) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    for key in [*values, *notes]:
        if key not in BY_KEY:
            errors[key] = _("Unknown indicator: %(key)s.") % {"key": key}
    targets = {key: _target(value, key, errors) for key, value in values.items() if key in BY_KEY}
    texts = {key: _note(value, key, errors) for key, value in notes.items() if key in BY_KEY}
    if errors:
        raise ValidationError(errors)
    return targets, texts


def targets_set(
    *, actor, unit: Unit, year: int, values: Mapping[str, object], notes: Mapping[str, object] | None = None
) -> PlanChange:
    """Set `unit`'s plan for `year`: {indicator key: target} in `values` (None or "" removes the target), and the
    notes of targets in `notes`; the keys not given are left as they are. All of it or nothing. A value equal to what
    is stored writes nothing. Returns what was written; each row written leaves one audit row."""
    if not has_perm(actor, Perm.RECORD, unit):
        raise PermissionDenied(_("You may not set the plan of %(unit)s.") % {"unit": unit})
    if unit.is_archived:
        raise ValidationError({"unit": _("%(unit)s is archived.") % {"unit": unit}})
    check_year(year)
    targets, texts = _cleaned(values, notes or {})
    change = PlanChange()
    with transaction.atomic():
        # The unit's row is the lock of its plans: two writers of one plan wait for each other (PostgreSQL).
        list(Unit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))
        existing = {row.key: row for row in IndicatorTarget.objects.select_for_update().filter(unit=unit, year=year)}
        orphans = sorted(k for k in texts if k not in existing and targets.get(k) is None)
        if orphans:
            raise ValidationError({k: _("Give a target before its note.") for k in orphans})
        befores: dict[int, dict] = {}
        now = timezone.now()
        for key in BY_KEY:
            if key in targets or key in texts:
                _sort_out(
                    change, befores, existing.get(key), key, targets, texts, unit=unit, year=year, actor=actor, now=now
                )
        _write(change, befores, actor=actor)
    return change


def _sort_out(change: PlanChange, befores: dict[int, dict], row, key: str, targets, texts, *, unit, year, actor, now):
    """Put the target `key` among the rows to create, update or remove (none if it stays as stored); the row's
    state before an update goes to `befores`."""
    target = targets.get(key, row.value if row else None)
    if target is None:
        if row is not None:
            change.removed.append(row)
        return
    note = texts.get(key, row.note if row else "")
    if row is None:
        change.created.append(
            IndicatorTarget(unit=unit, year=year, key=key, value=target, note=note, created_by=actor, updated_by=actor)
        )
    elif (row.value, row.note) != (target, note):
        befores[row.pk] = snapshot(row)
        row.value, row.note, row.updated_by, row.updated_at = target, note, actor, now
        change.updated.append(row)


def _write(change: PlanChange, befores: dict[int, dict], *, actor) -> None:
    """Write the sorted-out rows, each with its audit row."""
    if change.removed:
        record_many(
            actor=actor,
            action=Action.UPDATE,
            changes=((r, snapshot(r), None) for r in change.removed),
            note=_("Target removed"),
        )
        IndicatorTarget.objects.filter(pk__in=[r.pk for r in change.removed]).delete()
    if change.updated:
        IndicatorTarget.objects.bulk_update(change.updated, ["value", "note", "updated_by", "updated_at"])
        record_many(
            actor=actor,
            action=Action.UPDATE,
            changes=((r, befores[r.pk], snapshot(r)) for r in change.updated),
        )
    if change.created:
        IndicatorTarget.objects.bulk_create(change.created)
        record_many(actor=actor, action=Action.CREATE, changes=((r, None, snapshot(r)) for r in change.created))
