"""What the members' Excel imports and exports share: the column lists, reading a sheet a person filled in, the
templates, and the file kept between an import's preview and its confirmation.

The imports themselves are in excel_members (members and their cells) and excel_positions (cadres' positions held),
the exports in excel_export. They follow lanhdao/work/excel.py: a template with Vietnamese headers, a guide sheet and
an example row; every row checked before anything is written; every problem reported with its row and column; all
or nothing, in one transaction.
"""

import datetime
import io
import re
import secrets
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.core.text import fold
from lanhdao.core.uploads import XLSX
from lanhdao.core.xlsx import new_workbook, write_row
from lanhdao.core.xlsx import open_sheet as read_sheet

CONTENT_TYPE = XLSX
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
DATE_FORMAT = "DD/MM/YYYY"
EARLIEST_YEAR = 1900  # birth dates of the oldest members; party dates start in 1930

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PENDING_DIR = "imports/members"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


class Column(NamedTuple):
    key: str
    header: str  # Vietnamese, as in the template
    width: int
    guide: str
    aliases: tuple[str, ...] = ()  # other headers accepted, e.g. the English export's


@dataclass
class RowError:
    row: int  # the row number in Excel; 0 for the file as a whole
    column: str  # the header of the column, or "" for the whole row or file
    message: str


@dataclass
class Parsed:
    """What a file would create (`rows`, each a dict with its `row` number), or why it cannot be imported."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int
    errors: list[RowError] = field(default_factory=list)


class Sheet:
    """One import format: its columns, the required ones, the template's sheet names and example row."""

    def __init__(self, *, title: str, columns: tuple[Column, ...], required: tuple[str, ...], example: dict,
                 choices: dict[str, str], notes: tuple[str, ...], noun: str) -> None:  # fmt: skip
        self.title = title
        self.columns = columns
        self.required = required
        self.example = example
        self.choices = choices  # column key -> "a,b,c" (the template's drop-down list)
        self.notes = notes
        self.noun = noun  # "members" / "positions", for messages
        self.headers = {column.key: column.header for column in columns}
        self.order = {column.header: i for i, column in enumerate(columns)}
        self.header_keys: dict[str, str] = {}
        for column in columns:
            for header in (column.header, *column.aliases):
                self.header_keys.setdefault(header_key(header), column.key)
        self.example_marker = example[columns[0].key]

    def letters(self) -> dict[str, str]:
        return {column.key: get_column_letter(i) for i, column in enumerate(self.columns, 1)}


def may_import(user) -> bool:
    """Whoever may record on some unit may open an import; which units each row may use is checked row by row."""
    return bool(user.is_active and (user.is_superuser or units_for(user, Perm.RECORD).exists()))


def header_key(header: str) -> str:
    """Headers are matched on their folded words before any parenthesis: "HỌ VÀ TÊN", "ho va ten (bắt buộc)"."""
    return fold(str(header).split("(")[0]).rstrip(" *:")


# --- templates ------------------------------------------------------------------------------------------------------


def template(spec: Sheet, date_keys: tuple[str, ...]) -> bytes:
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
    write_row(sheet, [spec.example.get(column.key) for column in spec.columns])
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


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def parse_date(value) -> datetime.date | None:
    """A date from a date cell or from text; None if the cell is empty; ValueError if it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = text(value)
    if not written:
        return None
    if match := _DAY_FIRST.fullmatch(written):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(written):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(written)
    if not EARLIEST_YEAR <= year <= 2100:
        raise ValueError(written)
    return datetime.date(year, month, day)  # raises ValueError for 31/02


def read_rows(spec: Sheet, file) -> tuple[list[tuple[int, dict, dict]], list[RowError]]:
    """[(row number, {key: text}, {key: raw cell value})] of the rows to import, or the file's errors.

    Blank rows and the template's example row are skipped."""
    try:
        workbook, sheet = read_sheet(file, max_bytes=MAX_BYTES)
    except ValueError as error:
        return [], [RowError(0, "", str(error))]
    try:
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        positions: dict[str, int] = {}
        for index, value in enumerate(header[:60]):
            key = spec.header_keys.get(header_key(text(value)))
            if key and key not in positions:
                positions[key] = index
        missing = [spec.headers[key] for key in spec.required if key not in positions]
        if missing:
            message = _("The first row must hold the column headers of the template; missing: %(columns)s.")
            return [], [RowError(1, "", message % {"columns": ", ".join(missing)})]
        width = max(positions.values()) + 1
        first = positions.get(spec.columns[0].key)
        rows = []
        for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), 2):
            if all(v is None or text(v) == "" for v in values):
                continue
            if first is not None and len(values) > first and values[first] == spec.example_marker:
                continue
            if len(rows) == MAX_ROWS:
                message = _("The file has more than %(n)s rows; split it into several files.")
                return [], [RowError(0, "", message % {"n": f"{MAX_ROWS:,}"})]
            raw = {key: values[i] if i < len(values) else None for key, i in positions.items()}
            rows.append((number, {column.key: text(raw.get(column.key)) for column in spec.columns}, raw))
    finally:
        workbook.close()
    if not rows:
        return [], [RowError(0, "", _("The sheet has no row to import."))]
    return rows, []


def sorted_errors(spec: Sheet, errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda e: (e.row, spec.order.get(e.column, -1)))  # as the person reads the sheet


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
