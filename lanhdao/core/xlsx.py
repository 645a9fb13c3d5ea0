"""Excel workbooks in and out, for every module.

Reading: an uploaded sheet for an import (tasks, members, posts held), with the same checks and the same messages for
every import.

Writing: every workbook the product writes (exports, import templates, report files) is made by `new_workbook` and
filled by `write_row`, so that text coming from people (a task title, a member's name) is always stored as text.
openpyxl turns any str starting with "=" into a live formula (data_type "f"); a title such as
`=HYPERLINK("http://x","y")` would then run in the reader's Excel. Text starting with "+", "-", "@", a tab or a carriage
return is what spreadsheet programs read as a formula when the text is typed or pasted, so it is pinned as text too.
The text itself is kept as it was written (no quote prefixed, as CSV advice goes): the cell is typed as a string.
A test (core/tests/test_xlsx_writing.py) fails when a module writes cells any other way.
"""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet.datavalidation import DataValidation

from .uploads import XLSX, check_upload


def _as_upload(file, max_bytes: int):
    """An UploadedFile for `file` (an upload, a path, bytes or a binary file object), or None if over the limit."""
    if isinstance(file, bytes):
        return SimpleUploadedFile("import.xlsx", file) if len(file) <= max_bytes else None
    if isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > max_bytes:
            return None
        return SimpleUploadedFile(path.name, path.read_bytes())
    if hasattr(file, "chunks"):
        return file if file.size <= max_bytes else None
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes:
        return None
    return SimpleUploadedFile(getattr(file, "name", None) or "import.xlsx", file.read())


def open_sheet(file, *, max_bytes: int):
    """(read-only workbook, its first sheet) or raises ValueError with a message for people."""
    name = str(file) if isinstance(file, str | Path) else getattr(file, "name", None) or ""
    if name and not name.lower().endswith(".xlsx"):
        raise ValueError(_("Only Excel files (.xlsx) can be imported; save the sheet as .xlsx and try again."))
    upload = _as_upload(file, max_bytes)
    if upload is None:
        raise ValueError(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    try:
        check_upload(upload)
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    except Exception as error:  # openpyxl raises anything from KeyError to TypeError on a damaged file
        raise ValueError(_("The file cannot be read as an Excel workbook.")) from error
    return workbook, workbook.worksheets[0]


# --- writing --------------------------------------------------------------------------------------------------------

# Text starting with one of these is what a spreadsheet may take for a formula (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def new_workbook(*, write_only: bool = False) -> Workbook:
    """A workbook to fill with `write_row` (the only way the product writes cells)."""
    return Workbook(write_only=write_only)


def as_text(cell: Cell) -> Cell:
    """`cell` with any text value stored as a string, never as a formula; numbers and dates keep their types."""
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl made "=..." a formula ("f") when the value was set
    return cell


def cell(sheet, value, *, number_format: str | None = None, font=None, fill=None, alignment=None) -> Cell:
    """A styled cell for `write_row` (a header, a date with its format), its text stored as text."""
    result = as_text(WriteOnlyCell(sheet, value=None if value == "" else value))
    if number_format:
        result.number_format = number_format
    if font is not None:
        result.font = font
    if fill is not None:
        result.fill = fill
    if alignment is not None:
        result.alignment = alignment
    return result


def write_row(sheet, values) -> None:
    """Append one row to `sheet` (normal or write-only): "" and None are empty cells, text is text (never a formula),
    numbers and dates keep their types, and cells made by `cell` keep their styles."""
    row = []
    for value in values:
        if isinstance(value, Cell):
            row.append(as_text(value))
        elif isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            # Only these need a cell of their own; other text is a string to openpyxl already, and a cell per text
            # would be a visible cost over an export of 100,000 rows.
            row.append(as_text(WriteOnlyCell(sheet, value=value)))
        else:
            row.append(None if value == "" else value)
    sheet.append(row)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A workbook to download (pages and API alike), under `filename`."""
    response = HttpResponse(content, content_type=XLSX)
    response.headers["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def add_choice_list(
    workbook: Workbook, sheet, *, title: str, values: list[str], ranges: list[str], prompt: str
) -> None:
    """Offer `values` as a drop-down list in the cells of `ranges` of `sheet`: the values are written (as text, by
    `write_row`) on a hidden sheet named `title`, which the list references, since a list typed in the rule itself
    is limited to 255 characters. Other text may still be typed (no error is shown): an import reading the cells
    decides what it accepts (a code, a name without diacritics…)."""
    choices = workbook.create_sheet(title)
    for value in values:
        write_row(choices, [value])
    choices.sheet_state = "hidden"
    if not values:
        return
    quoted = title.replace("'", "''")
    validation = DataValidation(type="list", formula1=f"'{quoted}'!$A$1:$A${len(values)}", allow_blank=True)
    validation.showErrorMessage = False
    validation.showInputMessage = True
    validation.prompt = prompt[:255]
    for cells in ranges:
        validation.add(cells)
    sheet.add_data_validation(validation)
