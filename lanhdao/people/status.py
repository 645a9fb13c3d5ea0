"""The one rule that says what state a petition is in, from its facts and the date: in Python for one petition, in
SQL for lists and counts. Both follow the same order, and a test checks they agree on every case.

Order (the first that applies): answered on time / answered late (answer date against the deadline; answering on the
deadline day is on time); overdue (deadline passed, no answer; the deadline day itself is not overdue yet); due soon
(deadline within due_soon_days(), today included); open.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models import CharField as CharFieldType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PetitionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("people", "Open")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ANSWERED_ON_TIME = "answered_on_time", _("Answered on time")
    ANSWERED_LATE = "answered_late", _("Answered late")


UNANSWERED = frozenset({PetitionStatus.OPEN, PetitionStatus.DUE_SOON, PetitionStatus.OVERDUE})


def answer_days() -> int:
    """Days a unit has to answer a petition, counted from its receipt: the default deadline."""
    return int(getattr(settings, "LANHDAO_PETITION_ANSWER_DAYS", 30))


def due_soon_days() -> int:
    return int(getattr(settings, "LANHDAO_DUE_SOON_DAYS", 7))


def default_deadline(received_on: datetime.date) -> datetime.date:
    return received_on + datetime.timedelta(days=answer_days())


def derive(petition, today: datetime.date) -> PetitionStatus:
    if petition.answered_on is not None:
        if petition.answered_on <= petition.deadline:
            return PetitionStatus.ANSWERED_ON_TIME
        return PetitionStatus.ANSWERED_LATE
    if petition.deadline < today:
        return PetitionStatus.OVERDUE
    if petition.deadline <= today + datetime.timedelta(days=due_soon_days()):
        return PetitionStatus.DUE_SOON
    return PetitionStatus.OPEN


def status_expression(today: datetime.date) -> Case:
    """derive() as a database expression: `Petition.objects.annotate(status=status_expression(today))`."""
    soon = today + datetime.timedelta(days=due_soon_days())
    return Case(
        When(answered_on__lte=F("deadline"), then=Value(PetitionStatus.ANSWERED_ON_TIME.value)),
        When(answered_on__isnull=False, then=Value(PetitionStatus.ANSWERED_LATE.value)),
        When(deadline__lt=today, then=Value(PetitionStatus.OVERDUE.value)),
        When(deadline__lte=soon, then=Value(PetitionStatus.DUE_SOON.value)),
        default=Value(PetitionStatus.OPEN.value),
        output_field=CharFieldType(),
    )


def status_q(status: str, today: datetime.date) -> Q:
    """A filter for one status that can use the deadline index (cheaper than filtering on the annotation)."""
    soon = today + datetime.timedelta(days=due_soon_days())
    unanswered = Q(answered_on__isnull=True)
    return {
        PetitionStatus.ANSWERED_ON_TIME: Q(answered_on__lte=F("deadline")),
        PetitionStatus.ANSWERED_LATE: Q(answered_on__gt=F("deadline")),
        PetitionStatus.OVERDUE: unanswered & Q(deadline__lt=today),
        PetitionStatus.DUE_SOON: unanswered & Q(deadline__gte=today, deadline__lte=soon),
        PetitionStatus.OPEN: unanswered & Q(deadline__gt=soon),
    }[PetitionStatus(status)]
