"""Personal commitment plans: who may write them, publishing, and the year-end self-assessment."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import AuditEntry
from lanhdao.people import services_plans as sp
from lanhdao.people.models import CommitmentPlan

from .conftest import TODAY


def results_for(plan, result="achieved"):
    return {c.pk: (result, "Đã làm") for c in plan.commitments.all()}


def test_a_leader_writes_their_own_plan_with_view_only(world, make_plan):
    plan = make_plan(actor=world.bob, leader=world.bob, leader_position="Cán bộ")
    assert plan.leader_name == "Bob" and plan.year_end == plan.year_start
    assert [c.text for c in plan.commitments.all()] == ["Đi cơ sở mỗi tháng hai lần", "Tiếp công dân định kỳ"]
    assert AuditEntry.objects.get(object_id=str(plan.pk)).after["commitments"][0] == "1. Đi cơ sở mỗi tháng hai lần"


def test_someone_elses_plan_needs_record_on_the_unit_and_a_leader_of_it(world, make_plan):
    with pytest.raises(PermissionDenied):
        make_plan(actor=world.bob, leader=world.alice)
    with pytest.raises(ValidationError) as error:
        make_plan(leader=world.charlie)  # charlie holds no role on district A
    assert "leader" in error.value.message_dict
    typed = make_plan(
        leader=None, leader_name="Nguyễn Văn Bình", leader_position="Bí thư Đảng ủy xã", unit=world.commune_a
    )
    assert typed.leader is None
    with pytest.raises(ValidationError):  # one plan per leader, unit and period
        make_plan(leader=None, leader_name="Nguyễn Văn Bình", leader_position="x", unit=world.commune_a)
    assert CommitmentPlan.objects.count() == 1


def test_period_and_commitments_are_checked(world, make_plan):
    with pytest.raises(ValidationError):
        make_plan(commitments=["  ", ""])
    with pytest.raises(ValidationError):
        make_plan(period_kind="term", year_start=2025, year_end=2025)
    term = make_plan(period_kind="term", year_start=2025, year_end=2030)
    assert term.period == "2025–2030" and "2025–2030" in term.title


def test_a_published_plan_is_frozen_but_its_internal_note_is_not(world, make_plan):
    plan = make_plan()
    sp.plan_update(actor=world.alice, plan=plan, data={"title": "Kế hoạch"}, commitments=["Một", "Hai", "Ba"])
    assert plan.commitments.count() == 3
    sp.plan_publish(actor=world.alice, plan=plan)
    with pytest.raises(ValidationError):
        sp.plan_update(actor=world.alice, plan=plan, data={"title": "Đổi"})
    with pytest.raises(ValidationError):
        sp.plan_update(actor=world.alice, plan=plan, data={}, commitments=["Khác"])
    sp.plan_update(actor=world.alice, plan=plan, data={"internal_note": "Chỉ nội bộ"})
    plan.refresh_from_db()
    assert plan.internal_note == "Chỉ nội bộ" and plan.title == "Kế hoạch"
    with pytest.raises(ValidationError):
        sp.plan_publish(actor=world.alice, plan=plan)
    with pytest.raises(PermissionDenied):
        sp.plan_unpublish(actor=world.bob, plan=plan)


def test_self_assessment_at_year_end_then_published(world, make_plan):
    plan = make_plan(year_start=TODAY.year + 1)
    with pytest.raises(ValidationError) as error:
        sp.plan_assess(actor=world.alice, plan=plan, summary="Tốt", results=results_for(plan))
    assert "01/11" in " ".join(error.value.messages)
    plan = make_plan()
    october = datetime.date(plan.year_end, 10, 31)
    with pytest.raises(ValidationError):
        sp.plan_assess(actor=world.alice, plan=plan, summary="Tốt", results=results_for(plan), today=october)
    with pytest.raises(ValidationError):  # every commitment needs a result
        sp.plan_assess(actor=world.alice, plan=plan, summary="Tốt", results={})
    with pytest.raises(ValidationError):  # the plan is not published yet
        sp.plan_publish_assessment(actor=world.alice, plan=plan)
    sp.plan_publish(actor=world.alice, plan=plan)
    with pytest.raises(ValidationError):  # nothing to publish yet
        sp.plan_publish_assessment(actor=world.alice, plan=plan)
    sp.plan_assess(actor=world.alice, plan=plan, summary="Cơ bản hoàn thành", results=results_for(plan, "partly"))
    sp.plan_publish_assessment(actor=world.alice, plan=plan)
    plan.refresh_from_db()
    assert plan.assessment_published_at and set(plan.commitments.values_list("result", flat=True)) == {"partly"}
    with pytest.raises(ValidationError):
        sp.plan_assess(actor=world.alice, plan=plan, summary="Đổi", results=results_for(plan))
    sp.plan_unpublish(actor=world.alice, plan=plan, note="Rà soát lại")
    plan.refresh_from_db()
    assert plan.published_at is None and plan.assessment_published_at is None
    with pytest.raises(ValidationError):  # assessed commitments cannot be rewritten
        sp.plan_update(actor=world.alice, plan=plan, data={}, commitments=["Khác"])
