import datetime
import io

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.documents.models import Document
from lanhdao.work import excel, services
from lanhdao.work.models import Coordination, Priority, Recurrence, Task
from lanhdao.work.status import Status, derive

TODAY = datetime.date(2026, 3, 10)
FROZEN = time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
COLUMN = excel.HEADERS  # key -> header, as errors name their column


def sheet_file(rows: list[dict], *, name: str = "nhiem-vu.xlsx", keep_example: bool = True) -> SimpleUploadedFile:
    """The product's template filled in with openpyxl, as a person would: one dict of {column key: value} per row."""
    workbook = openpyxl.load_workbook(io.BytesIO(excel.import_template()))
    sheet = workbook.worksheets[0]
    first = 3 if keep_example else 2
    keys = [column.key for column in excel.COLUMNS]
    for offset, row in enumerate(rows):
        for index, key in enumerate(keys, 1):
            sheet.cell(row=first + offset, column=index).value = row.get(key)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(**values) -> dict:
    base = {"title": "Nhiệm vụ", "assigning_unit": "HA", "lead_unit": "XA1", "deadline": "30/06/2026"}
    return base | values


def task_audits():
    return AuditEntry.objects.filter(content_type__app_label="work", content_type__model="task")


def nothing_saved():
    return not Task.objects.exists() and not Coordination.objects.exists() and not task_audits().exists()


@pytest.fixture
def resolution(world):
    document = Document(
        owner=world.province,
        symbol="05-NQ/TU",
        kind="NQ",
        number="05",
        issuer_code="TU",
        title="Nghị quyết về hạ tầng đô thị",
        issued_on=datetime.date(2021, 8, 11),
    )
    document.save()
    return document


def test_template_has_the_headers_a_guide_and_lists_of_choices(world):
    workbook = openpyxl.load_workbook(io.BytesIO(excel.import_template()))
    sheet = workbook.worksheets[0]
    assert tuple(c.value for c in sheet[1]) == excel.TEMPLATE_COLUMNS
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 20
    assert sheet["A2"].value == excel.EXAMPLE_TITLE and isinstance(sheet["H2"].value, datetime.datetime)
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"J2:J5001": '"tháng,quý,năm"', "L2:L5001": '"thấp,bình thường,cao,khẩn"'}
    guide = workbook["Hướng dẫn"]
    text = " ".join(str(v) for r in guide.iter_rows(values_only=True) for v in r if v)
    assert "dd/mm/yyyy" in text and all(header in text for header in excel.TEMPLATE_COLUMNS)


@FROZEN
def test_filled_template_creates_every_task_with_its_fields_and_audit_rows(world, resolution):
    upload = sheet_file(
        [
            row(
                title="Xây dựng kế hoạch thực hiện Nghị quyết",
                description="Cụ thể hóa",
                lead_unit="HA-UB",
                coordinating_units="XA1, HA-UB-NV",
                document="5-nq/tu",
                document_item="Mục II.1",
                start_date=datetime.date(2026, 3, 15),
                deadline=datetime.date(2026, 6, 30),
                expected_output="Kế hoạch",
                priority="khan",
            ),
            row(title="Báo cáo quý", lead_unit="HA", deadline=None, recurrence="Quý", priority="Bình thường"),
            {},  # a blank row is skipped
            row(title="Sơ kết", lead_unit="CA1", start_date="2-3-2026", deadline="2026-04-30", recurrence="hang thang"),
        ]
    )
    result = excel.import_tasks(upload, actor=world.alice)
    assert result.errors == [] and result.created == 3
    plan, quarterly, review = Task.objects.order_by("pk")
    assert (plan.title, plan.description, plan.assigning_unit, plan.lead_unit) == (
        "Xây dựng kế hoạch thực hiện Nghị quyết",
        "Cụ thể hóa",
        world.district_a,
        world.ubnd_a,
    )
    assert set(plan.coordinating_units.all()) == {world.commune_a, world.dept_a}
    assert (plan.document, plan.document_item, plan.expected_output) == (resolution, "Mục II.1", "Kế hoạch")
    assert (plan.start_date, plan.deadline, plan.priority) == (
        datetime.date(2026, 3, 15),
        datetime.date(2026, 6, 30),
        4,
    )
    assert plan.recurrence == Recurrence.NONE and plan.created_by == world.alice
    assert quarterly.start_date == TODAY, "an empty start is the day of the import"
    assert quarterly.deadline == datetime.date(2026, 3, 31), "a repeating task without deadline ends with its period"
    assert (quarterly.recurrence, quarterly.priority) == (Recurrence.QUARTERLY, Priority.NORMAL)
    assert quarterly.responsible == world.alice, "the head of the lead unit, as when assigning by hand"
    assert (review.start_date, review.deadline, review.recurrence) == (
        datetime.date(2026, 3, 2),
        datetime.date(2026, 4, 30),
        Recurrence.MONTHLY,
    )
    audits = task_audits().filter(action=Action.CREATE, actor=world.alice)
    assert sorted(int(a.object_id) for a in audits) == [plan.pk, quarterly.pk, review.pk]
    assert sorted(audits.get(object_id=str(plan.pk)).after["coordinating_units"]) == sorted(
        [world.commune_a.pk, world.dept_a.pk]
    )
    assert not Task.objects.filter(title=excel.EXAMPLE_TITLE).exists(), "the template's example row is not a task"


@FROZEN
def test_every_bad_row_is_reported_with_its_reason_and_nothing_is_saved(world, resolution):
    secret = Document(
        owner=world.district_a,
        symbol="01-NQ/HU",
        kind="NQ",
        number="01",
        issuer_code="HU",
        title="Tối mật",
        confidentiality=Clearance.TOP_SECRET,
    )
    secret.save()
    upload = sheet_file(
        [
            row(title="Đúng", document="05-NQ/TU"),  # 3: a good row, not saved either
            row(title=None, description="không có tên"),  # 4
            row(assigning_unit="ZZ9"),  # 5
            row(assigning_unit="XA1", lead_unit="HA-UB", coordinating_units="CA1, XB1"),  # 6: outside, unknown
            row(lead_unit="XA1", coordinating_units="XA1"),  # 7: lead also coordinates
            row(start_date="31/02/2026", deadline="ngày mai"),  # 8: two bad dates
            row(deadline=None),  # 9: no deadline, no repetition
            row(start_date="01/07/2026", deadline="30/06/2026"),  # 10
            row(recurrence="tuần", priority="rất cao"),  # 11
            row(document="99-NQ/TU"),  # 12
            row(document="01-NQ/HU"),  # 13: exists, above alice's clearance
            row(title="x" * 501, assigning_unit=None, lead_unit=None),  # 14: several problems in one row
            row(lead_unit="TU"),  # 15: a unit alice cannot see is unknown to her
        ]
    )
    result = excel.import_tasks(upload, actor=world.alice)
    assert result.created == 0
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (4, COLUMN["title"]),
        (5, COLUMN["assigning_unit"]),
        (6, COLUMN["lead_unit"]),
        (6, COLUMN["coordinating_units"]),  # CA1 is under XA1 but XB1 is unknown to alice
        (7, COLUMN["coordinating_units"]),
        (8, COLUMN["start_date"]),
        (8, COLUMN["deadline"]),
        (9, COLUMN["deadline"]),
        (10, COLUMN["deadline"]),
        (11, COLUMN["recurrence"]),
        (11, COLUMN["priority"]),
        (12, COLUMN["document"]),
        (13, COLUMN["document"]),
        (14, COLUMN["title"]),
        (14, COLUMN["assigning_unit"]),
        (14, COLUMN["lead_unit"]),
        (15, COLUMN["lead_unit"]),
    }
    order = [column.header for column in excel.COLUMNS]
    positions = [(e.row, order.index(e.column)) for e in result.errors]
    assert positions == sorted(positions), "listed in the order the sheet is read"
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "ZZ9" in messages[5, COLUMN["assigning_unit"]]
    assert "HA-UB" in messages[6, COLUMN["lead_unit"]] and "XA1" in messages[6, COLUMN["lead_unit"]]
    assert "XB1" in messages[6, COLUMN["coordinating_units"]]
    assert "31/02/2026" in messages[8, COLUMN["start_date"]] and "ngày mai" in messages[8, COLUMN["deadline"]]
    assert "tuần" in messages[11, COLUMN["recurrence"]] and "rất cao" in messages[11, COLUMN["priority"]]
    assert "99-NQ/TU" in messages[12, COLUMN["document"]]
    assert "TU" in messages[15, COLUMN["lead_unit"]]
    assert nothing_saved()


@FROZEN
def test_a_viewer_may_not_assign_from_the_unit_he_sees(world):
    _rows, errors = excel.parse_tasks(sheet_file([row()]), actor=world.bob)
    assert [(e.row, e.column) for e in errors] == [(3, COLUMN["assigning_unit"])]
    assert "HA" in errors[0].message


@FROZEN
def test_an_archived_unit_is_refused(world):
    world.commune_a.archived_at = datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
    world.commune_a.save()
    result = excel.import_tasks(sheet_file([row(lead_unit="XA1")]), actor=world.alice)
    assert [(e.row, e.column) for e in result.errors] == [(3, COLUMN["lead_unit"])]
    assert nothing_saved()


@FROZEN
def test_a_service_error_on_one_row_rolls_back_the_whole_file(world, monkeypatch):
    real_create = services.task_create

    def task_create(**kwargs):
        if kwargs["title"] == "Hỏng":
            raise ValidationError({"deadline": "a rule the parser does not know"})
        return real_create(**kwargs)

    monkeypatch.setattr(services, "task_create", task_create)
    rows = [row(title="Một"), row(title="Hỏng"), row(title="Ba"), row(title="Hỏng")]
    result = excel.import_tasks(sheet_file(rows, keep_example=False), actor=world.alice)
    assert result.created == 0
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, COLUMN["deadline"], "a rule the parser does not know"),
        (5, COLUMN["deadline"], "a rule the parser does not know"),
    ]
    assert nothing_saved(), "rows 2 and 4 were written, then rolled back with the rest"


@FROZEN
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(world, monkeypatch):
    csv = SimpleUploadedFile("nhiem-vu.csv", b"title;deadline\nA;30/06/2026\n")
    renamed = SimpleUploadedFile("nhiem-vu.xlsx", b"MZ\x90\x00 not a workbook")
    for upload in (csv, renamed):
        result = excel.import_tasks(upload, actor=world.alice)
        assert [(e.row, e.column) for e in result.errors] == [(0, "")] and result.errors[0].message
    monkeypatch.setattr(excel, "MAX_BYTES", 1000)
    too_big = excel.import_tasks(sheet_file([row()]), actor=world.alice)
    assert "MB" in too_big.errors[0].message
    assert nothing_saved()


@FROZEN
def test_too_many_rows_or_missing_headers_are_refused(world, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    result = excel.import_tasks(sheet_file([row()] * 4, keep_example=False), actor=world.alice)
    assert [e.row for e in result.errors] == [0] and "3" in result.errors[0].message
    at_limit = excel.import_tasks(sheet_file([row()] * 3), actor=world.alice)
    assert at_limit.created == 3, "the template's example row does not count"
    Task.objects.all().delete()
    task_audits().delete()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tên", "Hạn"])
    workbook.active.append(["Một", "30/06/2026"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    headless = excel.import_tasks(SimpleUploadedFile("x.xlsx", buffer.getvalue()), actor=world.alice)
    assert [e.row for e in headless.errors] == [1] and COLUMN["assigning_unit"] in headless.errors[0].message
    empty = excel.import_tasks(sheet_file([]), actor=world.alice)
    assert [e.row for e in empty.errors] == [0], "only the example row: nothing to import is said, not done"
    assert nothing_saved()


@FROZEN
def test_headers_match_without_diacritics_and_in_any_order(world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["THOI HAN", "ten nhiem vu", "Don vi chu tri", "Đơn vị giao"])
    workbook.active.append([datetime.date(2026, 6, 30), "Tự làm", "XA1", "HA"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel.import_tasks(SimpleUploadedFile("x.xlsx", buffer.getvalue()), actor=world.alice)
    assert result.errors == [] and Task.objects.get().lead_unit == world.commune_a


# --- the import page ------------------------------------------------------------------------------------------------


@FROZEN
def test_import_page_imports_a_good_file_and_redirects_to_the_board(world, client_for):
    client = client_for(world.alice)
    page = client.get(reverse("work:task_import"))
    html = page.content.decode()
    assert page.status_code == 200 and reverse("work:task_import_template") in html
    assert "csrfmiddlewaretoken" in html and 'type="file"' in html
    template = client.get(reverse("work:task_import_template"))
    assert template["Content-Type"] == excel.CONTENT_TYPE and "attachment" in template["Content-Disposition"]
    upload = sheet_file([row(title="Một"), row(title="Hai")])
    response = client.post(reverse("work:task_import"), {"file": upload})
    assert response.status_code == 302 and response.url == reverse("work:board")
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(notes) == 1 and "2" in notes[0]
    assert Task.objects.count() == 2 and task_audits().count() == 2


@FROZEN
def test_import_page_lists_every_bad_row_and_saves_nothing(world, client_for):
    client = client_for(world.alice)
    upload = sheet_file([row(title="Đúng"), row(title=None), row(deadline="32/01/2026")])
    response = client.post(reverse("work:task_import"), {"file": upload})
    assert response.status_code == 200
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (4, COLUMN["title"]),
        (5, COLUMN["deadline"]),
    ]
    html = response.content.decode()
    assert '<td class="num">4</td>' in html and '<td class="num">5</td>' in html and "32/01/2026" in html
    refused = client.post(reverse("work:task_import"), {"file": SimpleUploadedFile("a.csv", b"a,b")})
    assert refused.status_code == 200 and refused.context["file_errors"]
    assert nothing_saved()


@FROZEN
def test_outsider_cannot_import_into_another_district(world, client_for):
    client = client_for(world.charlie)
    assert client.get(reverse("work:task_import")).status_code == 200, "charlie assigns in his own district"
    response = client.post(reverse("work:task_import"), {"file": sheet_file([row(assigning_unit="HA")])})
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (3, COLUMN["assigning_unit"]),
        (3, COLUMN["lead_unit"]),
    ]
    assert nothing_saved()


@FROZEN
def test_viewer_gets_404_on_the_import_page_and_template(world, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("work:task_import")).status_code == 404
    assert client.post(reverse("work:task_import"), {"file": sheet_file([row()])}).status_code == 404
    assert client.get(reverse("work:task_import_template")).status_code == 404
    assert nothing_saved()


# --- the export -----------------------------------------------------------------------------------------------------


def read_export(content: bytes) -> tuple[list[str], list[dict]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]


@pytest.fixture
def tasks(world, resolution):
    def make(title, lead, *, assigner=world.alice, assigning=world.district_a, **fields):
        return services.task_create(
            actor=assigner,
            assigning_unit=assigning,
            lead_unit=lead,
            title=title,
            start_date=fields.pop("start_date", datetime.date(2026, 1, 5)),
            **fields,
        )

    with FROZEN:
        return {
            "late": make("Trễ hạn", world.commune_a, deadline=datetime.date(2026, 2, 1), priority=Priority.HIGH),
            "coordinated": make(
                "Có phối hợp",
                world.commune_a,
                deadline=datetime.date(2026, 6, 30),
                document=resolution,
                document_item="Mục I",
                coordinating_units=[world.cell_a, world.dept_a],
            ),
            "ubnd": make("Ủy ban", world.ubnd_a, deadline=datetime.date(2026, 3, 12)),
            "district_b": make(
                "Huyện Bình",
                world.commune_b,
                assigner=world.charlie,
                assigning=world.district_b,
                deadline=datetime.date(2026, 4, 1),
            ),
        }


@FROZEN
def test_export_holds_exactly_the_filtered_list(world, tasks, client_for):
    client = client_for(world.alice)
    response = client.get(reverse("work:task_export"), {"unit": world.district_a.pk, "lead": "XA1"})
    assert response.status_code == 200 and response["Content-Type"] == excel.CONTENT_TYPE
    assert 'filename="nhiem-vu-HA-2026-03-10.xlsx"' in response["Content-Disposition"]
    header, rows = read_export(response.content)
    assert [r[header[0]] for r in rows] == ["Trễ hạn", "Có phối hợp"], "the list's order: deadline first"
    late, coordinated = rows
    assert late[header[4]].date() == datetime.date(2026, 1, 5) and late[header[5]].date() == datetime.date(2026, 2, 1)
    assert late[header[6]] == str(Status.OVERDUE.label) and late[header[10]] == str(Priority.HIGH.label)
    assert coordinated[header[1]] == "Đảng ủy xã An Một"
    assert coordinated[header[2]] == "Chi bộ thôn Một, Phòng Nội vụ huyện An"
    assert (coordinated[header[8]], coordinated[header[9]]) == ("05-NQ/TU", "Mục I")
    assert coordinated[header[3]] is None and coordinated[header[7]] == 0
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet.auto_filter.ref == "A1:K3"
    assert sheet["E2"].number_format == excel.DATE_FORMAT and sheet["E2"].is_date


@FROZEN
def test_export_never_holds_a_task_outside_the_users_scope(world, tasks, client_for):
    _header, rows = read_export(client_for(world.bob).get(reverse("work:task_export")).content)
    assert sorted(r[_header[0]] for r in rows) == ["Có phối hợp", "Trễ hạn", "Ủy ban"], "the viewer sees district A"
    assert client_for(world.charlie).get(reverse("work:task_export"), {"unit": world.district_a.pk}).status_code == 404
    header, rows = read_export(client_for(world.charlie).get(reverse("work:task_export")).content)
    assert [r[header[0]] for r in rows] == ["Huyện Bình"]
    assert [r[header[6]] for r in rows] == [str(derive(tasks["district_b"], TODAY).label)]


@FROZEN
def test_export_reads_in_chunks_without_a_query_per_row(world, tasks, django_assert_num_queries):
    from lanhdao.work.selectors import tasks_for, with_status

    for i in range(6):
        services.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=world.dept_a,
            title=f"Thêm {i}",
            start_date=TODAY,
            deadline=TODAY,
            coordinating_units=[world.commune_a],
        )
    qs = with_status(tasks_for(world.root), TODAY).order_by("pk")
    # The documents the reader may open, one read, and the coordinating units of each chunk (4 + 4 + 2 rows).
    with django_assert_num_queries(5):
        content = excel.export_tasks(qs, today=TODAY, reader=world.root, chunk_size=4)
    _header, rows = read_export(content)
    assert len(rows) == 10
