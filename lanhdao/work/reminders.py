"""Đôn đốc: remind before the deadline, when overdue, and escalate to the assigning unit when long overdue.

Each stage is sent once per task and deadline (the Reminder table remembers), so running the job twice a day, or
again after a crash, sends nothing twice. A new deadline makes the stages due again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from lanhdao.notifications.services import notify

from .models import Reminder, Task
from .services import _unit_people, create_due_occurrences
from .status import Status, status_q


@dataclass
class ReminderRun:
    occurrences: int = 0
    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0


def escalate_after_days() -> int:
    return int(getattr(settings, "LANHDAO_ESCALATE_AFTER_DAYS", 7))


def send_reminders(*, today: datetime.date, batch: int = 500) -> ReminderRun:
    run = ReminderRun(occurrences=create_due_occurrences(today=today))
    open_tasks = Task.objects.select_related("responsible", "lead_unit", "assigning_unit")
    stages = [
        (Reminder.Stage.DUE_SOON, open_tasks.filter(status_q(Status.DUE_SOON, today)), False),
        (Reminder.Stage.OVERDUE, open_tasks.filter(status_q(Status.OVERDUE, today)), False),
        (
            Reminder.Stage.ESCALATED,
            open_tasks.filter(
                status_q(Status.OVERDUE, today), deadline__lt=today - datetime.timedelta(days=escalate_after_days())
            ),
            True,
        ),
    ]
    for stage, qs, escalate in stages:
        for start in range(0, 10**9, batch):
            chunk = list(qs.order_by("pk")[start : start + batch])
            if not chunk:
                break
            for task in _not_sent_in(chunk, stage):
                _remind(task, stage, today, escalate)
                setattr(run, stage, getattr(run, stage) + 1)
    return run


def _not_sent_in(chunk: list[Task], stage: str) -> list[Task]:
    sent = set(
        Reminder.objects.filter(stage=stage, task_id__in=[t.pk for t in chunk]).values_list("task_id", "deadline")
    )
    return [t for t in chunk if (t.pk, t.deadline) not in sent]


def _remind(task: Task, stage: str, today: datetime.date, escalate: bool) -> None:
    url = reverse("work:task_detail", args=[task.pk])
    days = (task.deadline - today).days
    if stage == Reminder.Stage.DUE_SOON:
        title = _("Due in %(d)d day(s): %(t)s") % {"d": days, "t": task.title}
    elif stage == Reminder.Stage.OVERDUE:
        title = _("Overdue since %(date)s: %(t)s") % {"date": task.deadline.strftime("%d/%m/%Y"), "t": task.title}
    else:
        title = _("Overdue for %(d)d days, lead unit %(u)s: %(t)s") % {"d": -days, "u": task.lead_unit, "t": task.title}
    people = _unit_people(task.assigning_unit) if escalate else [task.responsible, *_unit_people(task.lead_unit)]
    with transaction.atomic():
        Reminder.objects.create(task=task, stage=stage, deadline=task.deadline)
        notify(users=people, title=title, body=task.description[:500], url=url, confidentiality=task.confidentiality)
