"""The one rule that says what state a task is in, from its facts and the date: in Python for one task, in SQL for
counting millions. Both follow the same order, and a test checks they agree on every case.

Order (the first that applies): cancelled; done on time / done late (accepted: completion date against deadline);
awaiting acceptance (completion proposed, not returned since); overdue (deadline passed); returned (sent back, not
yet overdue); due soon (deadline within DUE_SOON_DAYS); not yet due (start date ahead); in progress.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models import CharField as CharFieldType
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    IN_PROGRESS = "in_progress", _("In progress")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    AWAITING = "awaiting", _("Awaiting acceptance")
    RETURNED = "returned", _("Returned")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    CANCELLED = "cancelled", _("Cancelled")


OPEN = frozenset(
    {Status.NOT_YET_DUE, Status.IN_PROGRESS, Status.DUE_SOON, Status.OVERDUE, Status.AWAITING, Status.RETURNED}
)
DONE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE})


def due_soon_days() -> int:
    return int(getattr(settings, "LANHDAO_DUE_SOON_DAYS", 7))


def derive(task, today: datetime.date) -> Status:
    if task.cancelled_at:
        return Status.CANCELLED
    if task.accepted_at:
        return Status.DONE_ON_TIME if task.completed_on and task.completed_on <= task.deadline else Status.DONE_LATE
    if task.proposed_at and not (task.returned_at and task.returned_at > task.proposed_at):
        return Status.AWAITING
    if task.deadline < today:
        return Status.OVERDUE
    if task.returned_at:
        return Status.RETURNED
    if task.deadline <= today + datetime.timedelta(days=due_soon_days()):
        return Status.DUE_SOON
    if task.start_date > today:
        return Status.NOT_YET_DUE
    return Status.IN_PROGRESS


def status_expression(today: datetime.date) -> Case:
    """derive() as a database expression: `Task.objects.annotate(status=status_expression(today))`."""
    soon = today + datetime.timedelta(days=due_soon_days())
    proposed_and_not_returned = Q(proposed_at__isnull=False) & (
        Q(returned_at__isnull=True) | Q(returned_at__lte=F("proposed_at"))
    )
    return Case(
        When(cancelled_at__isnull=False, then=Value(Status.CANCELLED.value)),
        When(Q(accepted_at__isnull=False) & Q(completed_on__lte=F("deadline")), then=Value(Status.DONE_ON_TIME.value)),
        When(accepted_at__isnull=False, then=Value(Status.DONE_LATE.value)),
        When(proposed_and_not_returned, then=Value(Status.AWAITING.value)),
        When(deadline__lt=today, then=Value(Status.OVERDUE.value)),
        When(returned_at__isnull=False, then=Value(Status.RETURNED.value)),
        When(deadline__lte=soon, then=Value(Status.DUE_SOON.value)),
        When(start_date__gt=today, then=Value(Status.NOT_YET_DUE.value)),
        default=Value(Status.IN_PROGRESS.value),
        output_field=CharFieldType(),
    )


def status_q(status: str, today: datetime.date) -> Q:
    """A filter for one status that can use the deadline index (cheaper than filtering on the annotation)."""
    soon = today + datetime.timedelta(days=due_soon_days())
    closed = Q(cancelled_at__isnull=True, accepted_at__isnull=True)
    awaiting = Q(proposed_at__isnull=False) & (Q(returned_at__isnull=True) | Q(returned_at__lte=F("proposed_at")))
    open_ = closed & ~awaiting
    return {
        Status.CANCELLED: Q(cancelled_at__isnull=False),
        Status.DONE_ON_TIME: Q(cancelled_at__isnull=True, accepted_at__isnull=False, completed_on__lte=F("deadline")),
        Status.DONE_LATE: Q(cancelled_at__isnull=True, accepted_at__isnull=False) & ~Q(completed_on__lte=F("deadline")),
        Status.AWAITING: closed & awaiting,
        Status.OVERDUE: open_ & Q(deadline__lt=today),
        Status.RETURNED: open_ & Q(deadline__gte=today, returned_at__isnull=False),
        Status.DUE_SOON: open_ & Q(deadline__gte=today, deadline__lte=soon, returned_at__isnull=True),
        Status.NOT_YET_DUE: open_ & Q(deadline__gt=soon, returned_at__isnull=True, start_date__gt=today),
        Status.IN_PROGRESS: open_ & Q(deadline__gt=soon, returned_at__isnull=True, start_date__lte=today),
    }[Status(status)]
