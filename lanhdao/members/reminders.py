"""Alerts when a probation ends without a decision (Party Charter Art. 5: twelve months, then the cell must propose
recognition or not). Sent to those who may manage the member's records, once per member and probation end (the
ProbationAlert table remembers), by `lanhdao remind` with the task reminders."""

import datetime

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.notifications.services import notify

from .models import Member, ProbationAlert
from .selectors import people_managing
from .stages import probation_overdue_q


def send_probation_alerts(*, today: datetime.date, batch: int = 500) -> int:
    """Alert about every probation ended before `today` without a decision and not alerted yet; returns how many."""
    overdue = Member.objects.filter(probation_overdue_q(today)).select_related("unit").order_by("pk")
    sent = 0
    last = 0
    while True:
        chunk = list(overdue.filter(pk__gt=last)[:batch])
        if not chunk:
            return sent
        last = chunk[-1].pk
        done = set(
            ProbationAlert.objects.filter(member__in=[m.pk for m in chunk]).values_list(
                "member_id", "probation_ends_on"
            )
        )
        for member in chunk:
            if (member.pk, member.probation_ends_on) not in done:
                _alert(member)
                sent += 1


def _alert(member: Member) -> None:
    title = _("Probation ended on %(date)s without a decision: %(name)s (%(unit)s)") % {
        "date": member.probation_ends_on.strftime("%d/%m/%Y"),
        "name": member.full_name,
        "unit": member.unit.name,
    }
    body = _(
        "The probationary period of %(name)s ended on %(date)s. Under the Party Charter the cell must propose "
        "recognition as a full member, or not, and the competent committee decide."
    ) % {"name": member.full_name, "date": member.probation_ends_on.strftime("%d/%m/%Y")}
    with transaction.atomic():
        ProbationAlert.objects.create(member=member, probation_ends_on=member.probation_ends_on)
        notify(
            users=people_managing(member.unit),
            title=title,
            body=body,
            url=reverse("members:member_detail", args=[member.pk]),
        )


@task
def send_probation_alerts_task() -> int:
    return send_probation_alerts(today=timezone.localdate())
