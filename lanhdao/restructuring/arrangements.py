"""Movers of a unit's standing arrangements (issue 16, item 6): how often its bodies meet, when it receives citizens,
who follows which organisation, its leaders' commitment plans and its indicator targets. Like the movers of
restructuring.movers (same interface, listed in MOVERS there), each counts for the preview and carries for the apply
what still runs on the effective date from the closed units to their successors, with an audit row for each row it
writes; what ended before stays on the closed units, as their history.

- meeting frequencies: the setting in force on the day (and any set for a later date) is set on the successor from
  that day, unless the successor has its own for that kind of meeting (a surviving unit keeps its rules; of several
  predecessors, the first in the tree's order gives it);
- reception schedules and responsibility assignments running on the day end the day before and continue on (or
  for) the successor from the day, once (an identical one already there is not doubled); one that starts later moves;
- commitment plans whose years run on past the day move to the successor (the leader's name and position are kept
  as published);
- indicator targets of the years the successor answers for are summed onto it, as staffing quotas are.
"""

import datetime
from collections import defaultdict

from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many
from lanhdao.meetings.models import MeetingFrequency, Responsibility
from lanhdao.org.models import Unit
from lanhdao.people.models import CommitmentPlan, ReceptionSchedule
from lanhdao.reports.plans.models import IndicatorTarget

from .movers import Quotas, _chunks, _day_before


def _rows(model, field: str, ids: list[int], **where) -> list:
    found = []
    for chunk in _chunks(ids):
        found += model.objects.filter(**{f"{field}__in": chunk}, **where)
    return found


class Frequencies:
    @staticmethod
    def _carried(ids: list[int], day: datetime.date) -> list[MeetingFrequency]:
        """The settings of the closed units that still hold on `day`: the one in force then, and any later one."""
        by_setting: dict[tuple[int, str], list[MeetingFrequency]] = defaultdict(list)
        for row in _rows(MeetingFrequency, "unit_id", ids):
            by_setting[(row.unit_id, row.kind)].append(row)
        carried = []
        for rows in by_setting.values():
            rows.sort(key=lambda r: r.effective_from)
            in_force = [r for r in rows if r.effective_from <= day][-1:]
            carried += in_force + [r for r in rows if r.effective_from > day]
        return carried

    @classmethod
    def count(cls, ids: list[int], effective_on: datetime.date) -> int:
        return len(cls._carried(ids, effective_on))

    @classmethod
    def move(cls, *, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        carried = sorted(cls._carried(list(successors), effective_on), key=lambda r: successors[r.unit_id].path)
        targets = {u.pk for u in successors.values()}
        own = MeetingFrequency.objects.filter(unit_id__in=targets).exclude(unit_id__in=list(successors))
        taken = {(r.unit_id, r.kind, r.effective_from) for r in own}
        ruled = {(r.unit_id, r.kind) for r in own if r.effective_from <= effective_on}  # the successor's own rule
        created = []
        for row in carried:
            target = successors[row.unit_id].pk
            since = max(row.effective_from, effective_on)
            if (target, row.kind, since) in taken or (since == effective_on and (target, row.kind) in ruled):
                continue
            taken.add((target, row.kind, since))
            created.append(
                MeetingFrequency(
                    unit_id=target, kind=row.kind, frequency=row.frequency, effective_from=since, note=note[:300]
                )
            )
        MeetingFrequency.objects.bulk_create(created)
        changes = ((r, None, {"unit": r.unit_id, "kind": r.kind, "frequency": r.frequency}) for r in created)
        record_many(actor=actor, action=Action.CREATE, note=note, changes=changes)
        return len(carried)


def _running(model, fields: tuple[str, ...], ids: list[int], day: datetime.date) -> list:
    """Rows on a closed unit (in any of `fields`) that have not ended before `day`."""
    found: dict[int, object] = {}
    for field in fields:
        for row in _rows(model, field, ids):
            if row.ends_on is None or row.ends_on >= day:
                found.setdefault(row.pk, row)
    return list(found.values())


def _end_or_move(model, rows: list, moved: dict, *, actor, day: datetime.date, note: str, same) -> int:
    """Each row of `rows` with its new values `moved[pk]` ({field: value}): one that started before `day` ends the day
    before and continues from `day` with the new values (unless `same(values)` is already there); one that starts
    on or after `day` takes the new values in place."""
    ended, continued, shifted = [], [], []
    for row in rows:
        if row.starts_on < day:
            row.ends_on = _day_before(day)
            ended.append(row)
            values = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
            values |= moved[row.pk] | {"starts_on": day, "ends_on": None}
            if not same(values):
                continued.append(model(**values))
        else:
            for field, value in moved[row.pk].items():
                setattr(row, field, value)
            shifted.append(row)
    fields = sorted({f for row in shifted for f in moved[row.pk]})
    model.objects.bulk_update(ended, ["ends_on"], batch_size=2000)
    if shifted:
        model.objects.bulk_update(shifted, fields, batch_size=2000)
    model.objects.bulk_create(continued)
    record_many(
        actor=actor, action=Action.UPDATE, note=note, changes=((r, None, {"ends_on": str(r.ends_on)}) for r in ended)
    )
    record_many(actor=actor, action=Action.UPDATE, note=note, changes=((r, None, moved[r.pk]) for r in shifted))
    record_many(
        actor=actor, action=Action.CREATE, note=note, changes=((r, None, {"starts_on": str(day)}) for r in continued)
    )
    return len(rows)


class Schedules:
    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return len(_running(ReceptionSchedule, ("unit_id",), ids, effective_on))

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        rows = _running(ReceptionSchedule, ("unit_id",), list(successors), effective_on)
        moved = {r.pk: {"unit_id": successors[r.unit_id].pk, "unit_path": successors[r.unit_id].path} for r in rows}
        rule = ("unit_id", "frequency", "day_of_month", "weekday")
        there = set(
            ReceptionSchedule.objects.filter(unit_id__in={v["unit_id"] for v in moved.values()}, ends_on__isnull=True)
            .exclude(unit_id__in=list(successors))
            .values_list(*rule)
        )

        def same(values: dict) -> bool:
            key = tuple(values[f] for f in rule)
            found = key in there
            there.add(key)
            return found

        return _end_or_move(ReceptionSchedule, rows, moved, actor=actor, day=effective_on, note=note, same=same)


class Responsibilities:
    FIELDS = ("committee_id", "unit_id")

    @classmethod
    def count(cls, ids: list[int], effective_on: datetime.date) -> int:
        return len(_running(Responsibility, cls.FIELDS, ids, effective_on))

    @classmethod
    def move(cls, *, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        rows = _running(Responsibility, cls.FIELDS, list(successors), effective_on)

        def after(unit_id: int) -> int:
            return successors[unit_id].pk if unit_id in successors else unit_id

        moved = {r.pk: {f: after(getattr(r, f)) for f in cls.FIELDS} for r in rows}
        key = ("committee_id", "member_id", "unit_id")
        there = set(
            Responsibility.objects.filter(
                committee_id__in={v["committee_id"] for v in moved.values()}, ends_on__isnull=True
            ).values_list(*key)
        )

        def same(values: dict) -> bool:
            found = tuple(values[f] for f in key) in there
            there.add(tuple(values[f] for f in key))
            return found

        return _end_or_move(Responsibility, rows, moved, actor=actor, day=effective_on, note=note, same=same)


class CommitmentPlans:
    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return len(_rows(CommitmentPlan, "unit_id", ids, year_end__gte=effective_on.year))

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        plans = _rows(CommitmentPlan, "unit_id", list(successors), year_end__gte=effective_on.year)
        old = {p.pk: p.unit_id for p in plans}
        for plan in plans:
            target = successors[plan.unit_id]
            plan.unit_id, plan.unit_path = target.pk, target.path
        CommitmentPlan.objects.bulk_update(plans, ["unit", "unit_path"], batch_size=2000)
        changes = ((p, {"unit": old[p.pk]}, {"unit": p.unit_id}) for p in plans)
        record_many(actor=actor, action=Action.UPDATE, note=note, changes=changes)
        return len(plans)


class Targets:
    """Indicator targets of the years the successor answers for (as staffing quotas: from the effective year when
    the operation takes effect on 1 January, else from the next) are summed onto it; earlier years stay."""

    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return len(_rows(IndicatorTarget, "unit_id", ids, year__gte=Quotas.first_year(effective_on)))

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        year = Quotas.first_year(effective_on)
        rows = _rows(IndicatorTarget, "unit_id", list(successors), year__gte=year)
        if not rows:
            return 0
        targets = {u.pk for u in successors.values()}
        into = {
            (t.unit_id, t.year, t.key): t for t in IndicatorTarget.objects.filter(unit_id__in=targets, year__gte=year)
        }
        created: dict[tuple, IndicatorTarget] = {}
        changed: dict[int, IndicatorTarget] = {}
        for row in rows:
            key = (successors[row.unit_id].pk, row.year, row.key)
            target = into.get(key) or created.get(key)
            if target is None:
                created[key] = IndicatorTarget(
                    unit_id=key[0], year=row.year, key=row.key, value=row.value, note=note[:300]
                )
            else:
                target.value += row.value
                if target.pk:
                    changed[target.pk] = target
        gone = [
            (
                r,
                {"unit": r.unit_id, "year": r.year, "key": r.key, "value": r.value},
                {"moved_to": successors[r.unit_id].pk},
            )
            for r in rows
        ]
        IndicatorTarget.objects.filter(pk__in=[r.pk for r in rows]).delete()
        IndicatorTarget.objects.bulk_create(list(created.values()))
        IndicatorTarget.objects.bulk_update(list(changed.values()), ["value"])
        record_many(actor=actor, action=Action.UPDATE, note=note, changes=gone)  # as staffing quotas
        summed = [*created.values(), *changed.values()]
        record_many(
            actor=actor, action=Action.UPDATE, note=note, changes=((t, None, {"value": t.value}) for t in summed)
        )
        return len(rows)


MOVERS = [
    ("frequencies", Frequencies),
    ("schedules", Schedules),
    ("responsibilities", Responsibilities),
    ("commitment_plans", CommitmentPlans),
    ("targets", Targets),
]
