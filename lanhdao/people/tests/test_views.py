"""Pages: each works for the recorder, refuses the outsider (404) and the read-only user (nothing changes), lists
keep a fixed number of queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from lanhdao.audit.models import AuditEntry
from lanhdao.people import services, services_plans
from lanhdao.people.models import CommitmentPlan, FieldVisit, Finding, Petition
from lanhdao.work.models import Task

from .conftest import TODAY

D = datetime.timedelta


def queries(client, url, params=None, **headers) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def many(world, make_visit, make_dialogue, make_petition, make_plan):
    """`many(n)`: n more of everything on district A's subtree."""

    made = []

    def add(n):
        for i in range(len(made), len(made) + n):
            made.append(i)
            make_visit(findings=[{"text": f"Phát hiện {i}", "lead_unit": world.commune_a, "deadline": TODAY}])
            make_dialogue(findings=[{"text": f"Kiến nghị {i}"}])
            make_petition(received_on=TODAY - D(days=40 + i), assigned_unit=world.commune_a)
            services.reception_day_create(
                actor=world.alice,
                unit=world.commune_a,
                held_on=TODAY - D(days=i),
                received_by_name="Cán bộ",
                cases=i,
            )
            make_plan(leader=None, leader_name=f"Bí thư {i}", leader_position="Bí thư", unit=world.commune_a)

    return add


# session, user and roles, then the page's own: the board has one query per figure (figures.summary), the lists a
# count, a page and what they join or prefetch
LISTS = [
    ("people:home", 19),
    ("people:visit_list", 7),
    ("people:dialogue_list", 7),
    ("people:reception", 8),
    ("people:petition_list", 7),
    ("people:plan_list", 8),
    ("people:public_plans", 6),
]


@pytest.mark.parametrize(("name", "limit"), LISTS)
def test_list_pages_keep_a_fixed_number_of_queries(world, many, client_for, name, limit):
    client = client_for(world.alice)
    params = {"unit": world.district_a.pk}

    def add(n):
        many(n)
        for plan in CommitmentPlan.objects.filter(published_at__isnull=True):
            services_plans.plan_publish(actor=world.alice, plan=plan)

    add(2)
    few = queries(client, reverse(name), params)
    add(12)
    more = queries(client, reverse(name), params)
    assert few == more <= limit, (few, more)
    partial = client.get(reverse(name), params, HTTP_HX_REQUEST="true").content.decode()
    if name not in {"people:home"}:
        assert "<html" not in partial


def test_every_page_opens_for_the_recorder(world, make_visit, make_dialogue, make_petition, make_plan, client_for):
    visit = make_visit(findings=[{"text": "Chưa giao"}])
    dialogue = make_dialogue()
    petition = make_petition()
    plan = make_plan()
    schedule = services.schedule_create(
        actor=world.alice, unit=world.district_a, frequency="monthly", day_of_month=15, starts_on=TODAY - D(days=100)
    )
    day = services.reception_day_create(actor=world.alice, unit=world.district_a, held_on=TODAY, received_by_name="A")
    client = client_for(world.alice)
    pages = [
        ("visit_create", []),
        ("visit_detail", [visit.pk]),
        ("visit_edit", [visit.pk]),
        ("visit_archive", [visit.pk]),
        ("dialogue_create", []),
        ("dialogue_detail", [dialogue.pk]),
        ("dialogue_edit", [dialogue.pk]),
        ("finding_task", [visit.findings.get().pk]),
        ("schedule_create", []),
        ("schedule_detail", [schedule.pk]),
        ("schedule_edit", [schedule.pk]),
        ("schedule_end", [schedule.pk]),
        ("day_create", []),
        ("day_detail", [day.pk]),
        ("day_edit", [day.pk]),
        ("day_archive", [day.pk]),
        ("petition_create", []),
        ("petition_detail", [petition.pk]),
        ("petition_edit", [petition.pk]),
        ("petition_archive", [petition.pk]),
        ("plan_create", []),
        ("plan_detail", [plan.pk]),
        ("plan_edit", [plan.pk]),
        ("plan_publish", [plan.pk]),
        ("plan_assess", [plan.pk]),
    ]
    for name, args in pages:
        assert client.get(reverse(f"people:{name}", args=args)).status_code == 200, name
    days = client.get(
        reverse("people:schedule_detail", args=[schedule.pk]), {"year": TODAY.year}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in days.content.decode() and days.context["comparison"].held == 1


def test_record_a_visit_with_findings_as_tasks_from_the_page(world, client_for):
    data = {
        "unit": "HA",
        "visited_on": TODAY.isoformat(),
        "visitor": "alice",
        "visitor_name": "",
        "place_unit": "XA1",
        "place": "",
        "purpose": "Nắm tình hình",
        "summary": "",
        "findings-TOTAL_FORMS": "4",
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "30",
        "findings-0-text": "Đường hỏng",
        "findings-0-lead_unit": "XA1",
        "findings-0-deadline": (TODAY + D(days=20)).isoformat(),
        "findings-1-text": "Ghi nhận thêm",
    }
    response = client_for(world.alice).post(reverse("people:visit_create"), data)
    visit = FieldVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:visit_detail", args=[visit.pk])
    assert [f.task.lead_unit.code if f.task else None for f in visit.findings.all()] == ["XA1", None]


def test_a_finding_that_cannot_become_a_task_saves_nothing_from_the_page(world, client_for):
    data = {
        "unit": "XA1",
        "visited_on": TODAY.isoformat(),
        "visitor_name": "Đ/c Bí thư",
        "place": "Thôn Một",
        "purpose": "Nắm tình hình",
        "findings-TOTAL_FORMS": "2",
        "findings-INITIAL_FORMS": "0",
        "findings-0-text": "Một",
        "findings-0-lead_unit": "CA1",
        "findings-0-deadline": TODAY.isoformat(),
        "findings-1-text": "Hai",
        "findings-1-lead_unit": "HA-UB",
        "findings-1-deadline": TODAY.isoformat(),
    }
    client = client_for(world.alice)
    response = client.post(reverse("people:visit_create"), data)
    second_finding = gettext("Finding %(n)d: %(error)s").split(":")[0] % {"n": 2}  # "Finding 2" in any language
    assert response.status_code == 200
    assert second_finding in str(response.context["form"].non_field_errors())
    # a unit outside one's scope is refused by the form itself
    response = client.post(reverse("people:visit_create"), data | {"findings-1-lead_unit": "HB"})
    assert response.status_code == 200 and response.context["findings"].errors[1]
    assert not FieldVisit.objects.exists() and not Task.objects.exists() and not AuditEntry.objects.exists()


def test_outsider_gets_404_and_viewer_changes_nothing(world, make_visit, make_petition, make_plan, client_for):
    visit = make_visit(findings=[{"text": "Chưa giao"}])
    petition = make_petition()
    plan = make_plan()
    finding = visit.findings.get()
    before = AuditEntry.objects.count()
    charlie = client_for(world.charlie)
    for name, pk in [
        ("visit_detail", visit.pk),
        ("visit_edit", visit.pk),
        ("visit_archive", visit.pk),
        ("petition_detail", petition.pk),
        ("petition_answer", petition.pk),
        ("plan_detail", plan.pk),
        ("plan_publish", plan.pk),
        ("finding_task", finding.pk),
    ]:
        assert charlie.get(reverse(f"people:{name}", args=[pk])).status_code in {404, 405}, name
        posted = charlie.post(reverse(f"people:{name}", args=[pk]), {"answer": "x", "note": "x"})
        assert posted.status_code == (405 if name.endswith("_detail") else 404), name
    assert charlie.get(reverse("people:home"), {"unit": world.district_a.pk}).status_code == 404
    bob = client_for(world.bob)
    assert bob.get(reverse("people:visit_detail", args=[visit.pk])).context["can_record"] is False
    detail = bob.get(reverse("people:petition_detail", args=[petition.pk])).context
    assert detail["answer_form"] is None and detail["assign_form"] is None
    assert bob.get(reverse("people:visit_edit", args=[visit.pk])).status_code == 403
    assert bob.post(reverse("people:visit_archive", args=[visit.pk])).status_code == 403
    assert bob.post(reverse("people:finding_task", args=[finding.pk]), {"lead_unit": "XA1"}).status_code == 403
    answer = {"answered_on": TODAY.isoformat(), "answer": "x"}
    assert bob.post(reverse("people:petition_answer", args=[petition.pk]), answer).status_code == 403
    assert bob.post(reverse("people:plan_publish", args=[plan.pk])).status_code == 403
    assert bob.post(reverse("people:visit_create"), {"unit": "HA", "purpose": "x"}).status_code == 200
    assert AuditEntry.objects.count() == before and FieldVisit.objects.count() == 1
    assert Petition.objects.get().answered_on is None and CommitmentPlan.objects.get().published_at is None
    assert Finding.objects.get().task is None


def test_confirmation_pages_change_nothing_until_confirmed(world, make_visit, make_plan, client_for):
    visit = make_visit()
    plan = make_plan()
    client = client_for(world.alice)
    page = client.get(reverse("people:visit_archive", args=[visit.pk]))
    assert b"<form" in page.content and FieldVisit.objects.get().archived_at is None
    client.get(reverse("people:plan_publish", args=[plan.pk]))
    assert CommitmentPlan.objects.get().published_at is None
    client.post(reverse("people:visit_archive", args=[visit.pk]), {"note": "Trùng"})
    client.post(reverse("people:plan_publish", args=[plan.pk]))
    assert FieldVisit.objects.get().archived_at and CommitmentPlan.objects.get().published_at
    assert client.get(reverse("people:visit_list"), {"unit": world.district_a.pk}).context["page"].paginator.count == 0


def test_petition_flow_and_overdue_list(world, make_petition, client_for):
    overdue = make_petition(received_on=TODAY - D(days=40), deadline=TODAY - D(days=1))
    make_petition(received_on=TODAY - D(days=2))
    client = client_for(world.alice)
    listing = client.get(reverse("people:petition_list"), {"unit": world.district_a.pk, "status": "overdue"})
    assert [p.pk for p in listing.context["page"]] == [overdue.pk] and listing.context["page"][0].status == "overdue"
    client.post(reverse("people:petition_assign", args=[overdue.pk]), {"unit": "XA1"})
    client.post(
        reverse("people:petition_answer", args=[overdue.pk]), {"answered_on": TODAY.isoformat(), "answer": "Đã trả lời"}
    )
    overdue.refresh_from_db()
    assert overdue.assigned_unit == world.commune_a and overdue.answered_on == TODAY
    home = client.get(reverse("people:home"), {"unit": world.district_a.pk}).context
    assert {s: n for s, _label, n in home["cards"]}["answered_late"] == 1
    assert home["figures"]["petitions_received"] == 2


def test_plan_pages_write_publish_and_assess(world, client_for):
    client = client_for(world.alice)
    data = {
        "unit": "HA",
        "leader": "alice",
        "leader_name": "Alice",
        "leader_position": "Bí thư",
        "period_kind": "year",
        "year_start": TODAY.year - 1,
        "commitments": "- Đi cơ sở\n- Tiếp dân\n\n",
        "internal_note": "Nội bộ",
    }
    response = client.post(reverse("people:plan_create"), data)
    plan = CommitmentPlan.objects.get()
    assert response.status_code == 302 and [c.text for c in plan.commitments.all()] == ["Đi cơ sở", "Tiếp dân"]
    client.post(reverse("people:plan_publish", args=[plan.pk]))
    form = {"summary": "Hoàn thành"} | {f"result_{c.pk}": "achieved" for c in plan.commitments.all()}
    assert client.post(reverse("people:plan_assess", args=[plan.pk]), form).status_code == 302
    client.post(reverse("people:plan_publish_assessment", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.assessment_published_at is not None
