"""The status rule: every case, deadline edges, and Python and SQL agreeing on all of them."""

import datetime
import itertools

import pytest

from lanhdao.work.models import Task
from lanhdao.work.selectors import status_counts, with_status
from lanhdao.work.status import Status, derive, status_q
from lanhdao.work.tests.conftest import TODAY

D = datetime.timedelta
NOW = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)


def facts(**kw):
    base = {
        "start_date": TODAY - D(days=5),
        "deadline": TODAY + D(days=20),
        "proposed_at": None,
        "completed_on": None,
        "accepted_at": None,
        "returned_at": None,
        "cancelled_at": None,
    }
    return Task(**(base | kw))


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        (facts(), Status.IN_PROGRESS),
        (facts(start_date=TODAY + D(days=1), deadline=TODAY + D(days=30)), Status.NOT_YET_DUE),
        (facts(start_date=TODAY + D(days=1), deadline=TODAY + D(days=3)), Status.DUE_SOON),
        (facts(deadline=TODAY + D(days=7)), Status.DUE_SOON),  # the edge: exactly 7 days ahead
        (facts(deadline=TODAY + D(days=8)), Status.IN_PROGRESS),
        (facts(deadline=TODAY), Status.DUE_SOON),  # due today is not overdue yet
        (facts(deadline=TODAY - D(days=1)), Status.OVERDUE),
        (facts(proposed_at=NOW, completed_on=TODAY), Status.AWAITING),
        (facts(deadline=TODAY - D(days=3), proposed_at=NOW), Status.AWAITING),  # the ball is with the assigner
        (facts(proposed_at=NOW - D(days=2), returned_at=NOW - D(days=1)), Status.RETURNED),
        (facts(proposed_at=NOW - D(days=2), returned_at=NOW - D(days=1), deadline=TODAY - D(days=1)), Status.OVERDUE),
        (facts(returned_at=NOW - D(days=2), proposed_at=NOW - D(days=1)), Status.AWAITING),  # proposed again
        (facts(accepted_at=NOW, proposed_at=NOW, completed_on=TODAY + D(days=20)), Status.DONE_ON_TIME),  # on the day
        (facts(accepted_at=NOW, proposed_at=NOW, completed_on=TODAY + D(days=21)), Status.DONE_LATE),
        (facts(accepted_at=NOW, proposed_at=NOW, completed_on=None), Status.DONE_LATE),
        (facts(cancelled_at=NOW, accepted_at=NOW, completed_on=TODAY), Status.CANCELLED),
        (facts(cancelled_at=NOW, deadline=TODAY - D(days=30)), Status.CANCELLED),
    ],
)
def test_derive(task, expected):
    assert derive(task, TODAY) == expected


def test_sql_and_python_agree_on_every_combination(world):
    """All combinations of the facts, written to the database: the SQL annotation, the per-status filters and the
    Python rule give the same answer for each row, and the counts add up."""
    deadlines = [TODAY - D(days=10), TODAY - D(days=1), TODAY, TODAY + D(days=7), TODAY + D(days=8), TODAY + D(days=40)]
    starts = [TODAY - D(days=20), TODAY + D(days=1)]
    moments = [None, NOW - D(days=2), NOW - D(days=1)]
    completions = [None, TODAY - D(days=1), TODAY + D(days=9)]
    rows = []
    for deadline, start, proposed, returned, accepted, cancelled, completed in itertools.product(
        deadlines, starts, moments, moments, [None, NOW], [None, NOW], completions
    ):
        if start > deadline:
            continue
        rows.append(
            Task(
                title="t",
                assigning_unit=world.district_a,
                lead_unit=world.commune_a,
                lead_path=world.commune_a.path,
                start_date=start,
                deadline=deadline,
                proposed_at=proposed,
                returned_at=returned,
                accepted_at=accepted,
                cancelled_at=cancelled,
                completed_on=completed,
            )
        )
    Task.objects.bulk_create(rows)
    annotated = {t.pk: t.status for t in with_status(Task.objects.all(), TODAY)}
    for task in Task.objects.all():
        assert annotated[task.pk] == derive(task, TODAY).value, task.__dict__
    for status in Status:
        ids = set(Task.objects.filter(status_q(status, TODAY)).values_list("pk", flat=True))
        assert ids == {pk for pk, s in annotated.items() if s == status.value}, status
    counts = status_counts(Task.objects.all(), TODAY)
    assert sum(counts.values()) == len(rows)
    assert all(counts[s.value] > 0 for s in Status), counts
