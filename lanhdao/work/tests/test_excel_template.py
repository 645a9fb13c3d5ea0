"""The task import template speaks the importer's units: a drop-down list of their names, an example row that
imports as it stands (issue 15: the old example named codes that existed nowhere, `HU-01`), and names or codes in
the unit columns."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import add_unit
from lanhdao.accounts.models import User
from lanhdao.org import demo as org_demo
from lanhdao.org.kinds import UnitKind as K
from lanhdao.work import excel
from lanhdao.work.models import Task


def filled(template: bytes, rows: list[dict]) -> SimpleUploadedFile:
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    keys = [column.key for column in excel.COLUMNS]
    for offset, row in enumerate(rows):
        for index, key in enumerate(keys, 1):
            sheet.cell(row=2 + offset, column=index).value = row.get(key)  # over the example row
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("nhiem-vu.xlsx", buffer.getvalue())


def test_a_demo_clerk_downloads_the_template_and_imports_it_unchanged(db, client_for):
    org_demo.load_demo()
    clerk = User.objects.get(username="vanphong.songcong")
    client = client_for(clerk)
    response = client.get(reverse("work:task_import_template"))
    assert response.status_code == 200
    template = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(template)).worksheets[0]
    assert sheet["C2"].value == "Thành ủy Sông Công", "the example names the clerk's own committee, by name"
    upload = SimpleUploadedFile("mau-nhap-nhiem-vu.xlsx", template)
    result = client.post(reverse("work:task_import"), {"file": upload})
    assert result.status_code == 302, result.content.decode()[-3000:]
    task = Task.objects.get()
    assert task.assigning_unit.code == "HU165" and task.lead_unit.path.startswith(task.assigning_unit.path)


def test_the_template_lists_the_importers_units_on_a_hidden_sheet(world):
    workbook = openpyxl.load_workbook(io.BytesIO(excel.import_template(world.alice)))
    units = workbook[excel.UNITS_SHEET]
    assert units.sheet_state == "hidden"
    names = [row[0] for row in units.iter_rows(values_only=True)]
    assert "Phòng Nội vụ huyện An" in names and "Huyện ủy An" in names
    assert not any("Bình" in name for name in names), "only the importer's scope"
    sheet = workbook.worksheets[0]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    reference = f"'{excel.UNITS_SHEET}'!$A$1:$A${len(names)}"
    assert lists["C2:C5001 D2:D5001 E2:E5001"] == reference


@pytest.mark.django_db
def test_units_are_read_by_name_without_diacritics_or_code_and_an_ambiguous_name_is_refused(world):
    add_unit(world.commune_a, "CA2", "Chi bộ thôn Hai", K.CELL)
    add_unit(world.ubnd_a, "CA2-X", "Chi bộ thôn Hai", K.CELL)
    template = excel.import_template(world.alice)
    row = {"title": "Theo tên", "assigning_unit": "huyen uy an", "deadline": "30/06/2030"}
    rows = [
        row | {"lead_unit": "Phòng Nội vụ huyện An", "coordinating_units": "Đảng ủy xã An Một; HA-UB"},
        row | {"title": "Theo mã", "lead_unit": "XA1", "coordinating_units": "HA-UB-NV HA-UB"},
    ]
    result = excel.import_tasks(filled(template, rows), actor=world.alice)
    assert not result.errors, result.errors
    by_name = Task.objects.get(title="Theo tên")
    assert by_name.lead_unit == world.dept_a
    assert sorted(u.code for u in by_name.coordinating_units.all()) == ["HA-UB", "XA1"]
    assert sorted(u.code for u in Task.objects.get(title="Theo mã").coordinating_units.all()) == ["HA-UB", "HA-UB-NV"]
    Task.objects.all().delete()
    ambiguous = excel.import_tasks(filled(template, [row | {"lead_unit": "Chi bộ thôn Hai"}]), actor=world.alice)
    assert len(ambiguous.errors) == 1 and not Task.objects.exists()
    message = ambiguous.errors[0].message
    assert "CA2" in message and "CA2-X" in message and "Ủy ban nhân dân huyện An" in message
    listed = excel.import_tasks(filled(template, [row | {"lead_unit": "Chi bộ thôn Hai (CA2-X)"}]), actor=world.alice)
    assert not listed.errors and Task.objects.get().lead_unit.code == "CA2-X"
    outside = excel.import_tasks(filled(template, [row | {"lead_unit": "Đảng ủy xã Bình Một"}]), actor=world.alice)
    assert len(outside.errors) == 1 and "Đảng ủy xã Bình Một" in outside.errors[0].message
