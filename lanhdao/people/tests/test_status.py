"""Petition deadlines: every case of the status rule, the edges, and Python and SQL agreeing on all of them."""

import datetime
import itertools

import pytest
from django.test import override_settings

from lanhdao.people.models import Petition
from lanhdao.people.selectors import filter_status, status_counts, with_status
from lanhdao.people.status import PetitionStatus as S
from lanhdao.people.status import default_deadline, derive, status_q

D = datetime.timedelta
TODAY = datetime.date(2026, 3, 10)


def facts(deadline, answered_on=None, received_on=None):
    return Petition(received_on=received_on or TODAY - D(days=40), deadline=deadline, answered_on=answered_on)


@pytest.mark.parametrize(
    ("petition", "expected"),
    [
        (facts(TODAY + D(days=20)), S.OPEN),
        (facts(TODAY + D(days=8)), S.OPEN),  # one day beyond the due-soon window
        (facts(TODAY + D(days=7)), S.DUE_SOON),  # the edge of the window
        (facts(TODAY), S.DUE_SOON),  # due today is not overdue yet
        (facts(TODAY - D(days=1)), S.OVERDUE),
        (facts(TODAY - D(days=1), answered_on=TODAY - D(days=1)), S.ANSWERED_ON_TIME),  # answered on the deadline day
        (facts(TODAY - D(days=2), answered_on=TODAY - D(days=1)), S.ANSWERED_LATE),  # one day late
        (facts(TODAY + D(days=20), answered_on=TODAY - D(days=30)), S.ANSWERED_ON_TIME),
        (facts(TODAY - D(days=30), answered_on=TODAY), S.ANSWERED_LATE),  # late stays late, whatever today is
    ],
)
def test_derive(petition, expected):
    assert derive(petition, TODAY) == expected


@override_settings(LANHDAO_DUE_SOON_DAYS=3)
def test_the_due_soon_window_follows_the_setting():
    assert derive(facts(TODAY + D(days=3)), TODAY) == S.DUE_SOON
    assert derive(facts(TODAY + D(days=4)), TODAY) == S.OPEN


@override_settings(LANHDAO_PETITION_ANSWER_DAYS=15)
def test_the_default_deadline_follows_the_setting():
    assert default_deadline(TODAY) == TODAY + D(days=15)


def test_sql_and_python_agree_on_every_combination(world):
    """Deadlines around today and answers around the deadline, written to the database: the annotation, the
    per-status filters and the Python rule give the same answer for each row, and the counts add up."""
    deadlines = [TODAY - D(days=10), TODAY - D(days=1), TODAY, TODAY + D(days=1), TODAY + D(days=7), TODAY + D(days=8)]
    rows = []
    for deadline, answer_shift in itertools.product(deadlines, [None, -3, -1, 0, 1, 5]):
        answered = None if answer_shift is None else min(deadline + D(days=answer_shift), TODAY)
        rows.append(
            Petition(
                receiving_unit=world.district_a,
                receiving_path=world.district_a.path,
                received_on=TODAY - D(days=60),
                sender="x",
                subject="y",
                channel="post",
                deadline=deadline,
                answered_on=answered,
            )
        )
    Petition.objects.bulk_create(rows)
    annotated = {p.pk: p.status for p in with_status(Petition.objects.all(), TODAY)}
    for petition in Petition.objects.all():
        expected = derive(petition, TODAY).value
        assert annotated[petition.pk] == expected, (petition.deadline, petition.answered_on)
        matching = [s for s in S if Petition.objects.filter(status_q(s, TODAY), pk=petition.pk).exists()]
        assert matching == [S(expected)], (petition.deadline, petition.answered_on, matching)
    counts = status_counts(Petition.objects.all(), TODAY)
    assert sum(counts.values()) == len(rows)
    assert all(counts[s] > 0 for s in S.values), counts
    unanswered = filter_status(Petition.objects.all(), "unanswered", TODAY).count()
    assert unanswered == counts["open"] + counts["due_soon"] + counts["overdue"]
