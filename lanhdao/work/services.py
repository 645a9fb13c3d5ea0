"""Writes to tasks: permission, validation, write and audit in one transaction.

Concurrent edits: every change carries the version the user saw; the row is updated only if it still has that
version (`UPDATE … WHERE version = seen`), so a second save based on stale data is refused, never silently lost.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Perm, Role
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.imports import Refused, RowError, service_errors
from lanhdao.core.text import fold
from lanhdao.core.uploads import check_upload
from lanhdao.notifications.services import notify
from lanhdao.org.models import Unit

from .models import Coordination, ProgressReport, Task
from .permissions import may_assign, may_lead, reporting_units, require
from .recurrence import next_period, period_end
from .status import derive

EDITABLE = (
    "title",
    "description",
    "document",
    "document_item",
    "lead_unit",
    "responsible",
    "start_date",
    "deadline",
    "recurrence",
    "recurrence_until",
    "expected_output",
    "priority",
)
HEAD_ROLES = (Role.SECRETARY, Role.DEPARTMENT_HEAD, Role.CELL_SECRETARY, Role.DEPUTY_SECRETARY)


class StaleTask(ValidationError):
    """Someone else changed the task since this user loaded it (the API answers 409 Conflict)."""

    http_status = 409


def _fresh(task: Task, seen_version: int | None) -> None:
    """Refuse a step taken from a page older than the task: the page's buttons offered what the task was then (a
    proposal since withdrawn, a task since accepted by someone else), so the user is asked to reload and told what the
    task is now, rather than given the rule the stale step breaks."""
    if seen_version is None or seen_version == task.version:
        return
    status = derive(task, timezone.localdate())
    raise StaleTask(
        _("This task has changed since you opened the page: it is now “%(status)s”. Reload the page; nothing was done.")
        % {"status": status.label}
    )


def head_of(unit: Unit):
    """The head of a unit (its secretary, head of department or cell secretary): the default responsible person."""
    order = {role: i for i, role in enumerate(HEAD_ROLES)}
    roles = RoleAssignment.objects.active().filter(unit=unit, role__in=HEAD_ROLES).select_related("user")
    heads = sorted((r for r in roles if r.user.is_active), key=lambda r: (order[r.role], r.granted_at))
    return heads[0].user if heads else None


def derived_level(*sources) -> int:
    """The confidentiality a task derives from its sources: levels given as numbers, or records (its document, its
    parent task) that carry one; the highest wins, so a task never shows less than what it comes from."""
    levels = [s if isinstance(s, int) else getattr(s, "confidentiality", 0) for s in sources if s is not None]
    return max([0, *(int(level or 0) for level in levels)])


def raise_tasks_to(tasks, level: int, *, actor, note: str = "") -> int:
    """Raise the tasks of `tasks` (a queryset) below `level` to it, and their sub-tasks down the tree, audited, in
    the caller's transaction. Never lowers a task. Returns how many tasks were raised."""
    raised = 0
    frontier = list(tasks.filter(confidentiality__lt=level))
    while frontier:
        pks = [t.pk for t in frontier]
        raised += Task.objects.filter(pk__in=pks).update(confidentiality=level)
        record_many(
            actor=actor,
            action=Action.UPDATE,
            note=note,
            changes=[(t, {"confidentiality": t.confidentiality}, {"confidentiality": level}) for t in frontier],
            confidentiality=level,
        )
        frontier = list(Task.objects.filter(parent_id__in=pks, confidentiality__lt=level))
    return raised


def _check_units(assigning: Unit, lead: Unit, coordinating: list[Unit]) -> None:
    for unit in (lead, *coordinating):
        if not unit.path.startswith(assigning.path):
            raise ValidationError(
                {"lead_unit": _("%(u)s is not under %(a)s, which assigns the task.") % {"u": unit, "a": assigning}}
            )
        if unit.is_archived:
            raise ValidationError({"lead_unit": _("%(u)s is archived.") % {"u": unit}})
    if lead in coordinating:
        raise ValidationError({"coordinating_units": _("The lead unit cannot also coordinate.")})


def _check_dates(start: datetime.date, deadline: datetime.date | None, recurrence: str) -> None:
    if deadline is None and not recurrence:
        raise ValidationError({"deadline": _("A task needs a deadline (or a repetition).")})
    if deadline is not None and deadline < start:
        raise ValidationError({"deadline": _("The deadline is before the start date.")})


def task_create(
    *,
    actor,
    assigning_unit: Unit,
    lead_unit: Unit,
    title: str,
    start_date: datetime.date,
    deadline: datetime.date | None = None,
    coordinating_units: list[Unit] | None = None,
    responsible=None,
    parent: Task | None = None,
    audit: bool = True,
    confidentiality: int = 0,
    **fields,
) -> Task:
    """A new task. `confidentiality` is the level of what the task comes from (a meeting, an inspection…), given by
    the caller; the task carries the highest of it, its document's and its parent's (README "Confidentiality")."""
    require(has_perm(actor, Perm.RECORD, assigning_unit))
    coordinating = list(coordinating_units or [])
    _check_units(assigning_unit, lead_unit, coordinating)
    recurrence = fields.get("recurrence") or ""
    _check_dates(start_date, deadline, recurrence)
    if recurrence:
        deadline = deadline or period_end(start_date, recurrence)
    if not title.strip():
        raise ValidationError({"title": _("The title is required.")})
    if parent is not None and parent.lead_unit_id != assigning_unit.pk:
        raise ValidationError(_("A sub-task is assigned by the lead unit of its parent task."))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        task = Task(
            assigning_unit=assigning_unit,
            lead_unit=lead_unit,
            lead_path=lead_unit.path,
            title=title.strip(),
            start_date=start_date,
            deadline=deadline,
            responsible=responsible or head_of(lead_unit),
            parent=parent,
            created_by=actor,
            confidentiality=derived_level(confidentiality, fields.get("document"), parent),
            **fields,
        )
        # Field checks only: the dates and progress constraints are already checked above, and asking the
        # database to re-check them costs two queries a task (an import of 5,000 rows spent 40 % of its time there).
        task.full_clean(
            exclude=["lead_path", "assigning_unit", "lead_unit", "document", "responsible", "parent"],
            validate_constraints=False,
        )
        task.save()
        Coordination.objects.bulk_create([Coordination(task=task, unit=u) for u in coordinating])
        if audit:
            after = snapshot(task) | {"coordinating_units": [u.pk for u in coordinating]}
            record(actor=actor, action=Action.CREATE, obj=task, after=after)
    return task


def tasks_import(*, actor, rows: list[dict]) -> int:
    """The tasks of a checked sheet (lanhdao.core.imports), each through task_create (its checks, its audit row), all
    in one transaction: if the service refuses any row, nothing is written and `Refused` names every row refused."""
    heads: dict[int, object] = {}
    errors: list[RowError] = []
    with transaction.atomic():
        for data in rows:
            data = dict(data)
            row = data.pop("row")
            lead = data["lead_unit"]
            if lead.pk not in heads:
                heads[lead.pk] = head_of(lead)  # task_create's default, looked up once per unit
            try:
                task_create(actor=actor, responsible=heads[lead.pk], audit=True, **data)
            except (ValidationError, PermissionDenied) as error:
                # task_create's own savepoint has undone this row; go on to report the others too.
                errors.extend(service_errors(row, error))
        if errors:
            raise Refused(errors)
    return len(rows)


def _save(actor, task: Task, seen_version: int | None, changes: dict, *, note: str = "") -> Task:
    """Apply `changes` if the task still has `seen_version`; audit before/after."""
    before = snapshot(task)
    version = task.version if seen_version is None else seen_version
    updated = Task.objects.filter(pk=task.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleTask(
            _(
                "Someone else has changed this task since you opened it. Reload the page to see their changes; yours "
                "were not saved."
            )
        )
    task.refresh_from_db()
    record(actor=actor, action=Action.UPDATE, obj=task, before=before, after=snapshot(task), note=note)
    return task


def task_update(*, actor, task: Task, data: dict, seen_version: int | None) -> Task:
    require(may_assign(actor, task))
    _fresh(task, seen_version)
    if task.cancelled_at or task.accepted_at:
        raise ValidationError(_("A closed task cannot be changed."))
    unknown = set(data) - set(EDITABLE) - {"coordinating_units"}
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    coordinating = data.pop("coordinating_units", None)
    lead = data.get("lead_unit", task.lead_unit)
    _check_units(task.assigning_unit, lead, list(coordinating) if coordinating is not None else [])
    _check_dates(data.get("start_date", task.start_date), data.get("deadline", task.deadline), task.recurrence)
    changes = {k: v for k, v in data.items() if getattr(task, k) != v}
    if "lead_unit" in changes:
        changes["lead_path"] = lead.path
    if "title" in changes:  # the folded copy the task list searches (a queryset update skips save())
        changes["search_title"] = fold(changes["title"])
    if "document" in changes:
        # A new document may raise the task; another one never lowers it below what it already carries (its level
        # may also come from a meeting, an inspection or its parent, which the task does not point back to).
        level = derived_level(task.confidentiality, changes["document"], task.parent)
        if level != task.confidentiality:
            changes["confidentiality"] = level
    with transaction.atomic():
        if changes:
            task = _save(actor, task, seen_version, changes)
            if "confidentiality" in changes:
                raise_tasks_to(
                    Task.objects.filter(parent=task), task.confidentiality, actor=actor, note=_("With its parent task")
                )
        elif seen_version is not None and seen_version != task.version:
            raise StaleTask(_("Someone else has changed this task since you opened it. Reload the page."))
        if coordinating is not None:
            current = set(task.coordinations.values_list("unit_id", flat=True))
            wanted = {u.pk for u in coordinating}
            if current != wanted:
                task.coordinations.exclude(unit_id__in=wanted).delete()
                Coordination.objects.bulk_create([Coordination(task=task, unit_id=pk) for pk in wanted - current])
                record(
                    actor=actor,
                    action=Action.UPDATE,
                    obj=task,
                    before={"coordinating_units": sorted(current)},
                    after={"coordinating_units": sorted(wanted)},
                )
    return task


def report_progress(*, actor, task: Task, unit: Unit, percent: int, text: str, evidence=None) -> ProgressReport:
    if unit not in reporting_units(actor, task):
        require(False)
    if task.cancelled_at or task.accepted_at:
        raise ValidationError(_("A closed task takes no more reports."))
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": _("The progress is a percentage from 0 to 100.")})
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if evidence is not None:
        check_upload(evidence)
    with transaction.atomic():
        report = ProgressReport(task=task, unit=unit, author=actor, percent=percent, text=text.strip())
        if evidence is not None:
            report.evidence_name = evidence.name[-255:]
            report.evidence.save("evidence", evidence, save=False)
        report.save()
        record(actor=actor, action=Action.CREATE, obj=report, after=snapshot(report))
        if unit.pk == task.lead_unit_id and percent != task.progress:
            Task.objects.filter(pk=task.pk).update(progress=percent)
            task.progress = percent
    return report


def propose_completion(*, actor, task: Task, text: str, seen_version: int | None = None) -> Task:
    require(may_lead(actor, task))
    _fresh(task, seen_version)
    if task.cancelled_at or task.accepted_at:
        raise ValidationError(_("This task is already closed."))
    with transaction.atomic():
        report_progress(actor=actor, task=task, unit=task.lead_unit, percent=100, text=text or _("Completed."))
        task = _save(
            actor,
            task,
            seen_version,
            {"proposed_at": timezone.now(), "completed_on": timezone.localdate(), "progress": 100},
            note=_("Completion proposed"),
        )
    _tell_assigners(task, _("Completion proposed: %(t)s") % {"t": task.title})
    return task


def accept(*, actor, task: Task, seen_version: int | None = None) -> Task:
    require(may_assign(actor, task))
    _fresh(task, seen_version)
    if not task.proposed_at or (task.returned_at and task.returned_at > task.proposed_at):
        raise ValidationError(_("The lead unit has not proposed completion."))
    if task.accepted_at or task.cancelled_at:
        raise ValidationError(_("This task is already closed."))
    with transaction.atomic():
        task = _save(
            actor, task, seen_version, {"accepted_at": timezone.now(), "accepted_by": actor}, note=_("Accepted")
        )
        if task.recurrence:
            _next_occurrence(actor, task)
    _tell_lead(task, _("Accepted as done: %(t)s") % {"t": task.title})
    return task


def return_task(*, actor, task: Task, reason: str, seen_version: int | None = None) -> Task:
    require(may_assign(actor, task))
    _fresh(task, seen_version)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is returned.")})
    if task.accepted_at or task.cancelled_at:
        raise ValidationError(_("This task is already closed."))
    with transaction.atomic():
        task = _save(
            actor,
            task,
            seen_version,
            {"returned_at": timezone.now(), "return_reason": reason.strip(), "completed_on": None},
            note=_("Returned"),
        )
    _tell_lead(task, _("Returned: %(t)s") % {"t": task.title}, body=reason)
    return task


def cancel(*, actor, task: Task, reason: str, seen_version: int | None = None) -> Task:
    require(may_assign(actor, task))
    _fresh(task, seen_version)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is cancelled.")})
    if task.accepted_at or task.cancelled_at:
        raise ValidationError(_("This task is already closed."))
    with transaction.atomic():
        task = _save(
            actor,
            task,
            seen_version,
            {"cancelled_at": timezone.now(), "cancel_reason": reason.strip()},
            note=_("Cancelled"),
        )
    _tell_lead(task, _("Cancelled: %(t)s") % {"t": task.title}, body=reason)
    return task


def _next_occurrence(actor, task: Task) -> Task | None:
    start, deadline = next_period(task.start_date, task.deadline, task.recurrence)
    if task.recurrence_until and start > task.recurrence_until:
        return None
    series = task.series or task
    if Task.objects.filter(series=series, deadline=deadline).exists() or (series.deadline == deadline):
        return None
    occurrence = Task.objects.get(pk=task.pk)
    occurrence.pk = None
    occurrence.series = series
    occurrence.start_date, occurrence.deadline = start, deadline
    occurrence.version = 1
    occurrence.progress = 0
    for field in ("proposed_at", "completed_on", "accepted_at", "accepted_by", "returned_at", "cancelled_at"):
        setattr(occurrence, field, None)
    occurrence.return_reason = occurrence.cancel_reason = ""
    # The period's task carries at least what the series carries, and its document's level as it is today.
    occurrence.confidentiality = derived_level(occurrence.confidentiality, occurrence.document, occurrence.parent)
    occurrence.save()
    Coordination.objects.bulk_create(
        [Coordination(task=occurrence, unit_id=c.unit_id) for c in task.coordinations.all()]
    )
    record(actor=actor, action=Action.CREATE, obj=occurrence, after=snapshot(occurrence), note=_("Next period"))
    return occurrence


def create_due_occurrences(*, today: datetime.date) -> int:
    """Recurring series whose current period has started get their task for it, even if the previous one is still
    open (so a missed period shows as overdue instead of disappearing). Run by the reminder job."""
    created = 0
    latest: dict[int, Task] = {}
    recurring = Task.objects.exclude(recurrence="").filter(cancelled_at__isnull=True).order_by("deadline")
    for task in recurring:
        latest[task.series_id or task.pk] = task
    for task in latest.values():
        while task.deadline < today and not (task.recurrence_until and task.deadline >= task.recurrence_until):
            nxt = _next_occurrence(None, task)
            if nxt is None:
                break
            created += 1
            task = nxt
    return created


def _task_url(task: Task) -> str:
    return reverse("work:task_detail", args=[task.pk])


def _unit_people(unit: Unit):
    roles = (
        RoleAssignment.objects.active()
        .filter(unit=unit, role__in=(*HEAD_ROLES, Role.OFFICE_STAFF))
        .select_related("user")
    )
    return [r.user for r in roles]


def _tell_lead(task: Task, title: str, body: str = "") -> None:
    transaction.on_commit(
        lambda: notify(
            users=[task.responsible, *_unit_people(task.lead_unit)],
            title=title,
            body=body,
            url=_task_url(task),
            confidentiality=task.confidentiality,
        )
    )


def _tell_assigners(task: Task, title: str, body: str = "") -> None:
    transaction.on_commit(
        lambda: notify(
            users=_unit_people(task.assigning_unit),
            title=title,
            body=body,
            url=_task_url(task),
            confidentiality=task.confidentiality,
        )
    )
