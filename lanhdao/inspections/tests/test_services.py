"""Writes: inspection → recommendation → task all or nothing, the rules of a conclusion, programmes, audit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from conftest import make_member
from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.inspections import services, services_programmes
from lanhdao.inspections.models import Inspection, InspectionKind, Programme, ProgrammeSpan, Recommendation
from lanhdao.work.models import Task
from lanhdao.work.status import Status, derive

from .conftest import TODAY

D = datetime.timedelta


def test_conclusion_turns_recommendations_into_tasks_of_the_conducting_unit_in_one_step(world, make_concluded):
    inspection = make_concluded(
        recommendations=[
            {
                "text": "Bổ sung quy chế làm việc\nTheo Quy định mới",
                "lead_unit": world.commune_a,
                "deadline": TODAY + D(days=30),
            },
            {"text": "Rút kinh nghiệm trong sinh hoạt chi bộ"},
        ],
        violation_found=True,
    )
    inspection.refresh_from_db()
    assert inspection.concluded_on == TODAY - D(days=1) and inspection.violation_found
    first, second = inspection.recommendations.all()
    task = first.task
    assert task.assigning_unit == world.district_a and task.lead_unit == world.commune_a
    assert task.title == "Bổ sung quy chế làm việc" and "Theo Quy định mới" in task.description
    assert task.start_date == inspection.concluded_on and task.deadline == TODAY + D(days=30)
    assert derive(task, TODAY) == Status.IN_PROGRESS
    assert second.task is None and (first.position, second.position) == (1, 2)
    assert AuditEntry.objects.filter(object_id=str(inspection.pk), note=gettext("Concluded")).exists()
    assert AuditEntry.objects.filter(object_id=str(task.pk), action=Action.CREATE).exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"text": "Sai đơn vị", "lead_unit": "district_b", "deadline": 30},  # not under the conducting unit
        {"text": "Hạn trước kết luận", "lead_unit": "commune_a", "deadline": -30},  # before the conclusion
        {"text": "Thiếu hạn", "lead_unit": "commune_a", "deadline": None},
        {"text": "", "lead_unit": None, "deadline": None},
    ],
)
def test_one_bad_recommendation_saves_nothing_not_even_the_conclusion(world, make_inspection, bad):
    inspection = make_inspection()
    entries = AuditEntry.objects.count()
    recommendations = [
        {"text": "Việc tốt", "lead_unit": world.commune_a, "deadline": TODAY + D(days=30)},
        {
            "text": bad["text"],
            "lead_unit": getattr(world, bad["lead_unit"]) if bad["lead_unit"] else None,
            "deadline": TODAY + D(days=bad["deadline"]) if bad["deadline"] is not None else None,
        },
    ]
    with pytest.raises(ValidationError) as error:
        services.inspection_conclude(
            actor=world.alice,
            inspection=inspection,
            conclusion="Kết luận",
            concluded_on=TODAY,
            recommendations=recommendations,
        )
    assert "2" in " ".join(error.value.messages)  # the message names the recommendation
    stored = Inspection.objects.get(pk=inspection.pk)
    assert stored.concluded_on is None and stored.conclusion == ""
    assert not Recommendation.objects.exists() and not Task.objects.exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("concluded_on", "field"),
    [(TODAY + D(days=1), "concluded_on"), (TODAY - D(days=11), "concluded_on")],
    ids=["in the future", "before the start"],
)
def test_a_conclusion_is_dated_between_the_start_and_today(world, make_inspection, concluded_on, field):
    inspection = make_inspection()
    with pytest.raises(ValidationError) as error:
        services.inspection_conclude(
            actor=world.alice, inspection=inspection, conclusion="Kết luận", concluded_on=concluded_on
        )
    assert field in error.value.message_dict
    assert Inspection.objects.get(pk=inspection.pk).concluded_on is None


def test_a_conclusion_needs_its_text_and_happens_once(world, make_inspection, make_concluded):
    with pytest.raises(ValidationError) as error:
        services.inspection_conclude(
            actor=world.alice, inspection=make_inspection(), conclusion=" ", concluded_on=TODAY
        )
    assert "conclusion" in error.value.message_dict
    concluded = make_concluded()
    with pytest.raises(ValidationError, match=gettext("This inspection is already concluded.")):
        services.inspection_conclude(actor=world.alice, inspection=concluded, conclusion="Lại", concluded_on=TODAY)


def test_an_inspection_starting_later_can_be_planned_but_not_concluded_or_given_findings(world, make_inspection):
    planned = make_inspection(starts_on=TODAY + D(days=5))
    with pytest.raises(ValidationError):
        services.inspection_conclude(actor=world.alice, inspection=planned, conclusion="Sớm", concluded_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.findings_record(actor=world.alice, inspection=planned, findings="Chưa bắt đầu")
    assert "findings" in error.value.message_dict


def test_findings_are_recorded_until_the_conclusion(world, make_inspection):
    inspection = make_inspection()
    services.findings_record(actor=world.alice, inspection=inspection, findings="Thiếu biên bản", violation_found=True)
    inspection.refresh_from_db()
    assert inspection.findings == "Thiếu biên bản" and inspection.violation_found
    services.inspection_conclude(actor=world.alice, inspection=inspection, conclusion="Kết luận", concluded_on=TODAY)
    with pytest.raises(ValidationError):
        services.findings_record(actor=world.alice, inspection=inspection, findings="Sau kết luận")


def test_recommendations_can_be_added_to_a_concluded_inspection_only_all_or_none(world, make_inspection):
    inspection = make_inspection()
    spec = [{"text": "Khắc phục", "lead_unit": world.commune_a, "deadline": TODAY + D(days=9)}]
    with pytest.raises(ValidationError):
        services.recommendations_add(actor=world.alice, inspection=inspection, recommendations=spec)
    services.inspection_conclude(actor=world.alice, inspection=inspection, conclusion="Kết luận", concluded_on=TODAY)
    with pytest.raises(ValidationError):
        services.recommendations_add(
            actor=world.alice,
            inspection=inspection,
            recommendations=[*spec, {"text": "Sai", "lead_unit": world.commune_b, "deadline": TODAY + D(days=9)}],
        )
    assert not Recommendation.objects.exists() and not Task.objects.exists()
    added = services.recommendations_add(actor=world.alice, inspection=inspection, recommendations=spec)
    assert added[0].task.start_date == TODAY and added[0].position == 1


def test_a_recommendation_without_a_task_becomes_one_later(world, make_concluded):
    recommendation = make_concluded(recommendations=[{"text": "Chấn chỉnh"}]).recommendations.get()
    services.recommendation_to_task(
        actor=world.alice, recommendation=recommendation, lead_unit=world.cell_a, deadline=TODAY + D(days=3)
    )
    recommendation.refresh_from_db()
    assert recommendation.task.lead_unit == world.cell_a and recommendation.task.assigning_unit == world.district_a
    with pytest.raises(ValidationError):
        services.recommendation_to_task(
            actor=world.alice, recommendation=recommendation, lead_unit=world.cell_a, deadline=TODAY + D(days=3)
        )


def test_subject_must_be_a_party_organisation_under_the_conducting_unit(world, make_inspection):
    for subject in (world.commune_b, world.ubnd_a, None):
        with pytest.raises(ValidationError) as error:
            make_inspection(subject_unit=subject)
        assert "subject_unit" in error.value.message_dict
    assert not Inspection.objects.exists()


def test_a_member_subject_must_be_one_the_actor_may_see(members_world, make_inspection):
    inspection = make_inspection(subject_unit=None, subject_member=members_world.member_a)
    assert inspection.subject_kind == "member" and inspection.subject_unit == members_world.cell_a
    assert inspection.subject_path == members_world.cell_a.path
    with pytest.raises(ValidationError) as error:  # a member of district B: alice may not see them
        make_inspection(subject_unit=None, subject_member=members_world.member_b)
    assert "subject_member" in error.value.message_dict
    candidate = make_member(
        members_world.cell_a, "Ứng Viên", admitted_on=None, full_on=None, introduced_on=TODAY - D(days=30)
    )
    with pytest.raises(ValidationError):
        make_inspection(subject_unit=None, subject_member=candidate)


def test_nobody_records_above_their_clearance_nor_without_record_right(world, make_inspection):
    with pytest.raises(ValidationError) as error:
        make_inspection(confidentiality=Clearance.TOP_SECRET)
    assert "confidentiality" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        make_inspection(actor=world.bob)
    with pytest.raises(PermissionDenied):
        make_inspection(actor=world.charlie)
    inspection = make_inspection()
    for actor in (world.bob, world.charlie):
        with pytest.raises(PermissionDenied):
            services.inspection_conclude(actor=actor, inspection=inspection, conclusion="X", concluded_on=TODAY)
    assert not Inspection.objects.exclude(pk=inspection.pk).exists()
    assert Inspection.objects.get().concluded_on is None


def test_update_keeps_the_rules_and_audits_the_change(world, make_inspection):
    inspection = make_inspection()
    services.inspection_update(actor=world.alice, inspection=inspection, data={"title": "Nội dung mới"})
    assert Inspection.objects.get().search_text == "noi dung moi"
    entry = AuditEntry.objects.filter(object_id=str(inspection.pk), action=Action.UPDATE).get()
    assert entry.before["title"] != entry.after["title"]
    with pytest.raises(ValidationError):
        services.inspection_update(actor=world.alice, inspection=inspection, data={"ends_on": TODAY - D(days=20)})
    with pytest.raises(ValidationError):
        services.inspection_update(actor=world.alice, inspection=inspection, data={"subject_unit": world.cell_a})


def test_programmes_per_term_and_per_year(world, make_inspection):
    year = services_programmes.programme_create(
        actor=world.alice,
        unit=world.district_a,
        span=ProgrammeSpan.YEAR,
        title="Chương trình năm",
        starts_on=datetime.date(TODAY.year, 1, 1),
        ends_on=datetime.date(TODAY.year, 12, 31),
    )
    with pytest.raises(ValidationError):  # a year's programme in two years
        services_programmes.programme_create(
            actor=world.alice,
            unit=world.district_a,
            span=ProgrammeSpan.YEAR,
            title="Sai",
            starts_on=datetime.date(2025, 6, 1),
            ends_on=datetime.date(2026, 5, 31),
        )
    services_programmes.programme_create(
        actor=world.alice,
        unit=world.district_a,
        span=ProgrammeSpan.TERM,
        title="Toàn khóa",
        starts_on=datetime.date(2020, 10, 1),
        ends_on=datetime.date(2025, 9, 30),
    )
    with pytest.raises(PermissionDenied):
        services_programmes.programme_create(
            actor=world.bob,
            unit=world.district_a,
            span=ProgrammeSpan.YEAR,
            title="Không được",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        )
    assert Programme.objects.count() == 2
    first = make_inspection(programme=year, starts_on=max(TODAY - D(days=10), year.starts_on))
    with pytest.raises(ValidationError):  # outside the programme's period
        make_inspection(programme=year, starts_on=year.starts_on - D(days=1))
    other = services_programmes.programme_create(
        actor=world.alice,
        unit=world.commune_a,
        span=ProgrammeSpan.YEAR,
        title="Của xã",
        starts_on=year.starts_on,
        ends_on=year.ends_on,
    )
    with pytest.raises(ValidationError):  # another unit's programme
        make_inspection(programme=other, starts_on=year.starts_on)
    with pytest.raises(ValidationError):  # its inspection would fall outside
        services_programmes.programme_update(
            actor=world.alice, programme=year, data={"starts_on": first.starts_on + D(days=1)}
        )
    services_programmes.programme_archive(actor=world.alice, programme=year, note="Thay bằng chương trình khác")
    year.refresh_from_db()
    assert year.archived_at is not None and year.inspections.count() == 1
    with pytest.raises(ValidationError):  # an archived programme takes no more inspections
        make_inspection(programme=year, starts_on=year.starts_on)


def test_archive_leaves_the_tasks(world, make_concluded):
    inspection = make_concluded(
        recommendations=[{"text": "Việc", "lead_unit": world.commune_a, "deadline": TODAY + D(days=5)}]
    )
    with pytest.raises(PermissionDenied):
        services.archive(actor=world.bob, obj=inspection)
    services.archive(actor=world.alice, obj=inspection, note="Nhập nhầm")
    assert Inspection.objects.get().archived_at is not None and Task.objects.get().cancelled_at is None
    with pytest.raises(ValidationError):
        services.archive(actor=world.alice, obj=inspection)


def test_every_kind_is_accepted_and_unknown_fields_are_refused(world, make_inspection):
    for kind in InspectionKind.values:
        make_inspection(kind=kind)
    with pytest.raises(ValidationError):
        make_inspection(kind="audit")
    with pytest.raises(ValidationError):
        services.inspection_update(actor=world.alice, inspection=Inspection.objects.first(), data={"findings": "x"})


def test_an_inspection_of_an_archived_programme_can_still_be_edited(world, make_inspection):
    year = services_programmes.programme_create(
        actor=world.alice,
        unit=world.district_a,
        span=ProgrammeSpan.YEAR,
        title="Chương trình năm",
        starts_on=datetime.date(TODAY.year, 1, 1),
        ends_on=datetime.date(TODAY.year, 12, 31),
    )
    inspection = make_inspection(programme=year, starts_on=year.starts_on)
    services_programmes.programme_archive(actor=world.alice, programme=year)
    inspection.programme.refresh_from_db()
    services.inspection_update(actor=world.alice, inspection=inspection, data={"scope": "Phạm vi mới"})
    assert Inspection.objects.get().programme == year
