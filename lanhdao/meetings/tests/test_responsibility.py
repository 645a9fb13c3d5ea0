import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import AuditEntry
from lanhdao.meetings import figures, services, services_state
from lanhdao.meetings.models import MeetingKind
from lanhdao.meetings.selectors import current, meetings_for, organisations_state, responsibilities_for
from lanhdao.meetings.tests.conftest import TODAY, D
from lanhdao.work import services as work_services
from lanhdao.work.selectors import tasks_for


def assign(world, **fields):
    defaults = {
        "actor": world.alice,
        "committee": world.district_a,
        "member": world.alice,
        "unit": world.commune_a,
        "starts_on": TODAY - D(days=100),
    }
    return services_state.responsibility_assign(**(defaults | fields))


def test_a_member_follows_organisations_of_the_committee(world):
    responsibility = assign(world)
    assert AuditEntry.objects.filter(object_id=str(responsibility.pk), content_type__model="responsibility").exists()
    with pytest.raises(ValidationError):
        assign(world, starts_on=TODAY)  # overlaps the first
    with pytest.raises(ValidationError):
        assign(world, unit=world.commune_b)  # not under district A
    with pytest.raises(ValidationError):
        assign(world, unit=world.ubnd_a)  # not a Party organisation
    with pytest.raises(PermissionDenied):
        assign(world, actor=world.bob, unit=world.cell_a)
    with pytest.raises(ValidationError):
        services_state.responsibility_end(actor=world.alice, responsibility=responsibility, ends_on=TODAY - D(days=200))
    services_state.responsibility_end(actor=world.alice, responsibility=responsibility, ends_on=TODAY - D(days=1))
    assert not current(responsibilities_for(world.alice), TODAY).exists()
    assert assign(world, starts_on=TODAY).pk  # a new period after the end
    assert figures.organisations_followed(world.district_a, TODAY) == 1


def test_my_organisations_show_tasks_by_status_and_last_meetings(world, django_assert_max_num_queries):
    assign(world)
    assign(world, unit=world.cell_a)
    for days in (40, 20, 10, 5):
        services.meeting_create(
            actor=world.alice, unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY, date=TODAY - D(days=days)
        )
    services.meeting_create(actor=world.alice, unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY, date=TODAY + D(days=5))
    for deadline in (TODAY - D(days=1), TODAY + D(days=40)):
        work_services.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=world.cell_a,
            title="Nhiệm vụ chi bộ",
            start_date=TODAY - D(days=30),
            deadline=deadline,
        )
    assigned = list(current(responsibilities_for(world.alice), TODAY).select_related("unit").order_by("unit__path"))
    with django_assert_max_num_queries(2):
        rows = organisations_state(assigned, tasks_for(world.alice), meetings_for(world.alice), TODAY)
    commune, cell = rows
    assert commune["counts"]["overdue"] == 1 and commune["total"] == 2  # the cell's tasks count for the commune
    assert cell["counts"]["overdue"] == 1 and cell["open"] == 1
    assert [m.date for m in cell["meetings"]] == [TODAY - D(days=d) for d in (5, 10, 20)]  # held only, latest 3
    # an outsider's view of the same assignments shows nothing of district A
    outsider = organisations_state(assigned, tasks_for(world.charlie), meetings_for(world.charlie), TODAY)
    assert outsider[0]["total"] == 0 and outsider[1]["meetings"] == []
