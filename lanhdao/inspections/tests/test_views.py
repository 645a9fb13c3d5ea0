"""Pages: each works for the recorder, refuses the outsider (404) and the read-only user (403, nothing changes);
lists keep a fixed number of queries however many rows they show."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.inspections import services_disciplines, services_programmes
from lanhdao.inspections.models import Discipline, Inspection, Programme, Recommendation
from lanhdao.members.models import Member
from lanhdao.work.models import Task

from .conftest import TODAY

D = datetime.timedelta


def queries(client, url, params=None, **headers) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {}, **headers)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def programme(world, unit=None):
    return services_programmes.programme_create(
        actor=world.alice,
        unit=unit or world.district_a,
        span="year",
        title="Chương trình năm",
        starts_on=datetime.date(TODAY.year, 1, 1),
        ends_on=datetime.date(TODAY.year, 12, 31),
    )


@pytest.fixture
def many(world, make_inspection, make_concluded):
    """`many(n)`: n more concluded inspections with a task and a discipline each, and n open ones, in district A."""

    def add(n):
        plan = programme(world)
        for i in range(n):
            make_inspection(programme=plan, starts_on=max(plan.starts_on, TODAY - D(days=5)), title=f"Mở {i}")
            concluded = make_concluded(
                title=f"Xong {i}",
                subject_unit=world.cell_a if i % 2 else world.commune_a,
                recommendations=[
                    {"text": f"Kiến nghị {i}", "lead_unit": world.commune_a, "deadline": TODAY + D(days=i * 10 - 1)},
                    {"text": "Không giao"},
                ],
            )
            services_disciplines.discipline_create(
                actor=world.alice,
                unit=world.district_a,
                subject_unit=concluded.subject_unit,
                form="reprimand",
                decided_on=TODAY,
                reason="Vi phạm",
                inspection=concluded,
            )

    return add


# session, user, roles, the unit, then the page's own: a count, a page of rows with what they join (the follow-up
# also counts its cards in one query)
LISTS = [
    ("inspections:inspection_list", 7),
    ("inspections:programme_list", 7),
    ("inspections:follow_up", 8),
    ("inspections:discipline_list", 7),
]


@pytest.mark.parametrize(("name", "limit"), LISTS)
def test_list_pages_keep_a_fixed_number_of_queries(world, many, client_for, name, limit):
    client = client_for(world.alice)
    params = {"unit": world.district_a.pk}
    many(2)
    few = queries(client, reverse(name), params)
    many(12)
    more = queries(client, reverse(name), params)
    assert few == more <= limit, (few, more)
    partial = client.get(reverse(name), params, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and partial.status_code == 200


def test_list_filters(world, many, client_for):
    many(3)
    client = client_for(world.alice)
    url = reverse("inspections:inspection_list")

    def count(**params):
        return client.get(url, {"unit": world.district_a.pk} | params).context["page"].paginator.count

    assert count() == 6 and count(state="open") == 3 and count(state="concluded") == 3
    assert count(q="mo") == 3 and count(q="Xong 1") == 1 and count(q="XONG") == 3  # with or without diacritics
    assert count(kind="supervision") == 0 and count(kind="inspection") == 6 and count(violations="on") == 0
    assert count(start=(TODAY + D(days=1)).isoformat()) == 0
    assert client.get(url, {"unit": world.cell_a.pk}).context["page"].paginator.count == 1  # about the cell
    follow = reverse("inspections:follow_up")
    states = {
        s: client.get(follow, {"unit": world.district_a.pk, "state": s}).context["page"].paginator.count
        for s in ("", "open", "overdue", "done", "no_task")
    }
    assert states == {"": 6, "open": 2, "overdue": 1, "done": 0, "no_task": 3}


def test_every_page_opens_for_the_recorder(world, make_inspection, make_concluded, client_for):
    open_one = make_inspection()
    concluded = make_concluded(recommendations=[{"text": "Chưa giao"}])
    plan = programme(world)
    discipline = services_disciplines.discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_unit=world.commune_a,
        form="warning",
        decided_on=TODAY,
        reason="Vi phạm",
        inspection=concluded,
    )
    client = client_for(world.alice)
    pages = [
        ("inspection_create", []),
        ("inspection_detail", [open_one.pk]),
        ("inspection_detail", [concluded.pk]),
        ("inspection_edit", [open_one.pk]),
        ("inspection_findings", [open_one.pk]),
        ("inspection_conclude", [open_one.pk]),
        ("inspection_archive", [open_one.pk]),
        ("recommendation_task", [concluded.recommendations.get().pk]),
        ("programme_create", []),
        ("programme_detail", [plan.pk]),
        ("programme_edit", [plan.pk]),
        ("programme_archive", [plan.pk]),
        ("discipline_create", []),
        ("discipline_detail", [discipline.pk]),
        ("discipline_archive", [discipline.pk]),
    ]
    for name, args in pages:
        assert client.get(reverse(f"inspections:{name}", args=args)).status_code == 200, name
    prefilled = client.get(reverse("inspections:discipline_create"), {"inspection": concluded.pk})
    assert prefilled.context["form"].initial["subject_unit"] == "XA1"
    assert client.get(reverse("inspections:inspection_create"), {"programme": plan.pk}).status_code == 200


def conclude_data(**extra):
    return {
        "concluded_on": TODAY.isoformat(),
        "conclusion": "Thực hiện nghiêm túc",
        "violation_found": "on",
        "recommendations-TOTAL_FORMS": "3",
        "recommendations-INITIAL_FORMS": "0",
        "recommendations-0-text": "Bổ sung quy chế",
        "recommendations-0-lead_unit": "XA1",
        "recommendations-0-deadline": (TODAY + D(days=30)).isoformat(),
        "recommendations-1-text": "Rút kinh nghiệm",
    } | extra


def test_record_find_and_conclude_from_the_pages(world, client_for):
    client = client_for(world.alice)
    data = {
        "unit": "HA",
        "kind": "inspection",
        "subject_unit": "XA1",
        "title": "Kiểm tra quy chế làm việc",
        "starts_on": (TODAY - D(days=3)).isoformat(),
        "team": "Đ/c A",
        "confidentiality": "0",
    }
    response = client.post(reverse("inspections:inspection_create"), data)
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("inspections:inspection_detail", args=[inspection.pk])
    client.post(reverse("inspections:inspection_findings", args=[inspection.pk]), {"findings": "Thiếu biên bản"})
    response = client.post(reverse("inspections:inspection_conclude", args=[inspection.pk]), conclude_data())
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.findings == "Thiếu biên bản" and inspection.violation_found and inspection.concluded_on
    assert [r.task.lead_unit.code if r.task else None for r in inspection.recommendations.all()] == ["XA1", None]
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "Bổ sung quy chế" in page and "Thiếu biên bản" in page


def test_a_recommendation_that_cannot_become_a_task_saves_nothing_from_the_page(world, make_inspection, client_for):
    inspection = make_inspection()
    before = AuditEntry.objects.count()
    client = client_for(world.alice)
    url = reverse("inspections:inspection_conclude", args=[inspection.pk])
    late = (TODAY - D(days=30)).isoformat()  # before the conclusion
    response = client.post(
        url, conclude_data(**{"recommendations-1-lead_unit": "HA-UB-NV", "recommendations-1-deadline": late})
    )
    second = gettext("Recommendation %(n)d: %(error)s").split(":")[0] % {"n": 2}
    assert response.status_code == 200 and second in response.content.decode()
    response = client.post(url, conclude_data(**{"recommendations-1-lead_unit": "HB"}))  # out of scope: the form
    assert response.status_code == 200 and response.context["formset"].errors[1]
    assert Inspection.objects.get().concluded_on is None and not Recommendation.objects.exists()
    assert not Task.objects.exists() and AuditEntry.objects.count() == before


def test_outsider_gets_404_and_sees_nothing_in_lists(world, make_concluded, client_for):
    concluded = make_concluded(recommendations=[{"text": "Chưa giao"}])
    plan = programme(world)
    discipline = services_disciplines.discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_unit=world.commune_a,
        form="warning",
        decided_on=TODAY,
        reason="Vi phạm",
    )
    before = AuditEntry.objects.count()
    charlie = client_for(world.charlie)
    for name, pk in [
        ("inspection_detail", concluded.pk),
        ("inspection_edit", concluded.pk),
        ("inspection_findings", concluded.pk),
        ("inspection_conclude", concluded.pk),
        ("inspection_archive", concluded.pk),
        ("recommendation_task", concluded.recommendations.get().pk),
        ("programme_detail", plan.pk),
        ("programme_edit", plan.pk),
        ("programme_archive", plan.pk),
        ("discipline_detail", discipline.pk),
        ("discipline_archive", discipline.pk),
    ]:
        assert charlie.get(reverse(f"inspections:{name}", args=[pk])).status_code == 404, name
        if not name.endswith("_detail"):
            assert charlie.post(reverse(f"inspections:{name}", args=[pk]), {"note": "x"}).status_code == 404, name
    assert charlie.post(reverse("inspections:inspection_recommendations", args=[concluded.pk])).status_code == 404
    for name in ("inspection_list", "programme_list", "follow_up", "discipline_list"):
        assert charlie.get(reverse(f"inspections:{name}"), {"unit": world.district_a.pk}).status_code == 404
        assert charlie.get(reverse(f"inspections:{name}")).context["page"].paginator.count == 0, name
    assert charlie.get(reverse("inspections:inspection_create"), {"programme": plan.pk}).status_code == 404
    assert charlie.get(reverse("inspections:discipline_create"), {"inspection": concluded.pk}).status_code == 404
    assert AuditEntry.objects.count() == before and Inspection.objects.get().archived_at is None


def test_viewer_gets_403_on_every_write_and_nothing_changes(world, make_inspection, make_concluded, client_for):
    open_one = make_inspection()
    concluded = make_concluded(recommendations=[{"text": "Chưa giao"}])
    plan = programme(world)
    discipline = services_disciplines.discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_unit=world.commune_a,
        form="warning",
        decided_on=TODAY,
        reason="Vi phạm",
    )
    before = AuditEntry.objects.count()
    bob = client_for(world.bob)
    for name, pk, data in [
        ("inspection_edit", open_one.pk, {"title": "Sửa"}),
        ("inspection_findings", open_one.pk, {"findings": "X"}),
        ("inspection_conclude", open_one.pk, conclude_data()),
        ("inspection_archive", open_one.pk, {}),
        ("inspection_recommendations", concluded.pk, {}),
        ("recommendation_task", concluded.recommendations.get().pk, {"lead_unit": "XA1", "deadline": "2030-01-01"}),
        ("programme_edit", plan.pk, {"title": "Sửa"}),
        ("programme_archive", plan.pk, {}),
        ("discipline_archive", discipline.pk, {}),
    ]:
        assert bob.post(reverse(f"inspections:{name}", args=[pk]), data).status_code == 403, name
    for name in ("inspection_create", "programme_create", "discipline_create"):  # the forms refuse the unit
        response = bob.post(reverse(f"inspections:{name}"), {"unit": "HA"})
        assert response.status_code == 200 and response.context["form"].errors["unit"], name
    assert bob.get(reverse("inspections:inspection_detail", args=[concluded.pk])).status_code == 200
    assert AuditEntry.objects.count() == before and not Task.objects.exists()
    assert Inspection.objects.filter(concluded_on__isnull=True).count() == 1
    assert Programme.objects.get().archived_at is None and Discipline.objects.get().archived_at is None


def test_the_subject_sees_the_conclusion_page_once_concluded(world, make_inspection, make_concluded, client_for):
    cora = client_for(make_user("cora", role=Role.VIEWER, unit=world.commune_a))
    open_one = make_inspection()
    concluded = make_concluded()
    assert cora.get(reverse("inspections:inspection_detail", args=[open_one.pk])).status_code == 404
    page = cora.get(reverse("inspections:inspection_detail", args=[concluded.pk]))
    assert page.status_code == 200 and "Thực hiện cơ bản nghiêm túc" in page.content.decode()
    listed = cora.get(reverse("inspections:inspection_list"))
    assert list(listed.context["page"].object_list) == [concluded]


def test_expel_a_member_from_the_page(members_world, client_for):
    world = members_world
    client = client_for(world.alice)
    data = {
        "unit": "HA",
        "subject_member": world.member_a.pk,
        "form": "expulsion",
        "decided_on": TODAY.isoformat(),
        "decision": "01-QĐ/HU",
        "reason": "Vi phạm nghiêm trọng",
    }
    response = client.post(reverse("inspections:discipline_create"), data | {"subject_member": world.member_b.pk})
    assert response.status_code == 200 and response.context["form"].errors["subject_member"]
    response = client.post(reverse("inspections:discipline_create"), data)
    discipline = Discipline.objects.get()
    assert response["Location"] == reverse("inspections:discipline_detail", args=[discipline.pk])
    assert Member.objects.get(pk=world.member_a.pk).end_reason == "expelled"
    page = client.get(reverse("inspections:discipline_detail", args=[discipline.pk])).content.decode()
    assert "Trần Thị An" in page


def test_member_panel_lists_the_member_inspections_and_refuses_outsiders(members_world, client_for):
    w = members_world
    Discipline.objects.create(
        unit=w.district_a,
        unit_path=w.district_a.path,
        subject_kind="member",
        subject_unit=w.cell_a,
        subject_path=w.cell_a.path,
        subject_member=w.member_a,
        form="reprimand",
        decided_on=datetime.date(2025, 3, 1),
        reason="Vi phạm quy chế",
    )
    url = reverse("inspections:member_panel", args=[members_world.member_a.pk])
    page = client_for(members_world.alice).get(url)
    assert page.status_code == 200 and "member-disciplines" in page.content.decode()
    assert client_for(members_world.charlie).get(url).status_code == 404
    detail = client_for(members_world.alice).get(reverse("members:member_detail", args=[members_world.member_a.pk]))
    assert url in detail.content.decode()
