import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_user, shown
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.documents.tests.conftest import make_document
from lanhdao.work import services
from lanhdao.work.models import Task
from lanhdao.work.status import Status

D = datetime.timedelta
TODAY = timezone.localdate()


def test_board_counts_and_lists_with_bounded_queries(world, make_task, client_for, django_assert_max_num_queries):
    for i in range(15):
        make_task(title=f"Nhiệm vụ {i}", deadline=TODAY + D(days=i - 5), start_date=TODAY - D(days=20))
    client = client_for(world.alice)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("work:board"), {"unit": world.district_a.pk})
    cards = {status: n for status, _label, n in page.context["cards"]}
    assert cards["overdue"] == 5 and sum(cards.values()) == 15
    assert page.context["by_lead"][0]["overdue"] == 5
    listing = client.get(reverse("work:task_list"), {"unit": world.district_a.pk, "status": "overdue"})
    assert listing.context["page"].paginator.count == 5
    search = client.get(
        reverse("work:task_list"), {"unit": world.district_a.pk, "q": "nhiem vu 1"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in search.content.decode()
    assert search.context["page"].paginator.count == 6  # 1, 10–14
    assert client.get(reverse("work:calendar"), {"unit": world.district_a.pk}).status_code == 200


def test_outsider_and_viewer(world, make_task, client_for):
    task = make_task()
    charlie = client_for(world.charlie)
    assert charlie.get(reverse("work:task_detail", args=[task.pk])).status_code == 404
    assert charlie.get(reverse("work:board"), {"unit": world.district_a.pk}).status_code == 404
    assert charlie.post(reverse("work:task_accept", args=[task.pk])).status_code == 404
    bob = client_for(world.bob)
    page = bob.get(reverse("work:task_detail", args=[task.pk]))
    assert page.status_code == 200 and page.context["report_form"] is None and not page.context["can_assign"]
    assert bob.get(reverse("work:task_edit", args=[task.pk])).status_code == 404
    bob.post(reverse("work:task_cancel", args=[task.pk]), {"reason": "x", "version": task.version})
    assert Task.objects.get(pk=task.pk).cancelled_at is None


def test_assign_from_a_document_and_see_it_on_the_document_page(world, client_for):
    document = make_document(world.province, symbol="05-NQ/TU", title="Nghị quyết về hạ tầng")
    client = client_for(world.alice)
    form = client.get(reverse("work:task_create"), {"document": document.pk})
    assert form.status_code == 200 and form.context["document"] == document
    data = {
        "assigning_unit": "HA",
        "lead_unit": "XA1",
        "coordinating_units": "HA-UB-NV",
        "title": "Rà soát hạ tầng",
        "document": document.pk,
        "document_item": "Mục 2",
        "start_date": TODAY.isoformat(),
        "deadline": (TODAY + D(days=30)).isoformat(),
        "priority": 3,
    }
    response = client.post(reverse("work:task_create"), data)
    task = Task.objects.get()
    assert response.status_code == 302 and task.document == document
    assert [u.code for u in task.coordinating_units.all()] == ["HA-UB-NV"]
    panel = client.get(reverse("work:document_tasks", args=[document.pk])).content.decode()
    assert "Mục 2" in panel and "Rà soát hạ tầng" in panel
    board = client.get(reverse("work:board"), {"unit": world.district_a.pk})
    assert document not in list(board.context["without_tasks"])


def test_bad_task_form_saves_nothing(world, client_for):
    data = {"assigning_unit": "HA", "lead_unit": "XB1", "title": "Sai", "start_date": TODAY.isoformat(), "priority": 2}
    response = client_for(world.alice).post(reverse("work:task_create"), data)
    assert response.status_code == 200 and response.context["form"].errors
    assert not Task.objects.exists() and not AuditEntry.objects.exists()


def test_edit_with_a_stale_version_is_refused_with_a_message(world, make_task, client_for):
    task = make_task()
    client = client_for(world.alice)
    data = {
        "lead_unit": "XA1",
        "title": "Bản sửa cũ",
        "start_date": task.start_date.isoformat(),
        "deadline": task.deadline.isoformat(),
        "priority": 2,
        "version": task.version,
    }
    Task.objects.filter(pk=task.pk).update(version=task.version + 1, title="Người khác đã sửa")
    response = client.post(reverse("work:task_edit", args=[task.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Task.objects.get(pk=task.pk).title == "Người khác đã sửa"


def test_report_propose_accept_through_the_pages(world, make_task, client_for):
    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    task = make_task()
    lead = client_for(head)
    lead.post(
        reverse("work:task_report", args=[task.pk]), {"unit": world.commune_a.pk, "percent": 60, "text": "Đang làm"}
    )
    lead.post(
        reverse("work:task_propose", args=[task.pk]), {"text": "Xong", "version": Task.objects.get(pk=task.pk).version}
    )
    assigner = client_for(world.alice)
    assigner.post(reverse("work:task_accept", args=[task.pk]), {"version": Task.objects.get(pk=task.pk).version})
    task.refresh_from_db()
    assert task.accepted_at is not None and task.reports.count() == 2


def test_evidence_is_downloadable_by_those_who_see_the_task(world, make_task, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    task = make_task()
    report = services.report_progress(
        actor=head,
        task=task,
        unit=world.commune_a,
        percent=50,
        text="Có minh chứng",
        evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF"),
    )
    response = client_for(world.bob).get(reverse("work:report_evidence", args=[report.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(world.charlie).get(reverse("work:report_evidence", args=[report.pk])).status_code == 404


def test_renaming_a_task_updates_what_the_list_searches(world, make_task, client_for):

    task = make_task(title="Tên cũ")
    services.task_update(actor=world.alice, task=task, data={"title": "Chuyển đổi số"}, seen_version=task.version)
    found = client_for(world.alice).get(reverse("work:task_list"), {"unit": world.district_a.pk, "q": "chuyen doi"})
    assert found.context["page"].paginator.count == 1


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("action", "meanwhile", "now"),
    [
        # The assigner saw "awaiting acceptance"; the proposal was returned in another tab (issue 15: the page said
        # "the lead unit has not proposed completion").
        ("task_accept", "return", Status.RETURNED),
        # Saw "awaiting"; a colleague accepted it meanwhile.
        ("task_return", "accept", Status.DONE_ON_TIME),
        ("task_cancel", "accept", Status.DONE_ON_TIME),
        # The lead unit's page was open; the assigner cancelled the task meanwhile.
        ("task_propose", "cancel", Status.CANCELLED),
    ],
)
def test_a_step_from_a_stale_page_asks_to_reload_and_says_what_the_task_is_now(
    world, make_task, client_for, action, meanwhile, now
):
    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    task = make_task(deadline=timezone.localdate() + D(days=30))
    if action != "task_propose":
        services.propose_completion(actor=head, task=task, text="Xong")
    seen = Task.objects.get(pk=task.pk).version  # what the page was rendered with
    current = Task.objects.get(pk=task.pk)
    if meanwhile == "return":
        services.return_task(actor=world.alice, task=current, reason="Thiếu hồ sơ")
    elif meanwhile == "accept":
        services.accept(actor=world.alice, task=current)
    else:
        services.cancel(actor=world.alice, task=current, reason="Không còn cần")
    before = Task.objects.get(pk=task.pk)
    client = client_for(head if action == "task_propose" else world.alice)
    response = client.post(
        reverse(f"work:{action}", args=[task.pk]), {"version": seen, "reason": "Lý do", "text": "Xong"}, follow=True
    )
    with translation.override(response["Content-Language"]):
        label = str(now.label)
    expected = shown(
        response,
        "This task has changed since you opened the page: it is now “%(status)s”. Reload the page; nothing was done.",
        status=label,
    )
    assert _messages(response) == [expected]
    after = Task.objects.get(pk=task.pk)
    assert (after.version, after.accepted_at, after.cancelled_at, after.returned_at) == (
        before.version,
        before.accepted_at,
        before.cancelled_at,
        before.returned_at,
    )
