"""Issue 13, finding 2: a secret document's symbol and title showed wherever something pointed at it (the task page,
the board by document, the task export, the linked document's history). A task carries at least its document's
level, and a reader below it, or who may not open the document, sees nothing of either (README "Confidentiality")."""

import datetime
import io
import json

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import make_user, shown
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.audit.models import AuditEntry
from lanhdao.documents import services as documents
from lanhdao.notifications.models import Notification
from lanhdao.work import services
from lanhdao.work.models import Task

SECRET_SYMBOL = "09-NQ/HU"
SECRET_TITLE = "Nghị quyết mật về công tác cán bộ"
TASK_TITLE = "Triển khai nghị quyết mật"
TODAY = timezone.localdate()


@pytest.fixture
def secret(world):
    """A secret resolution of district A, a task implementing it (led by commune A), and an ordinary plan of
    district A that implements the resolution. alice (Secret) may open all of it; bob (Normal, viewer of district A)
    is in scope of all of it but cleared below the resolution."""
    resolution = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol=SECRET_SYMBOL,
        title=SECRET_TITLE,
        issued_on=datetime.date(2026, 1, 5),
        confidentiality=Clearance.SECRET,
    )
    plan = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="15-KH/HU",
        title="Kế hoạch thực hiện",
        issued_on=datetime.date(2026, 1, 20),
    )
    documents.link_create(actor=world.alice, source=plan, target=resolution, relation="implements")
    task = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title=TASK_TITLE,
        start_date=TODAY - datetime.timedelta(days=5),
        deadline=TODAY + datetime.timedelta(days=3),
        document=resolution,
        document_item="Mục II",
    )
    return resolution, plan, task


def leaks(text: str, resolution, task=None) -> list[str]:
    """What of the secret resolution (and its task) `text` shows: its symbol, title, id in a link or filter."""
    found = [s for s in (SECRET_SYMBOL, SECRET_TITLE, TASK_TITLE) if s in text]
    found += [s for s in (f"/documents/{resolution.pk}/", f"document={resolution.pk}") if s in text]
    if task is not None:
        found += [s for s in (f"/work/tasks/{task.pk}/", f"/tasks/{task.pk}/") if s in text]
    return found


# --- the level a task carries ---------------------------------------------------------------------------------------


def test_a_task_takes_the_level_of_its_document_its_parent_and_what_the_caller_gives(world, secret):
    _resolution, plan, task = secret
    assert task.confidentiality == Clearance.SECRET
    sub = services.task_create(
        actor=world.alice,
        assigning_unit=world.commune_a,
        lead_unit=world.cell_a,
        title="Phần việc của chi bộ",
        start_date=TODAY,
        deadline=TODAY,
        parent=task,
    )
    assert sub.confidentiality == Clearance.SECRET, "a sub-task carries its parent's level"
    given = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Từ cuộc họp mật",
        start_date=TODAY,
        deadline=TODAY,
        document=plan,
        confidentiality=Clearance.TOP_SECRET,
    )
    assert given.confidentiality == Clearance.TOP_SECRET, "the caller's level wins over a lower document's"
    plain = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc thường",
        start_date=TODAY,
        deadline=TODAY,
        document=plan,
    )
    assert plain.confidentiality == Clearance.NORMAL


def test_changing_a_tasks_document_raises_it_and_its_subtasks_and_never_lowers_it(world, secret):
    resolution, plan, _task = secret
    task = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc thường",
        start_date=TODAY,
        deadline=TODAY,
        document=plan,
    )
    sub = services.task_create(
        actor=world.alice,
        assigning_unit=world.commune_a,
        lead_unit=world.cell_a,
        title="Phần việc",
        start_date=TODAY,
        deadline=TODAY,
        parent=task,
    )
    task = services.task_update(actor=world.alice, task=task, data={"document": resolution}, seen_version=None)
    sub.refresh_from_db()
    assert (task.confidentiality, sub.confidentiality) == (Clearance.SECRET, Clearance.SECRET)
    task = services.task_update(actor=world.alice, task=task, data={"document": plan}, seen_version=None)
    assert task.confidentiality == Clearance.SECRET, "another document never lowers what the task carried"
    assert AuditEntry.objects.filter(object_id=str(sub.pk), confidentiality=Clearance.SECRET).exists()


def test_raising_a_documents_level_raises_its_tasks_and_their_subtasks_at_once(world, secret):
    _resolution, plan, _task = secret
    task = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc theo kế hoạch",
        start_date=TODAY,
        deadline=TODAY,
        document=plan,
    )
    sub = services.task_create(
        actor=world.alice,
        assigning_unit=world.commune_a,
        lead_unit=world.cell_a,
        title="Phần việc",
        start_date=TODAY,
        deadline=TODAY,
        parent=task,
    )
    other = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Không liên quan",
        start_date=TODAY,
        deadline=TODAY,
    )
    documents.document_update(actor=world.alice, document=plan, data={"confidentiality": Clearance.SECRET})
    levels = dict(Task.objects.filter(pk__in=[task.pk, sub.pk, other.pk]).values_list("pk", "confidentiality"))
    assert levels == {task.pk: Clearance.SECRET, sub.pk: Clearance.SECRET, other.pk: Clearance.NORMAL}


def test_the_next_period_of_a_recurring_task_keeps_its_level(world, secret):
    resolution, _plan, _task = secret
    series = services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Báo cáo tháng",
        start_date=TODAY.replace(day=1) - datetime.timedelta(days=62),
        recurrence="monthly",
        document=resolution,
    )
    assert services.create_due_occurrences(today=TODAY) >= 1
    assert set(Task.objects.filter(series=series).values_list("confidentiality", flat=True)) == {Clearance.SECRET}


# --- finding 2, surface by surface: a Normal reader in scope sees nothing; a Secret one sees it all ----------------


def test_task_page_is_404_for_a_normal_reader_and_shown_to_a_secret_one(world, secret, client_for):
    _resolution, _plan, task = secret
    url = reverse("work:task_detail", args=[task.pk])
    assert client_for(world.bob).get(url).status_code == 404
    page = client_for(world.alice).get(url).content.decode()
    assert SECRET_SYMBOL in page and TASK_TITLE in page


def test_board_by_document_list_and_calendar_show_nothing_of_the_secret_document(world, secret, client_for):
    resolution, _plan, task = secret
    client = client_for(world.bob)
    month = TODAY.strftime("%Y-%m")
    pages = {
        "board": client.get(reverse("work:board"), {"unit": world.district_a.pk}),
        "list": client.get(reverse("work:task_list"), {"unit": world.district_a.pk}),
        "search": client.get(reverse("work:task_list"), {"unit": world.district_a.pk, "q": "nghị quyết mật"}),
        "calendar": client.get(reverse("work:calendar"), {"unit": world.district_a.pk, "month": month}),
        "unit panel": client.get(reverse("work:unit_panel", args=[world.district_a.pk])),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert leaks(response.content.decode(), resolution, task) == [], name
    assert client.get(reverse("work:document_tasks", args=[resolution.pk])).status_code == 404
    secret_client = client_for(world.alice)
    board = secret_client.get(reverse("work:board"), {"unit": world.district_a.pk}).content.decode()
    assert SECRET_SYMBOL in board and f"document={resolution.pk}" in board
    calendar = secret_client.get(reverse("work:calendar"), {"unit": world.district_a.pk, "month": month})
    assert TASK_TITLE in calendar.content.decode()


def read_cells(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [value for row in sheet.iter_rows(values_only=True) for value in row if value is not None]


def test_task_export_has_no_cell_naming_the_secret_document_for_a_normal_reader(world, secret, client_for):
    _resolution, _plan, _task = secret
    services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc thường",
        start_date=TODAY,
        deadline=TODAY,
    )
    normal = read_cells(client_for(world.bob).get(reverse("work:task_export"), {"unit": world.district_a.pk}).content)
    assert "Việc thường" in normal, "the export itself works"
    assert not [c for c in normal if any(s in str(c) for s in (SECRET_SYMBOL, SECRET_TITLE, TASK_TITLE))]
    export = client_for(world.alice).get(reverse("work:task_export"), {"unit": world.district_a.pk})
    cleared = read_cells(export.content)
    assert SECRET_SYMBOL in cleared and TASK_TITLE in cleared


def test_task_api_lists_and_answers_nothing_of_the_secret_task(world, secret, api_for):
    resolution, _plan, task = secret
    api = api_for(world.bob)
    listed = api.get("/api/tasks/", {"unit": world.district_a.pk})
    assert listed.status_code == 200 and task.pk not in [t["id"] for t in listed.json()["results"]]
    assert leaks(listed.content.decode(), resolution) == []
    assert api.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert api.get(f"/api/tasks/{task.pk}/history/").status_code == 404
    by_document = api.get("/api/tasks/", {"document": resolution.pk})
    assert by_document.json()["results"] == []
    cleared = api_for(world.alice).get(f"/api/tasks/{task.pk}/").json()
    assert (cleared["document"], cleared["document_hidden"]) == (resolution.pk, False)


def test_a_visible_task_of_a_document_the_reader_may_not_open_shows_only_that_one_exists(world, client_for, api_for):
    """A Normal document of district B implemented by a task led in district A: bob sees the task and that it
    implements a document he may not open, not which one (page, board, export, API)."""
    other = documents.document_create(
        actor=world.charlie,
        owner=world.district_b,
        symbol="22-KH/HU",
        title="Kế hoạch riêng của huyện Bình",
        issued_on=datetime.date(2026, 2, 1),
    )
    task = services.task_create(
        actor=world.root,
        assigning_unit=world.province,
        lead_unit=world.commune_a,
        title="Việc liên huyện",
        start_date=TODAY,
        deadline=TODAY,
        document=other,
    )
    client = client_for(world.bob)
    page = client.get(reverse("work:task_detail", args=[task.pk])).content.decode()
    board = client.get(reverse("work:board"), {"unit": world.district_a.pk}).content.decode()
    cells = read_cells(client.get(reverse("work:task_export"), {"unit": world.district_a.pk}).content)
    answer = api_for(world.bob).get(f"/api/tasks/{task.pk}/").json()
    for text in (page, board, json.dumps(cells, ensure_ascii=False, default=str)):
        assert "22-KH/HU" not in text and "Kế hoạch riêng" not in text and f"/documents/{other.pk}/" not in text
        assert "Việc liên huyện" in text or "Việc liên huyện" in page
    assert (answer["document"], answer["document_hidden"]) == (None, True)


# --- histories ------------------------------------------------------------------------------------------------------


def test_history_of_a_document_linked_to_a_secret_one_does_not_name_it(world, secret, client_for, api_for):
    resolution, plan, _task = secret
    page = client_for(world.bob).get(reverse("documents:document_detail", args=[plan.pk]))
    assert page.status_code == 200
    assert leaks(page.content.decode(), resolution) == []
    answer = api_for(world.bob).get(f"/api/documents/{plan.pk}/history/")
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert leaks(answer.content.decode(), resolution) == []
    assert resolution.pk not in [v for r in rows for v in (r["after"] or {}).values()]
    assert any("linked_document" in r["hidden"] for r in rows), "the row says a hidden document was linked"
    cleared = api_for(world.alice).get(f"/api/documents/{plan.pk}/history/").json()["results"]
    assert resolution.pk in [(r["after"] or {}).get("linked_document") for r in cleared]
    cleared_page = client_for(world.alice).get(reverse("documents:document_detail", args=[plan.pk])).content.decode()
    assert SECRET_SYMBOL in cleared_page


def test_rows_above_the_readers_clearance_show_as_hidden_changes(world, client_for, api_for):
    """A document once Secret, now Normal: what it was while Secret stays hidden from a Normal reader."""
    document = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="30-NQ/HU",
        title="Tên cũ khi còn mật",
        confidentiality=Clearance.SECRET,
    )
    documents.document_update(
        actor=world.alice, document=document, data={"title": "Tên công khai", "confidentiality": Clearance.NORMAL}
    )
    response = client_for(world.bob).get(reverse("documents:document_detail", args=[document.pk]))
    page = response.content.decode()
    assert "Tên công khai" in page and "Tên cũ khi còn mật" not in page
    assert shown(response, "A change you may not see") in page
    rows = api_for(world.bob).get(f"/api/documents/{document.pk}/history/").json()["results"]
    assert "Tên cũ khi còn mật" not in json.dumps(rows, ensure_ascii=False)
    assert rows == [], "both rows were written while it was Secret"
    assert len(api_for(world.alice).get(f"/api/documents/{document.pk}/history/").json()["results"]) == 2


def test_task_history_names_a_document_the_reader_may_not_open_as_hidden(world, secret, client_for, api_for):
    _resolution, plan, _task = secret
    other = documents.document_create(
        actor=world.charlie,
        owner=world.district_b,
        symbol="22-KH/HU",
        title="Kế hoạch riêng của huyện Bình",
    )
    task = services.task_create(
        actor=world.root,
        assigning_unit=world.province,
        lead_unit=world.commune_a,
        title="Việc liên huyện",
        start_date=TODAY,
        deadline=TODAY,
        document=plan,
    )
    services.task_update(actor=world.root, task=task, data={"document": other}, seen_version=None)
    page = client_for(world.bob).get(reverse("work:task_detail", args=[task.pk])).content.decode()
    assert "Kế hoạch thực hiện" in page, "the document bob may open is named in the history"
    assert "Kế hoạch riêng" not in page and "22-KH/HU" not in page and f"#{other.pk}" not in page
    rows = api_for(world.bob).get(f"/api/tasks/{task.pk}/history/").json()["results"]
    assert other.pk not in [(r[part] or {}).get("document") for r in rows for part in ("before", "after")]
    assert any("document" in r["hidden"] for r in rows)


def test_every_audit_row_carries_the_level_of_its_record(world, secret):
    resolution, plan, task = secret
    levels = dict(
        AuditEntry.objects.filter(object_id__in=[str(resolution.pk), str(task.pk)]).values_list(
            "content_type__model", "confidentiality"
        )
    )
    assert levels["document"] == Clearance.SECRET and levels["task"] == Clearance.SECRET
    link_rows = AuditEntry.objects.filter(content_type__model="documentlink")
    assert set(link_rows.values_list("confidentiality", flat=True)) == {Clearance.SECRET}
    assert not AuditEntry.objects.filter(object_id=str(plan.pk), note__contains=SECRET_TITLE).exists()


# --- notifications and e-mail ---------------------------------------------------------------------------------------


@pytest.fixture
def staff(world):
    """Two office staff of commune A, who get its task notifications: nam (Normal) and mai (Secret)."""
    nam = make_user("nam", role=Role.OFFICE_STAFF, unit=world.commune_a, email="nam@example.org")
    mai = make_user(
        "mai", role=Role.OFFICE_STAFF, unit=world.commune_a, email="mai@example.org", clearance=Clearance.SECRET
    )
    return nam, mai


def test_a_notice_about_a_secret_task_reaches_only_the_cleared_and_its_mail_says_nothing(
    world, secret, staff, client_for, django_capture_on_commit_callbacks
):
    resolution, _plan, task = secret
    nam, mai = staff
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(actor=world.alice, task=task, reason="Không còn phù hợp với nghị quyết mật")
    assert set(Notification.objects.filter(user__in=[nam, mai]).values_list("confidentiality", flat=True)) == {
        Clearance.SECRET
    }
    page = client_for(nam).get(reverse("notifications:list")).content.decode()
    assert leaks(page, resolution, task) == [] and "nghị quyết mật" not in page
    assert client_for(nam).get(reverse("work:board")).context["unread_notifications"] == 0
    assert [m.to for m in mail.outbox if "nam@example.org" in m.to] == [], "no mail to a reader below the level"
    to_mai = [m for m in mail.outbox if "mai@example.org" in m.to]
    assert len(to_mai) == 1
    text = to_mai[0].subject + to_mai[0].body
    assert TASK_TITLE not in text and "nghị quyết mật" not in text and SECRET_SYMBOL not in text
    assert f"/work/tasks/{task.pk}/" in to_mai[0].body, "the mail carries the link to sign in and read it"
    cleared_page = client_for(mai).get(reverse("notifications:list")).content.decode()
    assert TASK_TITLE in cleared_page


def test_reminders_of_a_secret_task_carry_its_level(world, secret, staff):
    from lanhdao.work.reminders import send_reminders

    _resolution, _plan, _task = secret
    nam, _mai = staff
    send_reminders(today=TODAY)
    assert Notification.objects.filter(user=nam).exists()
    assert set(Notification.objects.filter(user=nam).values_list("confidentiality", flat=True)) == {Clearance.SECRET}
    assert not [m for m in mail.outbox if "nam@example.org" in m.to]


def test_board_figures_count_every_task_and_say_how_many_are_confidential(world, secret, client_for, api_for):
    """The figures are the same whoever reads them; the list under them shows what the reader may open and how many
    more there are."""
    _resolution, _plan, task = secret
    services.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc thường",
        start_date=TODAY,
        deadline=TODAY + datetime.timedelta(days=30),
    )
    normal = client_for(world.bob)
    board = normal.get(reverse("work:board"), {"unit": world.district_a.pk})
    assert (board.context["total"], board.context["confidential"]) == (2, 1)
    listed = normal.get(reverse("work:task_list"), {"unit": world.district_a.pk})
    assert (listed.context["page"].paginator.count, listed.context["not_shown"]) == (1, 1)
    answer = api_for(world.bob).get("/api/tasks/board/", {"unit": world.district_a.pk}).json()
    assert (sum(answer["by_status"].values()), answer["confidential"]) == (2, 1)
    cleared = client_for(world.alice).get(reverse("work:task_list"), {"unit": world.district_a.pk})
    assert (cleared.context["page"].paginator.count, cleared.context["not_shown"]) == (2, 0)
    assert task.pk in [t.pk for t in cleared.context["page"].object_list]
    assert task.pk not in [t.pk for t in listed.context["page"].object_list]


def test_a_task_imported_from_excel_takes_the_level_of_the_document_it_names(world, secret):
    from lanhdao.work import excel
    from lanhdao.work.tests.test_excel import row, sheet_file

    resolution, _plan, _task = secret
    upload = sheet_file([row(title="Nhập từ tệp", document=SECRET_SYMBOL, deadline=TODAY, start_date=TODAY)])
    result = excel.import_tasks(upload, actor=world.alice)
    assert result.errors == [] and result.created == 1
    imported = Task.objects.get(title="Nhập từ tệp")
    assert (imported.document, imported.confidentiality) == (resolution, Clearance.SECRET)
