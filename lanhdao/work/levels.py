"""The confidentiality that tasks derive from what they came from (README "Confidentiality"), for the apps that make
tasks out of their own records: a meeting's conclusion points, a submission's opinion, an inspection's
recommendations. Those apps know the source's level and call these inside the transaction that changes it, so the
tasks never show, even for an instant, less than what they came from.

A task's family is the task, its sub-tasks down the tree and the later occurrences of a recurring task (copies of it,
with the same text naming the source). Raising the level raises the family, the audit rows about its members and the
notifications that point at them; lowering the source lowers only the tasks made from it (and their occurrences), and
never below their document's or their parent's level: a sub-task is a record of the lead unit in its own right.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.audit.services import record_many
from lanhdao.notifications.models import Notification

from .models import Task


def raise_history(model: type[Model], pks: Iterable, level: int) -> int:
    """Audit rows about the objects `pks` of `model` carry at least `level`: a history shown to a reader below it
    hides them. Rows are never lowered."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in pks],
        confidentiality__lt=level,
    ).update(confidentiality=level)


def _family(pks: Iterable[int], *, subtasks: bool = True) -> set[int]:
    found = set(pks)
    frontier = set(found)
    while frontier:
        link = Q(series_id__in=frontier) | Q(parent_id__in=frontier) if subtasks else Q(series_id__in=frontier)
        frontier = set(Task.objects.filter(link).exclude(pk__in=found).values_list("pk", flat=True))
        found |= frontier
    return found


def _record(actor, tasks: list[Task], old: dict[int, int]) -> None:
    """One audit row per task whose level changed, at the task's new level (or its old one if higher)."""
    note = _("Confidentiality follows what the task comes from")
    record_many(
        actor=actor,
        action=Action.UPDATE,
        note=note,
        changes=((t, {"confidentiality": old[t.pk]}, {"confidentiality": t.confidentiality}) for t in tasks),
    )


def raise_tasks(pks: Iterable[int], level: int, *, actor=None) -> list[int]:
    """Raise the tasks `pks` and their families to at least `level` (never lowers one); their audit rows and the
    notifications pointing at them follow. Returns the ids of the tasks raised."""
    if not level:
        return []
    family = _family(pks)
    tasks = list(Task.objects.filter(pk__in=family, confidentiality__lt=level).only("pk", "title", "confidentiality"))
    if not tasks:
        return []
    old = {t.pk: t.confidentiality for t in tasks}
    Task.objects.filter(pk__in=old, confidentiality__lt=level).update(confidentiality=level)
    for task in tasks:
        task.confidentiality = level
    _record(actor, tasks, old)
    raise_history(Task, family, level)
    urls = [reverse("work:task_detail", args=[pk]) for pk in family]
    Notification.objects.filter(url__in=urls, confidentiality__lt=level).update(confidentiality=level)
    return list(old)


def lower_tasks(pks: Iterable[int], level: int, *, actor=None) -> list[int]:
    """The source of the tasks `pks` went down to `level`: each of them (and its occurrences) comes down to the
    highest of `level`, its document's and its parent's, if that is below what it carries. Sub-tasks, audit rows and
    notifications keep theirs. Returns the ids of the tasks lowered."""
    tasks = Task.objects.filter(pk__in=_family(pks, subtasks=False), confidentiality__gt=level)
    changed, old = [], {}
    for task in tasks.select_related("document", "parent").only(
        "pk", "title", "confidentiality", "document__confidentiality", "parent__confidentiality"
    ):
        floor = max(
            level,
            task.document.confidentiality if task.document_id else 0,
            task.parent.confidentiality if task.parent_id else 0,
        )
        if floor < task.confidentiality:
            old[task.pk] = task.confidentiality
            task.confidentiality = floor
            changed.append(task)
    if changed:
        Task.objects.bulk_update(changed, ["confidentiality"])
        _record(actor, changed, old)
    return [t.pk for t in changed]
