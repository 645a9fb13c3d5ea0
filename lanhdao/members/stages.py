"""The stage of a person in the admission pipeline, derived from the recorded dates: one rule, in Python (`stage`)
and in SQL (`stage_expression`, for filters and counts), tested to agree on every combination of facts.

    candidate → trained → proposed → probationary (admitted) → full member;  ended at any point.

A probationary member whose probation has ended without a decision is `probation_overdue` (an alert, not a stage).
"""

import calendar
import datetime

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from .models import ADMISSION_AGE_YEARS, PROBATION_MONTHS


class Stage(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    TRAINED = "trained", _("Trained")
    PROPOSED = "proposed", _("Proposed for admission")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    ENDED = "ended", _("No longer in the Party")


MEMBERS = (Stage.PROBATIONARY, Stage.FULL)
PIPELINE = (Stage.CANDIDATE, Stage.TRAINED, Stage.PROPOSED)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def probation_end(admitted_on: datetime.date) -> datetime.date:
    return add_months(admitted_on, PROBATION_MONTHS)


def of_admission_age_on(birth_date: datetime.date) -> datetime.date:
    """The first day a person born on `birth_date` may be considered for admission: their 18th birthday, counted in
    months as Regulation 232-QĐ/TW says (born 29/02: the last day of February)."""
    return add_months(birth_date, 12 * ADMISSION_AGE_YEARS)


def stage(member) -> Stage:
    if member.ended_on is not None:
        return Stage.ENDED
    if member.full_on is not None:
        return Stage.FULL
    if member.admitted_on is not None:
        return Stage.PROBATIONARY
    if member.proposed_on is not None:
        return Stage.PROPOSED
    if member.trained_on is not None:
        return Stage.TRAINED
    return Stage.CANDIDATE


def stage_expression() -> Case:
    return Case(
        When(ended_on__isnull=False, then=Value(Stage.ENDED.value)),
        When(full_on__isnull=False, then=Value(Stage.FULL.value)),
        When(admitted_on__isnull=False, then=Value(Stage.PROBATIONARY.value)),
        When(proposed_on__isnull=False, then=Value(Stage.PROPOSED.value)),
        When(trained_on__isnull=False, then=Value(Stage.TRAINED.value)),
        default=Value(Stage.CANDIDATE.value),
        output_field=models.CharField(),
    )


def stage_q(value: str) -> Q:
    """The rows in stage `value`, as a filter that can use the date columns' indexes."""
    alive = Q(ended_on__isnull=True)
    return {
        Stage.ENDED: Q(ended_on__isnull=False),
        Stage.FULL: alive & Q(full_on__isnull=False),
        Stage.PROBATIONARY: alive & Q(full_on__isnull=True, admitted_on__isnull=False),
        Stage.PROPOSED: alive & Q(admitted_on__isnull=True, proposed_on__isnull=False),
        Stage.TRAINED: alive & Q(admitted_on__isnull=True, proposed_on__isnull=True, trained_on__isnull=False),
        Stage.CANDIDATE: alive & Q(admitted_on__isnull=True, proposed_on__isnull=True, trained_on__isnull=True),
    }[Stage(value)]


def in_party_q(on: datetime.date | None = None) -> Q:
    """Members (probationary or full) — today, or on a past day `on`."""
    if on is None:
        return Q(ended_on__isnull=True, admitted_on__isnull=False)
    return Q(admitted_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def probation_overdue(member, today: datetime.date) -> bool:
    return (
        stage(member) == Stage.PROBATIONARY
        and member.probation_ends_on is not None
        and member.probation_ends_on < today
    )


def probation_overdue_q(today: datetime.date) -> Q:
    return stage_q(Stage.PROBATIONARY) & Q(probation_ends_on__lt=today)
