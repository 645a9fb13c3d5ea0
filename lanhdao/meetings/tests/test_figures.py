from lanhdao.meetings import figures, services
from lanhdao.meetings.models import MeetingKind
from lanhdao.meetings.services import PointSpec
from lanhdao.meetings.tests.conftest import TODAY, D


def test_meetings_held_count_recorded_events_in_one_query(world, bodies, make_meeting, django_assert_num_queries):
    make_meeting()  # a plenum of district A, 10 days ago
    make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD, date=TODAY - D(days=3))
    make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD, date=TODAY + D(days=3))  # not held yet
    cancelled = make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD, date=TODAY - D(days=4))
    services.meeting_cancel(actor=world.alice, meeting=cancelled, reason="Hoãn")
    make_meeting(unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY, date=TODAY - D(days=2))
    make_meeting(unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY, date=TODAY - D(days=400))  # outside the period
    start, end = TODAY - D(days=30), TODAY + D(days=30)
    with django_assert_num_queries(1):
        assert figures.meetings_held(world.district_a, start, end) == 3
    assert figures.meetings_held(world.district_a, start, end, subtree=False) == 1
    assert figures.meetings_held(bodies["btv"], start, end, kind=MeetingKind.STANDING_BOARD) == 1
    assert figures.meetings_held(world.province, start, end, kind=MeetingKind.CELL_MONTHLY) == 1
    assert figures.meetings_held(world.district_b, start, end) == 0
    assert figures.meetings_held(bodies["btv"], start, end, as_of=TODAY + D(days=5)) == 2  # as it will stand
    with django_assert_num_queries(1):
        assert figures.meetings_held_by_kind(world.district_a, start, end) == {
            MeetingKind.PLENUM: 1,
            MeetingKind.STANDING_BOARD: 1,
            MeetingKind.CELL_MONTHLY: 1,
        }


def test_conclusion_tasks_are_counted_for_the_period_of_the_meeting(world, make_meeting, django_assert_num_queries):
    meeting = make_meeting()
    services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="Kết luận",
        points=[PointSpec(f"Việc {i}", world.commune_a, TODAY + D(days=9)) for i in range(3)],
    )
    with django_assert_num_queries(1):
        assert figures.conclusion_tasks_count(world.province, TODAY - D(days=30), TODAY) == 3
    assert figures.conclusion_tasks_count(world.district_b, TODAY - D(days=30), TODAY) == 0
