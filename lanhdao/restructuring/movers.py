"""What moves when units close: each mover counts (for the preview) and carries (when applied) one kind of open
work from the closed units to their successors. What is finished stays where it was recorded.

`successors` maps every closed unit's id to the unit that takes over from it. Writes are set-based or bulk, and each
row touched gets an audit row (audit.services.record_many), so a province-sized merge stays a matter of minutes.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from lanhdao.accounts.models import RoleAssignment
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many
from lanhdao.cadres.models import PositionHeld, SuccessionEntry
from lanhdao.members.models import Member, Placement, Transfer
from lanhdao.members.placing import levels_for
from lanhdao.org.models import Unit
from lanhdao.staffing.models import StaffingQuota
from lanhdao.work.models import Coordination, Task

CHUNK = 5000


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


class Members:
    """Members still in the Party (or the pipeline) on a closed unit: their placement there ends on the effective
    day (exclusive, as every placement's end) and a new one opens on the successor that day; pending transfers
    from or to a closed unit point at its successor."""

    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return sum(Member.objects.filter(unit_id__in=chunk, ended_on__isnull=True).count() for chunk in _chunks(ids))

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        ids = list(successors)
        levels = levels_for(successors.values())
        members: list[Member] = []
        for chunk in _chunks(ids):
            members += Member.objects.filter(unit_id__in=chunk, ended_on__isnull=True).only(
                "id", "unit_id", "full_name", "unit_path", "level2_id", "level3_id"
            )
        old_units = {m.pk: m.unit_id for m in members}
        # A placement's end is the first day it no longer covers (members.selectors.members_on): the effective day.
        for chunk in _chunks([m.pk for m in members]):
            Placement.objects.filter(member_id__in=chunk, ended_on__isnull=True).update(ended_on=effective_on)
        placements = []
        for member in members:
            target = successors[member.unit_id]
            member.unit_id, member.unit_path = target.pk, target.path
            member.level2_id, member.level3_id = levels[target.pk]
            placements.append(
                Placement(
                    member_id=member.pk,
                    unit_id=target.pk,
                    started_on=effective_on,
                    unit_path=target.path,
                    level2_id=member.level2_id,
                    level3_id=member.level3_id,
                )
            )
        # One UPDATE per closed unit that has members (through the (unit, name) index) instead of a bulk_update:
        # a CASE over thousands of ids per batch costs more to build than the rows cost to write.
        for old_id in sorted(set(old_units.values())):
            target = successors[old_id]
            Member.objects.filter(unit_id=old_id, ended_on__isnull=True).update(
                unit_id=target.pk,
                unit_path=target.path,
                level2_id=levels[target.pk][0],
                level3_id=levels[target.pk][1],
            )
        Placement.objects.bulk_create(placements, batch_size=5000)
        record_many(
            actor=actor,
            action=Action.UPDATE,
            note=note,
            changes=((m, {"unit": old_units[m.pk]}, {"unit": m.unit_id}) for m in members),
        )
        for field in ("from_unit", "to_unit"):
            pending = []
            for chunk in _chunks(ids):
                pending += Transfer.objects.filter(
                    **{f"{field}_id__in": chunk}, received_on__isnull=True, cancelled_at__isnull=True
                )
            for transfer in pending:
                target = successors[getattr(transfer, f"{field}_id")]
                setattr(transfer, f"{field}_id", target.pk)
                setattr(transfer, field.replace("unit", "path"), target.path)
            Transfer.objects.bulk_update(pending, [field, field.replace("unit", "path")], batch_size=2000)
            record_many(
                actor=actor,
                action=Action.UPDATE,
                note=note,
                changes=((t, None, {field: getattr(t, f"{field}_id")}) for t in pending),
            )
        return len(members)


class Posts:
    """Posts held in a closed body end the day before and continue in its successor; open succession-plan entries
    point at the successor."""

    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return sum(
            PositionHeld.objects.filter(unit_id__in=chunk, ended_on__isnull=True).count() for chunk in _chunks(ids)
        )

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        ids = list(successors)
        levels = levels_for(successors.values())
        held: list[PositionHeld] = []
        for chunk in _chunks(ids):
            held += PositionHeld.objects.filter(unit_id__in=chunk, ended_on__isnull=True)
        ended = _day_before(effective_on)
        continued = []
        for post in held:
            post.ended_on = max(ended, post.started_on)
            target = successors[post.unit_id]
            continued.append(
                PositionHeld(
                    member_id=post.member_id,
                    unit_id=target.pk,
                    title=post.title,
                    started_on=effective_on,
                    decision=post.decision,
                    unit_path=target.path,
                    level2_id=levels[target.pk][0],
                    level3_id=levels[target.pk][1],
                )
            )
        PositionHeld.objects.bulk_update(held, ["ended_on"], batch_size=2000)
        PositionHeld.objects.bulk_create(continued, batch_size=5000)
        record_many(
            actor=actor,
            action=Action.UPDATE,
            note=note,
            changes=((p, None, {"ended_on": str(p.ended_on)}) for p in held),
        )
        record_many(
            actor=actor, action=Action.CREATE, note=note, changes=((p, None, {"unit": p.unit_id}) for p in continued)
        )
        plans: list[SuccessionEntry] = []
        for chunk in _chunks(ids):
            plans += SuccessionEntry.objects.filter(unit_id__in=chunk, removed_on__isnull=True)
        old = {e.pk: e.unit_id for e in plans}
        for entry in plans:
            target = successors[entry.unit_id]
            entry.unit_id, entry.unit_path = target.pk, target.path
            entry.level2_id, entry.level3_id = levels[target.pk]
        SuccessionEntry.objects.bulk_update(plans, ["unit", "unit_path", "level2_id", "level3_id"], batch_size=2000)
        record_many(
            actor=actor,
            action=Action.UPDATE,
            note=note,
            changes=((e, {"unit": old[e.pk]}, {"unit": e.unit_id}) for e in plans),
        )
        return len(held)


class Tasks:
    """Open tasks led, assigned or coordinated by a closed unit pass to its successor (their version moves on, so a
    form opened before the change cannot overwrite it). Finished and cancelled tasks stay where they were."""

    @staticmethod
    def _open(field: str, chunk: list[int]):
        return Task.objects.filter(**{f"{field}_id__in": chunk}, accepted_at__isnull=True, cancelled_at__isnull=True)

    @classmethod
    def count(cls, ids: list[int], effective_on: datetime.date) -> int:
        found: set[int] = set()
        for chunk in _chunks(ids):
            for field in ("lead_unit", "assigning_unit"):
                found.update(cls._open(field, chunk).values_list("id", flat=True))
        return len(found)

    @classmethod
    def move(cls, *, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        ids = list(successors)
        tasks: dict[int, Task] = {}
        for chunk in _chunks(ids):
            for field in ("lead_unit", "assigning_unit"):
                for task in cls._open(field, chunk):
                    tasks.setdefault(task.pk, task)
        changes = []
        by_lead: dict[int, str] = {}  # old lead unit → its path
        by_assigning: set[int] = set()
        for task in tasks.values():
            if task.lead_unit_id in successors:
                by_lead[task.lead_unit_id] = task.lead_path
            if task.assigning_unit_id in successors:
                by_assigning.add(task.assigning_unit_id)
            changes.append(cls._change(task, successors))
        # One UPDATE per closed unit (not a bulk_update, whose CASE over every id costs more than the writes).
        unfinished = {"accepted_at__isnull": True, "cancelled_at__isnull": True}
        for old_id, old_path in by_lead.items():
            target = successors[old_id]
            Task.objects.filter(lead_unit_id=old_id, **unfinished).update(
                lead_unit_id=target.pk, lead_path=target.path, earlier_lead_path=old_path, lead_since=effective_on
            )
        for old_id in by_assigning:
            Task.objects.filter(assigning_unit_id=old_id, **unfinished).update(assigning_unit_id=successors[old_id].pk)
        for chunk in _chunks(list(tasks)):
            Task.objects.filter(pk__in=chunk).update(version=F("version") + 1)
        cls._move_coordinations(ids, successors)
        record_many(actor=actor, action=Action.UPDATE, note=note, changes=changes)
        return len(tasks)

    @staticmethod
    def _change(task: Task, successors: dict[int, Unit]) -> tuple[Task, dict, dict]:
        """(task, before, after) of its lead and assigning units for the audit rows."""
        before = {"lead_unit": task.lead_unit_id, "assigning_unit": task.assigning_unit_id}
        after = {
            field: successors[unit_id].pk if unit_id in successors else unit_id for field, unit_id in before.items()
        }
        return task, before, after

    @staticmethod
    def _move_coordinations(ids: list[int], successors: dict[int, Unit]) -> None:
        """An unfinished task's coordinating closed unit becomes its successor; where the successor already
        coordinates that task, the closed unit's row goes instead (one row per task and unit)."""
        coordinations = []
        for chunk in _chunks(ids):
            coordinations += Coordination.objects.filter(
                unit_id__in=chunk, task__accepted_at__isnull=True, task__cancelled_at__isnull=True
            )
        if not coordinations:
            return
        existing = set(
            Coordination.objects.filter(task_id__in={c.task_id for c in coordinations}).values_list(
                "task_id", "unit_id"
            )
        )
        drop, keep = [], []
        for coordination in coordinations:
            target = successors[coordination.unit_id].pk
            if (coordination.task_id, target) in existing:
                drop.append(coordination.pk)
            else:
                existing.add((coordination.task_id, target))
                coordination.unit_id = target
                keep.append(coordination)
        Coordination.objects.filter(pk__in=drop).delete()
        Coordination.objects.bulk_update(keep, ["unit"], batch_size=2000)


class Roles:
    """Active roles on a closed unit are revoked and granted again on its successor (once per user and role)."""

    @staticmethod
    def count(ids: list[int], effective_on: datetime.date) -> int:
        return sum(RoleAssignment.objects.active().filter(unit_id__in=chunk).count() for chunk in _chunks(ids))

    @staticmethod
    def move(*, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        now = timezone.now()
        active: list[RoleAssignment] = []
        for chunk in _chunks(list(successors)):
            active += RoleAssignment.objects.active().filter(unit_id__in=chunk)
        granted: dict[tuple[int, int, str], RoleAssignment] = {}
        by = defaultdict(list)
        for role in active:
            key = (role.user_id, successors[role.unit_id].pk, role.role)
            by[key].append(role)
            granted.setdefault(
                key,
                RoleAssignment(
                    user_id=role.user_id,
                    unit_id=key[1],
                    role=role.role,
                    granted_by=actor if actor.is_authenticated else None,
                ),
            )
        already = set(
            RoleAssignment.objects.active()
            .filter(unit_id__in={k[1] for k in granted}, user_id__in={k[0] for k in granted})
            .values_list("user_id", "unit_id", "role")
        )
        new = [g for k, g in granted.items() if k not in already]
        RoleAssignment.objects.filter(pk__in=[r.pk for r in active]).update(revoked_at=now, revoked_by=actor)
        RoleAssignment.objects.bulk_create(new)
        record_many(
            actor=actor, action=Action.REVOKE, note=note, changes=((r, None, {"revoked_at": str(now)}) for r in active)
        )
        record_many(
            actor=actor,
            action=Action.GRANT,
            note=note,
            changes=((r, None, {"unit": r.unit_id, "role": r.role}) for r in new),
        )
        return len(active)


class Quotas:
    """Staffing quotas of the years the successor answers for — from the effective year when the operation takes
    effect on 1 January, else from the next — are summed onto the successor (a merge adds its predecessors'
    quotas and headcounts up); earlier years stay on the closed units, as the history of their apparatus."""

    @staticmethod
    def first_year(effective_on: datetime.date) -> int:
        return effective_on.year if (effective_on.month, effective_on.day) == (1, 1) else effective_on.year + 1

    @classmethod
    def count(cls, ids: list[int], effective_on: datetime.date) -> int:
        year = cls.first_year(effective_on)
        return sum(StaffingQuota.objects.filter(unit_id__in=c, year__gte=year).count() for c in _chunks(ids))

    @classmethod
    def move(cls, *, actor, successors: dict[int, Unit], effective_on: datetime.date, note: str) -> int:
        year = cls.first_year(effective_on)
        rows: list[StaffingQuota] = []
        for chunk in _chunks(list(successors)):
            rows += StaffingQuota.objects.filter(unit_id__in=chunk, year__gte=year)
        if not rows:
            return 0
        levels = levels_for(successors.values())
        targets = {u.pk for u in successors.values()}
        existing = {
            (q.unit_id, q.year, q.category): q
            for q in StaffingQuota.objects.filter(unit_id__in=targets, year__gte=year)
        }
        created: dict[tuple, StaffingQuota] = {}
        changed: dict[int, StaffingQuota] = {}

        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        for row in rows:
            target = successors[row.unit_id]
            key = (target.pk, row.year, row.category)
            into = existing.get(key) or created.get(key)
            if into is None:
                into = created[key] = StaffingQuota(
                    unit_id=target.pk,
                    unit_path=target.path,
                    level2_id=levels[target.pk][0],
                    level3_id=levels[target.pk][1],
                    year=row.year,
                    category=row.category,
                    assigned=None,
                    headcount=None,
                    note=note[:500],
                )
            else:
                changed.setdefault(into.pk, into)
            into.assigned, into.headcount = add(into.assigned, row.assigned), add(into.headcount, row.headcount)
        moved_to = {r.pk: successors[r.unit_id].pk for r in rows}
        gone = [
            (
                r,
                {
                    "unit": r.unit_id,
                    "year": r.year,
                    "category": r.category,
                    "assigned": r.assigned,
                    "headcount": r.headcount,
                },
                {"moved_to": moved_to[r.pk]},
            )
            for r in rows
        ]
        StaffingQuota.objects.filter(pk__in=[r.pk for r in rows]).delete()  # a closed unit has no quota after it
        StaffingQuota.objects.bulk_create(list(created.values()))
        StaffingQuota.objects.bulk_update(list(changed.values()), ["assigned", "headcount"])
        record_many(actor=actor, action=Action.UPDATE, note=note, changes=gone)
        summed = [*created.values(), *changed.values()]
        totals = ((q, None, {"assigned": q.assigned, "headcount": q.headcount}) for q in summed)
        record_many(actor=actor, action=Action.UPDATE, note=note, changes=totals)
        return len(rows)


MOVERS = [("members", Members), ("posts", Posts), ("tasks", Tasks), ("roles", Roles), ("quotas", Quotas)]
