"""The tables of a report as an XLSX: one sheet per table, the title on the first row, a bold header, fitted widths."""

import io
import re
from collections.abc import Callable

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lanhdao.core.xlsx import new_workbook, write_row

from .data import ReportDocument, sheet_cell

HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base[:25]} ({n})"
    taken.add(name)
    return name


def render_xlsx(report: ReportDocument, progress: Callable[[int, int], None] | None = None) -> bytes:
    workbook = new_workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for done, table in enumerate(report.tables, start=1):
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        write_row(sheet, [table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        write_row(sheet, [])
        write_row(sheet, list(table.header))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in table.rows:
            write_row(sheet, [sheet_cell(value) for value in row])  # a task title "=…" stays text
        for column, header in enumerate(table.header, start=1):
            longest = max([len(str(header))] + [len(str(sheet_cell(row[column - 1]))) for row in table.rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A4"
        if progress:
            progress(done, len(report.tables))
    if not report.tables:
        workbook.create_sheet("Sheet")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
