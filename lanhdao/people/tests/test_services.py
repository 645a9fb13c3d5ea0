"""Writes: findings → tasks all or nothing, validation, permissions, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils.translation import gettext

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.people import services
from lanhdao.people.models import Dialogue, FieldVisit, Finding, ReceptionDay
from lanhdao.work.models import Task

from .conftest import TODAY

D = datetime.timedelta


def test_findings_become_tasks_of_the_visiting_unit_in_one_step(world, make_visit):
    visit = make_visit(
        findings=[
            {
                "text": "Đường giao thông xuống cấp\nCần sửa trước mùa mưa",
                "lead_unit": world.commune_a,
                "deadline": TODAY + D(days=30),
            },
            {"text": "Sinh hoạt chi bộ chưa đều"},
        ]
    )
    first, second = visit.findings.all()
    assert first.task.assigning_unit == world.district_a and first.task.lead_unit == world.commune_a
    assert first.task.title == "Đường giao thông xuống cấp" and "Cần sửa trước mùa mưa" in first.task.description
    assert first.task.start_date == visit.visited_on
    assert second.task is None and visit.visitor_name.startswith("Alice")
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(visit.pk)).exists()
    assert AuditEntry.objects.filter(object_id=str(first.task.pk), action=Action.CREATE).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "Sai đơn vị", "lead_unit": "district_b", "deadline": 30},  # not under the visiting unit
        {"text": "Hạn trước ngày đi", "lead_unit": "commune_a", "deadline": -30},  # deadline before the start
        {"text": "Thiếu hạn", "lead_unit": "commune_a", "deadline": None},
        {"text": "", "lead_unit": None, "deadline": None},
    ],
)
def test_one_bad_finding_saves_nothing(world, make_visit, bad):
    findings = [
        {"text": "Việc tốt", "lead_unit": world.commune_a, "deadline": TODAY + D(days=30)},
        {
            "text": bad["text"],
            "lead_unit": getattr(world, bad["lead_unit"]) if bad["lead_unit"] else None,
            "deadline": TODAY + D(days=bad["deadline"]) if bad["deadline"] is not None else None,
        },
    ]
    with pytest.raises(ValidationError) as error:
        make_visit(findings=findings)
    assert "2" in " ".join(error.value.messages)  # the message names the finding
    assert not FieldVisit.objects.exists() and not Finding.objects.exists() and not Task.objects.exists()
    assert not AuditEntry.objects.exists()


def test_dialogue_issues_become_tasks_and_all_or_nothing_applies_when_added_later(world, make_dialogue):
    dialogue = make_dialogue(
        findings=[{"text": "Đề nghị công khai quy hoạch", "lead_unit": world.ubnd_a, "deadline": TODAY + D(days=20)}]
    )
    assert dialogue.findings.get().task.lead_unit == world.ubnd_a
    with pytest.raises(ValidationError):
        services.findings_add(
            actor=world.alice,
            event=dialogue,
            findings=[
                {"text": "Một", "lead_unit": world.dept_a, "deadline": TODAY + D(days=5)},
                {"text": "Hai", "lead_unit": world.commune_b, "deadline": TODAY + D(days=5)},
            ],
        )
    assert dialogue.findings.count() == 1 and Task.objects.count() == 1
    added = services.findings_add(actor=world.alice, event=dialogue, findings=[{"text": "Ba"}])
    assert added[0].position == 2 and added[0].task is None
    assert added[0].dialogue == dialogue and added[0].visit is None


def test_a_finding_recorded_without_a_task_becomes_one_later_once(world, make_visit):
    finding = make_visit(findings=[{"text": "Rác thải chưa thu gom"}]).findings.get()
    services.finding_to_task(actor=world.alice, finding=finding, lead_unit=world.commune_a, deadline=TODAY + D(days=9))
    finding.refresh_from_db()
    assert finding.task.title == "Rác thải chưa thu gom" and finding.task.start_date == TODAY
    with pytest.raises(ValidationError):
        services.finding_to_task(actor=world.alice, finding=finding, lead_unit=world.commune_a, deadline=TODAY)
    assert Task.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_record_on_the_unit_may_record_and_nothing_is_written(world, make_visit, make_dialogue, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        make_visit(actor=actor, findings=[{"text": "x", "lead_unit": world.commune_a, "deadline": TODAY}])
    with pytest.raises(PermissionDenied):
        make_dialogue(actor=actor)
    with pytest.raises(PermissionDenied):
        services.schedule_create(
            actor=actor, unit=world.district_a, frequency="monthly", day_of_month=15, starts_on=TODAY
        )
    assert not FieldVisit.objects.exists() and not Dialogue.objects.exists() and not Task.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_visit_says_who_where_and_when(world, make_visit):
    with pytest.raises(ValidationError) as error:
        make_visit(visitor=None, visitor_name="")
    assert "visitor_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_visit(place_unit=None, place="")
    assert "place" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_visit(visited_on=TODAY + D(days=1))
    assert "visited_on" in error.value.message_dict
    typed = make_visit(visitor=None, visitor_name="Đ/c Phó Bí thư", place_unit=None, place="Khu công nghiệp")
    assert (typed.visitor_name, typed.where) == ("Đ/c Phó Bí thư", "Khu công nghiệp")


def test_edit_and_archive_are_audited_and_archiving_keeps_the_tasks(world, make_visit):
    visit = make_visit(findings=[{"text": "Việc", "lead_unit": world.commune_a, "deadline": TODAY + D(days=3)}])
    services.field_visit_update(actor=world.alice, visit=visit, data={"purpose": "Mục đích mới"})
    services.archive(actor=world.alice, obj=visit, note="Nhập trùng")
    actions = list(
        AuditEntry.objects.filter(object_id=str(visit.pk), content_type__model="fieldvisit")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [Action.CREATE, Action.UPDATE, Action.ARCHIVE]
    assert Task.objects.get().cancelled_at is None
    with pytest.raises(ValidationError):
        services.archive(actor=world.alice, obj=visit)
    with pytest.raises(PermissionDenied):
        services.field_visit_update(actor=world.bob, visit=visit, data={"purpose": "x"})


def test_reception_schedule_rules(world):
    with pytest.raises(ValidationError) as error:
        services.schedule_create(actor=world.alice, unit=world.district_a, frequency="monthly", starts_on=TODAY)
    assert "day_of_month" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.schedule_create(actor=world.alice, unit=world.district_a, frequency="weekly", starts_on=TODAY)
    weekly = services.schedule_create(
        actor=world.alice, unit=world.district_a, frequency="weekly", weekday=3, day_of_month=15, starts_on=TODAY
    )
    assert weekly.day_of_month is None and weekly.weekday == 3
    with pytest.raises(ValidationError):
        services.schedule_end(actor=world.alice, schedule=weekly, ends_on=TODAY - D(days=1))
    services.schedule_end(actor=world.alice, schedule=weekly, ends_on=TODAY + D(days=30))
    assert AuditEntry.objects.filter(object_id=str(weekly.pk), note=gettext("Schedule ended")).exists()


def test_one_reception_day_a_unit_a_day(world):
    schedule = services.schedule_create(
        actor=world.alice, unit=world.district_a, frequency="monthly", day_of_month=15, starts_on=TODAY - D(days=90)
    )
    day = services.reception_day_create(
        actor=world.alice, unit=world.district_a, schedule=schedule, held_on=TODAY, received_by=world.alice, cases=4
    )
    assert day.received_by_name.startswith("Alice")
    with pytest.raises(ValidationError) as error:
        services.reception_day_create(actor=world.alice, unit=world.district_a, held_on=TODAY, received_by_name="X")
    assert "held_on" in error.value.message_dict
    other = services.schedule_create(
        actor=world.alice, unit=world.commune_a, frequency="weekly", weekday=0, starts_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.reception_day_create(
            actor=world.alice, unit=world.district_a, schedule=other, held_on=TODAY - D(days=1), received_by_name="X"
        )
    with pytest.raises(ValidationError):
        services.reception_day_create(
            actor=world.alice, unit=world.district_a, held_on=TODAY - D(days=1), received_by_name="X", cases=-1
        )
    assert ReceptionDay.objects.count() == 1
    services.archive(actor=world.alice, obj=day)
    again = services.reception_day_create(actor=world.alice, unit=world.district_a, held_on=TODAY, received_by_name="Y")
    assert again.pk != day.pk  # the archived one no longer holds the date


@override_settings(LANHDAO_PETITION_ANSWER_DAYS=10)
def test_petition_default_deadline_comes_from_the_setting(make_petition):
    petition = make_petition()
    assert petition.deadline == petition.received_on + D(days=10)
    assert make_petition(deadline=TODAY + D(days=60)).deadline == TODAY + D(days=60)


def test_petition_assign_answer_and_the_rules_around_them(world, make_petition):
    from lanhdao.people import services_petitions as sp

    dung = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    petition = make_petition()
    with pytest.raises(ValidationError):
        sp.petition_assign(actor=world.alice, petition=petition, unit=world.commune_b)  # not under the receiver
    with pytest.raises(PermissionDenied):
        sp.petition_answer(actor=dung, petition=petition, answered_on=TODAY, answer="Đã trả lời")
    sp.petition_assign(actor=world.alice, petition=petition, unit=world.commune_a)
    with pytest.raises(PermissionDenied):  # the assigned unit answers, but does not edit
        sp.petition_update(actor=dung, petition=petition, data={"subject": "Khác"})
    with pytest.raises(ValidationError):
        sp.petition_answer(actor=dung, petition=petition, answered_on=petition.received_on - D(days=1), answer="x")
    with pytest.raises(ValidationError):
        sp.petition_answer(actor=dung, petition=petition, answered_on=TODAY + D(days=1), answer="x")
    with pytest.raises(ValidationError):
        sp.petition_answer(actor=dung, petition=petition, answered_on=TODAY, answer="  ")
    sp.petition_answer(actor=dung, petition=petition, answered_on=TODAY, answer="Đã trả lời bằng văn bản")
    with pytest.raises(ValidationError):  # once only, even from a window opened before the answer
        sp.petition_answer(actor=world.alice, petition=petition, answered_on=TODAY, answer="Lần hai")
    with pytest.raises(ValidationError):
        sp.petition_assign(actor=world.alice, petition=petition, unit=world.ubnd_a)
    petition.refresh_from_db()
    assert petition.answer == "Đã trả lời bằng văn bản" and petition.answered_by == dung
    with pytest.raises(PermissionDenied):
        make_petition(actor=world.bob)
    with pytest.raises(ValidationError):
        make_petition(deadline=TODAY - D(days=30))
