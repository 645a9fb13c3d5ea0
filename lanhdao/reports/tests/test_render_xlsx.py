import io

from openpyxl import load_workbook

from lanhdao.reports.rendering.data import Table
from lanhdao.reports.rendering.xlsx import render_xlsx

from .render_samples import party_report


def _read(report=None):
    return load_workbook(io.BytesIO(render_xlsx(report or party_report())))


def test_each_table_is_a_sheet_with_title_bold_header_and_numbers():
    workbook = _read()
    assert workbook.sheetnames == ["Bảng 1. Hội nghị đã tổ chức", "Bảng 2. Kiểm tra"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "Bảng 1. Hội nghị đã tổ chức" and sheet["A1"].font.bold
    assert [c.value for c in sheet[3]] == ["Loại hội nghị", "Số lượng"]
    assert all(c.font.bold for c in sheet[3])
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=4)] == [["Ban Chấp hành", 4], ["Tổng", 1411]]
    assert sheet.freeze_panes == "A4"
    assert sheet.column_dimensions["A"].width >= len("Loại hội nghị")


def test_sheet_names_are_valid_and_unique_for_long_or_repeated_titles():
    report = party_report()
    title = "Bảng: chỉ tiêu [năm] / kết quả thực hiện của các chi bộ"
    report.tables = [Table(title, ["A"], [[1]]), Table(title, ["A"], [[2]])]
    names = _read(report).sheetnames
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
