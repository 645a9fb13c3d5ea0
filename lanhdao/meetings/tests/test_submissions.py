import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.meetings import figures, services_state
from lanhdao.meetings.models import Matter, Outcome, Submission
from lanhdao.meetings.rules import SubmissionState, submission_state, submission_state_q
from lanhdao.meetings.services import PointSpec
from lanhdao.meetings.tests.conftest import TODAY, D
from lanhdao.work.models import Task


def state(submission, today=TODAY):
    submission.refresh_from_db()
    python = submission_state(submission, today)
    sql = Submission.objects.filter(submission_state_q(python, today), pk=submission.pk).exists()
    assert sql, "the Python and SQL rules disagree"
    return python


def test_a_submission_is_awaited_then_overdue_then_answered_with_tasks(world, bodies, make_submission):
    submission = make_submission(to_unit=bodies["btv"])
    assert state(submission) == SubmissionState.AWAITING
    with time_machine.travel(TODAY + D(days=11)):
        assert state(submission, TODAY + D(days=11)) == SubmissionState.OVERDUE
    services_state.opinion_give(
        actor=world.alice,
        submission=submission,
        text="Đồng ý chủ trương",
        outcome=Outcome.AGREED_WITH_CHANGES,
        given_on=TODAY,
        points=[PointSpec("Hoàn thiện dự toán", world.ubnd_a, TODAY + D(days=15))],
    )
    assert state(submission) == SubmissionState.ANSWERED
    task = Task.objects.get()
    assert task.assigning_unit == world.district_a and task.lead_unit == world.ubnd_a  # the committee of the Board
    assert submission.points.get().task == task
    with pytest.raises(ValidationError):
        services_state.opinion_give(
            actor=world.alice, submission=submission, text="Lần hai", outcome=Outcome.AGREED, given_on=TODAY
        )
    with pytest.raises(ValidationError):
        services_state.submission_withdraw(actor=world.alice, submission=submission, reason="Muộn")
    notes = list(
        AuditEntry.objects.filter(object_id=str(submission.pk), content_type__model="submission").values_list(
            "action", flat=True
        )
    )
    assert sorted(notes) == [Action.CREATE, Action.UPDATE]


def test_a_matter_decided_before_the_opinion_is_listed(world, make_submission):
    early = make_submission(title="Quyết định trước khi có ý kiến")
    services_state.decision_record(actor=world.alice, submission=early, decided_on=TODAY - D(days=1))
    assert state(early) == SubmissionState.DECIDED_WITHOUT_OPINION
    # an opinion given after the decision does not make it right
    services_state.opinion_give(
        actor=world.alice, submission=early, text="Ý kiến muộn", outcome=Outcome.AGREED, given_on=TODAY
    )
    assert state(early) == SubmissionState.DECIDED_WITHOUT_OPINION
    proper = make_submission(title="Đúng quy trình", sent_on=TODAY - D(days=20), opinion_due=TODAY - D(days=10))
    services_state.opinion_give(
        actor=world.alice, submission=proper, text="Đồng ý", outcome=Outcome.AGREED, given_on=TODAY - D(days=9)
    )
    services_state.decision_record(actor=world.alice, submission=proper, decided_on=TODAY - D(days=2))
    assert state(proper) == SubmissionState.ANSWERED
    start, end = TODAY - D(days=30), TODAY
    assert figures.submissions_without_opinion(world.district_a, start, end) == 1
    assert figures.submissions_count(world.district_a, start, end) == 2
    assert figures.submissions_count(world.district_a, start, end, matter=Matter.PERSONNEL) == 0
    assert figures.submissions_answered(world.district_a, start, end) == 2
    assert figures.submissions_without_opinion(world.district_b, start, end) == 0


def test_submissions_go_to_the_board_of_the_committee_that_leads_the_sender(world, bodies, make_submission):
    with pytest.raises(ValidationError):
        make_submission(to_unit=world.commune_a)  # a commune committee does not lead the district's UBND
    with pytest.raises(ValidationError):
        make_submission(to_unit=bodies["hdnd"])  # not a Standing Board nor a committee
    with pytest.raises(ValidationError):
        make_submission(opinion_due=TODAY - D(days=6))
    with pytest.raises(ValidationError):
        make_submission(sent_on=TODAY + D(days=1), opinion_due=TODAY + D(days=9))
    assert make_submission(from_unit=bodies["hdnd"], to_unit=bodies["btv"]).pk
    assert Submission.objects.count() == 1


def test_who_may_record_submissions_and_opinions(world, bodies, make_submission):
    from conftest import make_user
    from lanhdao.accounts.roles import Role

    with pytest.raises(PermissionDenied):
        make_submission(actor=world.bob)
    with pytest.raises(PermissionDenied):
        make_submission(actor=world.charlie)
    ubnd_head = make_user("chutich", role=Role.DEPARTMENT_HEAD, unit=world.ubnd_a)
    submission = make_submission(actor=ubnd_head, to_unit=bodies["btv"])  # the sender records its own submission
    with pytest.raises(PermissionDenied):  # but only the Board gives the opinion
        services_state.opinion_give(
            actor=ubnd_head, submission=submission, text="Tự cho ý kiến", outcome=Outcome.AGREED, given_on=TODAY
        )
    services_state.decision_record(actor=ubnd_head, submission=submission, decided_on=TODAY)
    assert state(submission) == SubmissionState.DECIDED_WITHOUT_OPINION


def test_withdrawn_submissions_leave_the_figures(world, make_submission):
    submission = make_submission()
    with pytest.raises(ValidationError):
        services_state.submission_withdraw(actor=world.alice, submission=submission, reason="")
    services_state.submission_withdraw(actor=world.alice, submission=submission, reason="Bổ sung hồ sơ")
    assert state(submission) == SubmissionState.WITHDRAWN
    assert figures.submissions_count(world.district_a, TODAY - D(days=30), TODAY) == 0
