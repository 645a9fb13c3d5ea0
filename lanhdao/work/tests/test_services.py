import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.notifications.models import Notification
from lanhdao.org.models import Unit
from lanhdao.work import services
from lanhdao.work.models import Task
from lanhdao.work.status import Status, derive
from lanhdao.work.tests.conftest import TODAY

D = datetime.timedelta


@pytest.fixture
def commune_head(world):
    return make_user("dung", role=Role.SECRETARY, unit=world.commune_a, email="dung@example.vn")


def test_the_head_of_the_lead_unit_is_responsible_by_default(world, make_task, commune_head):
    task = make_task(
        coordinating_units=[world.dept_a] if hasattr(world, "dept_a") else [Unit.objects.get(code="HA-UB-NV")]
    )
    assert task.responsible == commune_head
    assert task.lead_path == world.commune_a.path
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(task.pk))
    assert entry.after["coordinating_units"] == [Unit.objects.get(code="HA-UB-NV").pk]


def test_who_may_assign_and_where(world, make_task):
    with pytest.raises(PermissionDenied):
        make_task(actor=world.bob)  # a viewer
    with pytest.raises(PermissionDenied):
        make_task(actor=world.charlie)  # another district
    with pytest.raises(ValidationError):
        make_task(lead_unit=world.commune_b)  # outside the assigning unit's subtree
    with pytest.raises(ValidationError):
        make_task(deadline=None)  # a task needs a deadline
    with pytest.raises(ValidationError):
        make_task(deadline=TODAY - D(days=30))  # before its start
    assert not Task.objects.exists()


@time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
def test_assign_report_propose_accept(world, make_task, commune_head, django_capture_on_commit_callbacks):
    task = make_task()
    services.report_progress(
        actor=commune_head, task=task, unit=world.commune_a, percent=40, text="Đã xây dựng dự thảo"
    )
    task.refresh_from_db()
    assert task.progress == 40
    with pytest.raises(PermissionDenied):
        services.accept(actor=commune_head, task=task)  # the lead does not accept its own work
    with pytest.raises(ValidationError):
        services.accept(actor=world.alice, task=task)  # nothing proposed yet
    with django_capture_on_commit_callbacks(execute=True):
        task = services.propose_completion(actor=commune_head, task=task, text="Hoàn thành")
    assert derive(task, TODAY) == Status.AWAITING
    assert Notification.objects.filter(user=world.alice).exists(), "the assigning unit is told"
    with django_capture_on_commit_callbacks(execute=True):
        task = services.accept(actor=world.alice, task=task)
    assert derive(task, TODAY) == Status.DONE_ON_TIME
    assert Notification.objects.filter(user=commune_head, title__contains=task.title).count() >= 1
    with pytest.raises(ValidationError):
        services.report_progress(actor=commune_head, task=task, unit=world.commune_a, percent=100, text="sau")


def test_return_needs_a_reason_and_reopens(world, make_task, commune_head):
    task = services.propose_completion(actor=commune_head, task=make_task(), text="Xong")
    with pytest.raises(ValidationError):
        services.return_task(actor=world.alice, task=task, reason="  ")
    task = services.return_task(actor=world.alice, task=task, reason="Thiếu số liệu")
    assert task.return_reason == "Thiếu số liệu" and task.completed_on is None
    assert derive(task, timezone.localdate()) in {Status.RETURNED, Status.OVERDUE}
    task = services.propose_completion(actor=commune_head, task=task, text="Đã bổ sung")
    assert derive(task, timezone.localdate()) == Status.AWAITING


def test_cancel_with_reason(world, make_task):
    task = services.cancel(actor=world.alice, task=make_task(), reason="Không còn phù hợp")
    assert derive(task, TODAY) == Status.CANCELLED
    with pytest.raises(ValidationError):
        services.task_update(actor=world.alice, task=task, data={"title": "x"}, seen_version=task.version)


def test_coordinating_units_report_but_do_not_propose(world, make_task):
    dept = Unit.objects.get(code="HA-UB-NV")
    officer = make_user("phong", role=Role.DEPARTMENT_HEAD, unit=dept)
    task = make_task(coordinating_units=[dept])
    services.report_progress(actor=officer, task=task, unit=dept, percent=50, text="Đã phối hợp")
    task.refresh_from_db()
    assert task.progress == 0, "only the lead unit's report moves the task's progress"
    with pytest.raises(PermissionDenied):
        services.propose_completion(actor=officer, task=task, text="x")
    with pytest.raises(PermissionDenied):
        services.report_progress(actor=officer, task=task, unit=world.commune_a, percent=50, text="x")


def test_a_second_save_on_stale_data_is_refused(world, make_task):
    task = make_task()
    seen = task.version
    first = Task.objects.get(pk=task.pk)
    second = Task.objects.get(pk=task.pk)
    services.task_update(actor=world.alice, task=first, data={"title": "Tiêu đề của người thứ nhất"}, seen_version=seen)
    with pytest.raises(services.StaleTask) as error:
        services.task_update(
            actor=world.alice, task=second, data={"title": "Tiêu đề của người thứ hai"}, seen_version=seen
        )
    assert "Reload" in str(error.value) or "tải lại" in str(error.value).lower()
    assert Task.objects.get(pk=task.pk).title == "Tiêu đề của người thứ nhất"
    with pytest.raises(services.StaleTask):
        services.cancel(actor=world.alice, task=second, reason="Dựa trên dữ liệu cũ", seen_version=seen)
    assert Task.objects.get(pk=task.pk).cancelled_at is None


def test_cascade_into_sub_tasks(world, make_task, commune_head):
    parent = make_task()
    child = services.task_create(
        actor=commune_head,
        assigning_unit=world.commune_a,
        lead_unit=world.cell_a,
        parent=parent,
        title="Phần việc của chi bộ",
        start_date=TODAY,
        deadline=TODAY + D(days=20),
    )
    assert child.parent == parent and list(parent.subtasks.all()) == [child]
    with pytest.raises(ValidationError):
        services.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=world.cell_a,
            parent=parent,
            title="Sai đơn vị giao",
            start_date=TODAY,
            deadline=TODAY + D(days=20),
        )


def test_recurring_tasks_make_one_task_per_period(world, commune_head):
    task = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Báo cáo tháng",
        start_date=datetime.date(2026, 1, 1),
        recurrence="monthly",
        recurrence_until=datetime.date(2026, 4, 30),
    )
    assert task.deadline == datetime.date(2026, 1, 31)
    task = services.propose_completion(actor=commune_head, task=task, text="Tháng 1")
    services.accept(actor=world.alice, task=task)
    february = Task.objects.get(series=task)
    assert (february.start_date, february.deadline) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert services.create_due_occurrences(today=datetime.date(2026, 4, 15)) == 2  # March and April, though Feb is open
    assert sorted(Task.objects.values_list("deadline", flat=True)) == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]
    assert services.create_due_occurrences(today=datetime.date(2026, 6, 1)) == 0, "not beyond the end of the series"
    assert derive(february, datetime.date(2026, 4, 15)) == Status.OVERDUE


def test_quarterly_and_yearly_periods():
    from lanhdao.work.recurrence import period_end

    assert period_end(datetime.date(2026, 2, 10), "quarterly") == datetime.date(2026, 3, 31)
    assert period_end(datetime.date(2026, 11, 1), "quarterly") == datetime.date(2026, 12, 31)
    assert period_end(datetime.date(2024, 2, 3), "monthly") == datetime.date(2024, 2, 29)
    assert period_end(datetime.date(2026, 5, 5), "yearly") == datetime.date(2026, 12, 31)
