"""Finding 5 of issue 13: text from people that starts with "=" was written as a live formula into the task export and
both member exports. Every workbook the product writes goes through lanhdao.core.xlsx.write_row, which stores text as
text; these tests read each file back with openpyxl and in its sheet XML (no <f> element)."""

import ast
import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from openpyxl.cell import WriteOnlyCell

from conftest import make_member
from lanhdao.cadres import excel as excel_positions
from lanhdao.cadres.models import PositionHeld
from lanhdao.core.xlsx import cell, new_workbook, write_row
from lanhdao.members import excel_export, excel_members
from lanhdao.reports.rendering.data import Table
from lanhdao.reports.rendering.xlsx import render_xlsx
from lanhdao.reports.tests.render_samples import party_report
from lanhdao.work import excel as work_excel
from lanhdao.work import services as work_services
from lanhdao.work.models import Task
from lanhdao.work.selectors import tasks_for, with_status

LINK = '=HYPERLINK("http://x","y")'
NAME = "=1+2"
POSITION = "@SUM(A1)"
OTHERS = ("+1+1", "-1+1", "\tTab", "\r=1")
TODAY = datetime.date(2026, 3, 10)


def formulas(content: bytes) -> list[str]:
    """The formulas in every sheet of the workbook, as written in its XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        return [f for name in sheets for f in re.findall(r"<f[ >].*?</f>|<f/>", archive.read(name).decode())]


def text_cells(content: bytes, *values: str) -> list[tuple[str, str]]:
    """(value, data type) of the cells holding `values`, read back by openpyxl."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    found = [(c.value, c.data_type) for sheet in workbook for row in sheet.iter_rows() for c in row]
    return [(value, kind) for value, kind in found if value in values]


def test_the_helper_writes_text_as_text_and_keeps_numbers_and_dates(tmp_path):
    for write_only in (False, True):
        workbook = new_workbook(write_only=write_only)
        sheet = workbook.create_sheet("S")
        day = datetime.date(2026, 1, 2)
        write_row(sheet, [NAME, *OTHERS, 7, 1.5, cell(sheet, day, number_format="DD/MM/YYYY"), "", None, "plain"])
        write_row(sheet, [WriteOnlyCell(sheet, value=LINK)])  # a cell someone made: still text
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert formulas(buffer.getvalue()) == []
        read = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["S"]
        first = [(c.value, c.data_type) for c in read[1]]
        assert first[:5] == [(NAME, "s"), *((v, "s") for v in OTHERS)]
        assert first[5:8] == [(7, "n"), (1.5, "n"), (datetime.datetime(2026, 1, 2), "d")]  # noqa: DTZ001
        assert read["H1"].number_format == "DD/MM/YYYY"
        assert first[8:] == [(None, "n"), (None, "n"), ("plain", "s")]
        assert (read["A2"].value, read["A2"].data_type) == (LINK, "s")


def test_without_the_helper_openpyxl_writes_a_formula():
    """The check above can fail: the same text appended the plain way is a formula in the XML."""
    workbook = new_workbook()
    workbook.active.append([NAME])  # the one place that writes the unsafe way, on purpose
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert formulas(buffer.getvalue()) == ["<f>1+2</f>"]


def test_a_task_titled_as_a_formula_is_exported_as_text(world, client_for):
    for title in (LINK, *OTHERS):
        work_services.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=world.commune_a,
            title=title,
            start_date=TODAY,
            deadline=TODAY,
            expected_output=NAME,
            document_item=POSITION,
        )
    content = work_excel.export_tasks(with_status(tasks_for(world.alice), TODAY), today=TODAY, reader=world.alice)
    assert formulas(content) == []
    titles = set(Task.objects.values_list("title", flat=True))
    assert LINK in titles and len(titles) == 5  # as the service stored them (it may trim the tab)
    assert set(text_cells(content, *titles, POSITION)) == {(title, "s") for title in titles} | {(POSITION, "s")}
    response = client_for(world.alice).get(reverse("work:task_export"))
    assert response.status_code == 200 and formulas(response.content) == []
    assert (LINK, "s") in text_cells(response.content, LINK)


def test_a_member_named_as_a_formula_is_exported_as_text_in_both_member_exports(members_world):
    w = members_world
    member = make_member(w.cell_a, NAME, position=POSITION, card_number="-123")
    PositionHeld.objects.create(
        member=member,
        unit=w.commune_a,
        unit_path=w.commune_a.path,
        title=LINK,
        started_on=datetime.date(2020, 1, 1),
        decision="+5",
    )
    members = excel_export.export_members(w.olga, w.district_a).content
    assert formulas(members) == []
    assert set(text_cells(members, NAME, POSITION, "-123")) == {("-123", "s"), (NAME, "s"), (POSITION, "s")}
    positions = excel_positions.export_positions(w.olga, w.district_a).content
    assert formulas(positions) == []
    assert set(text_cells(positions, NAME, LINK, "-123", "+5")) == {
        ("+5", "s"),
        ("-123", "s"),
        (NAME, "s"),
        (LINK, "s"),
    }
    # the dates and numbers around them keep their types
    sheet = openpyxl.load_workbook(io.BytesIO(members)).worksheets[0]
    assert sheet["A2"].data_type == "n" and any(c.is_date for c in sheet[2])


def test_a_report_table_holding_a_formula_text_is_written_as_text():
    report = party_report()
    report.tables = [Table("Bảng 1", ["Nhiệm vụ", "Số lượng"], [[LINK, 3], [NAME, 4], [POSITION, None]])]
    content = render_xlsx(report)
    assert formulas(content) == []
    assert set(text_cells(content, LINK, NAME, POSITION)) == {(POSITION, "s"), (NAME, "s"), (LINK, "s")}
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert (sheet["B4"].value, sheet["B4"].data_type) == (3, "n")


@pytest.mark.parametrize("module", [work_excel, excel_members, excel_positions])
def test_the_import_templates_hold_no_formula(module):
    assert formulas(module.import_template()) == []


# --- the guard: a module that writes cells any other way fails here -----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]  # lanhdao/
HELPER = ROOT / "core" / "xlsx.py"
UNSAFE_IMPORTS = {"Workbook", "WriteOnlyCell", "Cell"}  # make workbooks and cells through lanhdao.core.xlsx


def _unsafe_writes(path: Path, root: Path = ROOT) -> list[str]:
    source = path.read_text()
    if "openpyxl" not in source and "core.xlsx" not in source:
        return []
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{path.relative_to(root.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
            found += [f"{where} imports {a.name}" for a in node.names if a.name in UNSAFE_IMPORTS]
        elif isinstance(node, ast.Attribute) and node.attr in UNSAFE_IMPORTS and ast.unparse(node.value) == "openpyxl":
            found.append(f"{where} uses openpyxl.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = ast.unparse(node.func.value).lower()
            a_sheet = "sheet" in owner or owner.split(".")[-1] in {"ws", "worksheet"}
            if node.func.attr in {"append", "cell"} and a_sheet:
                found.append(f"{where} {ast.unparse(node.func)}(…) instead of write_row")
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append(f"{where} sets a cell's .value instead of write_row")
                elif isinstance(target, ast.Subscript) and "sheet" in ast.unparse(target.value).lower():
                    found.append(f"{where} assigns into a sheet instead of write_row")
    return found


def test_every_module_writes_cells_through_the_helper():
    modules = [p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    assert HELPER in modules and len(modules) > 50
    problems = [problem for path in modules if path != HELPER for problem in _unsafe_writes(path)]
    assert problems == []


def test_the_guard_catches_a_module_that_writes_cells_directly(tmp_path):
    module = tmp_path / "export.py"
    module.write_text(
        "from openpyxl import Workbook\n"
        "def export(rows):\n"
        "    wb = Workbook()\n"
        "    sheet = wb.active\n"
        "    for row in rows:\n"
        "        sheet.append(row)\n"
        "    ws = wb.create_sheet()\n"
        "    ws.cell(row=1, column=1).value = rows[0][0]\n"
        "    sheet['A1'] = rows[0][0]\n"
    )
    problems = _unsafe_writes(module, tmp_path)
    assert len(problems) == 5, problems
