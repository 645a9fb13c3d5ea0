"""What the members' Excel imports and exports share: the column lists, reading a sheet a person filled in, the
templates, and the file kept between an import's preview and its confirmation.

The imports themselves are in excel_members (members and their cells, written by services_imports) and, for the
cadres' positions held, in lanhdao.cadres.excel (the kinds of import: imports.py); the exports in excel_export. They
follow lanhdao/work/excel.py and the pipeline of lanhdao.core.imports: a template with Vietnamese headers, a guide
sheet and an example row; every row checked by the sheet's form before anything is written; every problem reported
with its row and column; all or nothing, in one transaction.
"""

import io
import re
import secrets
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.core.imports import Layout, Limits, header_key
from lanhdao.core.text import fold
from lanhdao.core.uploads import XLSX
from lanhdao.core.xlsx import add_choice_list, new_workbook, write_row

CONTENT_TYPE = XLSX
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
DATE_FORMAT = "DD/MM/YYYY"
EARLIEST_YEAR = 1900  # birth dates of the oldest members; party dates start in 1930

_PENDING_DIR = "imports/members"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class Column(NamedTuple):
    key: str
    header: str  # Vietnamese, as in the template
    width: int
    guide: str
    aliases: tuple[str, ...] = ()  # other headers accepted, e.g. the English export's


class Sheet:
    """One import format: its columns, the required ones, the template's sheet names and example row."""

    def __init__(
        self,
        *,
        title: str,
        columns: tuple[Column, ...],
        required: tuple[str, ...],
        example: dict,
        choices: dict[str, str],
        notes: tuple[str, ...],
        noun: str,
    ) -> None:
        self.title = title
        self.columns = columns
        self.required = required
        self.example = example
        self.choices = choices  # column key -> "a,b,c" (the template's drop-down list)
        self.notes = notes
        self.noun = noun  # "members" / "positions", for messages
        self.headers = {column.key: column.header for column in columns}
        self.header_keys: dict[str, str] = {}
        for column in columns:
            for header in (column.header, *column.aliases):
                self.header_keys.setdefault(header_key(header), column.key)
        self.layout = Layout(
            header_keys=self.header_keys,
            headers=self.headers,
            required=required,
            example_key=columns[0].key,
            example_marker=example[columns[0].key],
        )

    def letters(self) -> dict[str, str]:
        return {column.key: get_column_letter(i) for i, column in enumerate(self.columns, 1)}


def may_import(user) -> bool:
    """Whoever may record on some unit may open an import; which units each row may use is checked row by row."""
    return bool(user.is_active and (user.is_superuser or units_for(user, Perm.RECORD).exists()))


# --- templates ------------------------------------------------------------------------------------------------------


def template(
    spec: Sheet,
    date_keys: tuple[str, ...],
    *,
    units: list[str] | None = None,
    unit_keys: tuple[str, ...] = (),
    example: dict | None = None,
) -> bytes:
    """The import sheet of `spec`; with `units`, a drop-down list of them in the `unit_keys` columns (names or
    codes may still be typed)."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = spec.title
    write_row(sheet, [column.header for column in spec.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    letters = spec.letters()
    for column in spec.columns:
        sheet.column_dimensions[letters[column.key]].width = column.width
    example = spec.example if example is None else example
    write_row(sheet, [example.get(column.key) for column in spec.columns])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for key in date_keys:
        sheet[f"{letters[key]}2"].number_format = DATE_FORMAT
    last = MAX_ROWS + 1
    for key, choices in spec.choices.items():
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        validation.error = f"Chọn một trong: {choices.replace(',', ', ')}."
        validation.errorTitle = spec.headers[key]
        validation.showErrorMessage = True
        validation.add(f"{letters[key]}2:{letters[key]}{last}")
        sheet.add_data_validation(validation)
    if units is not None:
        add_choice_list(
            workbook,
            sheet,
            title="Đơn vị",
            values=units,
            ranges=[f"{letters[key]}2:{letters[key]}{last}" for key in unit_keys],
            prompt="Chọn trong danh sách, hoặc gõ tên (có dấu hoặc không dấu) hay mã của đơn vị.",
        )
    _write_guide(workbook.create_sheet("Hướng dẫn"), spec, letters)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_guide(sheet, spec: Sheet, letters: dict[str, str]) -> None:
    write_row(sheet, ["Cột", "Tiêu đề", "Cách ghi"])
    for column in spec.columns:
        write_row(sheet, [letters[column.key], column.header, column.guide])
    write_row(sheet, [])
    for line in (
        f"Mỗi dòng của trang “{spec.title}” là một {spec.noun}; giữ nguyên dòng tiêu đề. Dòng trống được bỏ qua.",
        "Dòng ví dụ có sẵn (chữ xám nghiêng) được bỏ qua khi nhập; có thể xóa hoặc ghi đè lên nó.",
        "Ngày ghi dạng dd/mm/yyyy (ví dụ 31/12/2025); cũng nhận d-m-yyyy, yyyy-mm-dd và ô định dạng ngày của Excel.",
        "Các ô lựa chọn ghi có dấu hoặc không dấu, tiếng Việt hoặc tiếng Anh đều được (nu, Nữ, female…).",
        *spec.notes,
        f"Nhập tất cả hoặc không nhập gì: nếu có dòng sai, không dòng nào được lưu và chương trình liệt kê mọi dòng "
        f"sai cùng lý do. Tối đa {MAX_ROWS:,} dòng, tệp .xlsx không quá {MAX_BYTES // (1024 * 1024)} MB.".replace(
            f"{MAX_ROWS:,}", f"{MAX_ROWS:,}".replace(",", ".")
        ),
    ):
        write_row(sheet, [line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 8), ("B", 36), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


# --- reading a filled sheet -----------------------------------------------------------------------------------------


def limits() -> Limits:
    """The members' imports' limits, read when a file is read (tests lower MAX_ROWS)."""
    return Limits(
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        too_many=_("The file has more than %(n)s rows; split it into several files.") % {"n": f"{MAX_ROWS:,}"},
        nothing=_("The sheet has no row to import."),
    )


def choice_map(choices, extra: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{folded word: value} for a TextChoices: its values, its labels (the part before any parenthesis and the part
    inside it) and the Vietnamese words in `extra` ({value: words})."""
    found: dict[str, str] = {}
    for value, label in choices.choices:
        label = str(label)
        words = [value, label, label.split("(")[0]]
        if "(" in label:
            words.append(label.split("(")[1].rstrip(")"))
        words += extra.get(value, ())
        for word in words:
            found.setdefault(fold(word).strip(" ."), value)
    return found


# --- the file between preview and confirmation ----------------------------------------------------------------------


def keep_pending(content: bytes) -> str:
    """Store an uploaded file until its import is confirmed; returns the token that names it."""
    token = secrets.token_urlsafe(24)
    default_storage.save(f"{_PENDING_DIR}/{token}.xlsx", ContentFile(content))
    return token


def pending(token: str) -> bytes | None:
    if not _TOKEN.fullmatch(token or ""):
        return None
    name = f"{_PENDING_DIR}/{token}.xlsx"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def drop_pending(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        default_storage.delete(f"{_PENDING_DIR}/{token}.xlsx")
