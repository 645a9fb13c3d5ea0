"""Tasks to and from Excel: the import template, the all-or-nothing import and the export of any task list.

The import reads a sheet a person filled in by hand, so it checks every row before writing anything and reports every
problem with its row and column. Only a clean file is written, through services.task_create (one audited task per
row) inside one transaction: a rule the parser did not foresee still rolls the whole file back.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.core.text import fold
from lanhdao.core.uploads import XLSX
from lanhdao.core.xlsx import cell as xlsx_cell
from lanhdao.core.xlsx import new_workbook, write_row
from lanhdao.core.xlsx import open_sheet as read_sheet
from lanhdao.documents.models import symbol_key
from lanhdao.documents.selectors import documents_for
from lanhdao.documents.symbols import normalise_symbol
from lanhdao.org.models import Unit

from . import services
from .models import Priority, Recurrence, Task
from .status import Status, derive

CONTENT_TYPE = XLSX
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMAT = "DD/MM/YYYY"
EXAMPLE_TITLE = "Ví dụ: Xây dựng kế hoạch thực hiện Nghị quyết số 05-NQ/TU (dòng mẫu, không được nhập)"


class Column(NamedTuple):
    key: str
    header: str
    width: int
    guide: str


COLUMNS = (
    Column("title", "Tên nhiệm vụ", 48, "Bắt buộc. Tối đa 500 ký tự."),
    Column("description", "Mô tả", 40, "Không bắt buộc."),
    Column("assigning_unit", "Đơn vị giao (mã)", 16,
           "Bắt buộc. Mã của đơn vị giao nhiệm vụ; đồng chí phải có quyền ghi nhận trên đơn vị này."),
    Column("lead_unit", "Đơn vị chủ trì (mã)", 16,
           "Bắt buộc. Mã của đơn vị chủ trì: chính đơn vị giao hoặc một đơn vị trực thuộc."),
    Column("coordinating_units", "Đơn vị phối hợp (mã, cách nhau bằng dấu phẩy)", 28,
           "Không bắt buộc. Các mã đơn vị thuộc đơn vị giao, khác đơn vị chủ trì, cách nhau bằng dấu phẩy."),
    Column("document", "Văn bản thực hiện (số, ký hiệu)", 22,
           "Không bắt buộc. Số, ký hiệu của văn bản đã có trong sổ văn bản, ví dụ 05-NQ/TU. Nếu có nhiều văn bản "
           "cùng số, ký hiệu thì chọn văn bản của đơn vị giao hoặc cấp trên, ban hành gần nhất."),
    Column("document_item", "Mục của văn bản", 16, "Không bắt buộc. Ví dụ: Mục II.3. Tối đa 200 ký tự."),
    Column("start_date", "Ngày bắt đầu", 14, "Không bắt buộc (mặc định là ngày nhập). Dạng dd/mm/yyyy."),
    Column("deadline", "Thời hạn", 14,
           "Bắt buộc, trừ nhiệm vụ lặp lại (khi đó thời hạn là cuối kỳ đầu tiên). Dạng dd/mm/yyyy, "
           "không trước ngày bắt đầu."),
    Column("recurrence", "Lặp lại (tháng/quý/năm)", 14,
           "Không bắt buộc. Một trong: tháng, quý, năm; để trống nếu làm một lần."),
    Column("expected_output", "Sản phẩm dự kiến", 28, "Không bắt buộc. Tối đa 500 ký tự."),
    Column("priority", "Mức ưu tiên (thấp/bình thường/cao/khẩn)", 16,
           "Không bắt buộc (mặc định: bình thường). Một trong: thấp, bình thường, cao, khẩn."),
)  # fmt: skip
TEMPLATE_COLUMNS = tuple(column.header for column in COLUMNS)
HEADERS = {column.key: column.header for column in COLUMNS}
_COLUMN_ORDER = {column.header: i for i, column in enumerate(COLUMNS)}
REQUIRED_COLUMNS = ("title", "assigning_unit", "lead_unit")
MAX_LENGTHS = {"title": 500, "document_item": 200, "expected_output": 500}

# Headers are matched on their folded words before the parenthesis, so "ten nhiem vu" or "TÊN NHIỆM VỤ" also work.
_HEADER_KEYS = {fold(column.header.split("(")[0]): column.key for column in COLUMNS}
_RECURRENCES = {
    **dict.fromkeys(("", "khong", "khong lap", "mot lan", "once"), Recurrence.NONE),
    **dict.fromkeys(("thang", "hang thang", "moi thang", "monthly"), Recurrence.MONTHLY),
    **dict.fromkeys(("quy", "hang quy", "moi quy", "quarterly"), Recurrence.QUARTERLY),
    **dict.fromkeys(("nam", "hang nam", "moi nam", "yearly"), Recurrence.YEARLY),
}
_PRIORITIES = {
    **dict.fromkeys(("thap", "low", "1"), Priority.LOW),
    **dict.fromkeys(("", "binh thuong", "normal", "2"), Priority.NORMAL),
    **dict.fromkeys(("cao", "high", "3"), Priority.HIGH),
    **dict.fromkeys(("khan", "khan cap", "urgent", "4"), Priority.URGENT),
}
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_CODES = re.compile(r"[,;\s]+")


@dataclass
class RowError:
    row: int  # the row number in Excel; 0 for the file as a whole
    column: str  # the header of the column, or "" for the whole row or file
    message: str


@dataclass
class ImportResult:
    created: int
    errors: list[RowError] = field(default_factory=list)


# --- the template -------------------------------------------------------------------------------------------------


def import_template() -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    write_row(sheet, TEMPLATE_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    letters = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, 1)}
    for column in COLUMNS:
        sheet.column_dimensions[letters[column.key]].width = column.width
    for key in ("start_date", "deadline"):
        sheet.column_dimensions[letters[key]].number_format = DATE_FORMAT
    example = {
        "title": EXAMPLE_TITLE,
        "description": "Cụ thể hóa các nhiệm vụ của Nghị quyết trên địa bàn huyện",
        "assigning_unit": "HU-01",
        "lead_unit": "UB-01",
        "coordinating_units": "MT-01, DV-01",
        "document": "05-NQ/TU",
        "document_item": "Mục II.1",
        "start_date": datetime.date(2025, 1, 2),
        "deadline": datetime.date(2025, 6, 30),
        "recurrence": "",
        "expected_output": "Kế hoạch của Ủy ban nhân dân huyện",
        "priority": "cao",
    }
    write_row(sheet, [example[column.key] for column in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for key in ("start_date", "deadline"):
        sheet[f"{letters[key]}2"].number_format = DATE_FORMAT
    last = MAX_ROWS + 1
    for key, choices, message in (
        ("recurrence", "tháng,quý,năm", "Chọn tháng, quý hoặc năm; để trống nếu làm một lần."),
        ("priority", "thấp,bình thường,cao,khẩn", "Chọn thấp, bình thường, cao hoặc khẩn."),
    ):
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        validation.error = message
        validation.errorTitle = HEADERS[key]
        validation.showErrorMessage = True
        validation.add(f"{letters[key]}2:{letters[key]}{last}")
        sheet.add_data_validation(validation)
    _write_guide(workbook.create_sheet("Hướng dẫn"), letters)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_guide(sheet, letters: dict[str, str]) -> None:
    write_row(sheet, ["Cột", "Tiêu đề", "Cách ghi"])
    for column in COLUMNS:
        write_row(sheet, [letters[column.key], column.header, column.guide])
    write_row(sheet, [])
    for line in (
        "Mỗi dòng của trang “Nhiệm vụ” là một nhiệm vụ; giữ nguyên dòng tiêu đề. Dòng trống được bỏ qua.",
        "Dòng ví dụ có sẵn (chữ xám nghiêng) được bỏ qua khi nhập; có thể xóa hoặc ghi đè lên nó.",
        "Ngày ghi dạng dd/mm/yyyy (ví dụ 31/12/2025); cũng nhận d-m-yyyy, yyyy-mm-dd và ô định dạng ngày của Excel.",
        "Lặp lại và mức ưu tiên ghi có dấu hoặc không dấu đều được (quy, nam, khan…).",
        f"Nhập tất cả hoặc không nhập gì: nếu có dòng sai, không nhiệm vụ nào được lưu và chương trình liệt kê mọi "
        f"dòng sai cùng lý do. Tối đa {MAX_ROWS} dòng, tệp .xlsx không quá {MAX_BYTES // (1024 * 1024)} MB.",
    ):
        write_row(sheet, [line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 8), ("B", 44), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


# --- reading a filled sheet ---------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> datetime.date | None:
    """A date from a date cell or from text; None if the cell is empty; ValueError if it is not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    if not 1945 <= year <= 2100:
        raise ValueError(text)
    return datetime.date(year, month, day)  # raises ValueError for 31/02


def _read_rows(sheet) -> tuple[dict[str, int], list[tuple[int, tuple]], list[RowError]]:
    """({key: column index} from the header row, [(row number, values)] of the rows to import, file errors).

    Blank rows and the template's example row are skipped."""
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    positions: dict[str, int] = {}
    for index, value in enumerate(header[:50]):
        key = _HEADER_KEYS.get(fold(_text(value).split("(")[0]))
        if key and key not in positions:
            positions[key] = index
    missing = [HEADERS[key] for key in REQUIRED_COLUMNS if key not in positions]
    if missing:
        message = _("The first row must hold the column headers of the template; missing: %(columns)s.")
        return positions, [], [RowError(1, "", message % {"columns": ", ".join(missing)})]
    width = max(positions.values()) + 1
    title = positions["title"]
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), 2):
        if all(_text(v) == "" for v in values) or (len(values) > title and values[title] == EXAMPLE_TITLE):
            continue
        if len(rows) == MAX_ROWS:
            message = _("The file has more than %(n)d rows of tasks; split it into several files.") % {"n": MAX_ROWS}
            return positions, [], [RowError(0, "", message)]
        rows.append((number, values))
    if not rows:
        return positions, [], [RowError(0, "", _("The sheet has no task to import."))]
    return positions, rows, []


class _Lookups:
    """The units and documents every row names, fetched in two queries for the whole file."""

    def __init__(self, actor, cells: list[dict[str, str]]):
        codes = set()
        for cell in cells:
            codes |= {cell["assigning_unit"], cell["lead_unit"], *_CODES.split(cell["coordinating_units"])}
        codes.discard("")
        codes |= {code.upper() for code in codes}
        units = units_for(actor, Perm.VIEW, include_archived=True).filter(code__in=codes)
        self.units = {unit.code: unit for unit in units}
        self.units_upper = {code.upper(): unit for code, unit in self.units.items()}
        keys = {_symbol_key(cell["document"]) for cell in cells if cell["document"]}
        self.documents: dict[str, list] = {}
        if keys:
            for document in documents_for(actor).filter(symbol_key__in=keys).select_related("owner"):
                self.documents.setdefault(document.symbol_key, []).append(document)

    def unit(self, code: str) -> Unit | None:
        return self.units.get(code) or self.units_upper.get(code.upper())

    def document(self, text: str, assigning: Unit | None):
        """The document a symbol names: preferably one addressed to the assigning unit (its own or from above),
        then the latest issued (Party numbering restarts each term, so a symbol may exist more than once)."""
        found = self.documents.get(_symbol_key(text), [])
        line = {*assigning.ancestor_paths(), assigning.path} if assigning else set()
        return max(found, key=lambda d: (d.owner.path in line, d.issued_on or datetime.date.min, d.pk), default=None)


def _symbol_key(text: str) -> str:
    return symbol_key(normalise_symbol(text) or text)


def _check_unit(code: str, key: str, lookups: _Lookups, errors: list[RowError], row: int) -> Unit | None:
    unit = lookups.unit(code)
    if unit is None:
        errors.append(RowError(row, HEADERS[key], _("Unknown unit code %(code)s") % {"code": code}))
    elif unit.is_archived:
        errors.append(RowError(row, HEADERS[key], _("The unit %(code)s is archived") % {"code": code}))
        return None
    return unit


def _parse_row(row: int, cell: dict[str, str], raw: dict, actor, lookups: _Lookups, today) -> tuple[dict, list]:
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(row, HEADERS[key], message))

    if not cell["title"]:
        error("title", _("The title is required"))
    for key, limit in MAX_LENGTHS.items():
        if len(cell[key]) > limit:
            error(key, _("Too long: at most %(n)d characters") % {"n": limit})

    assigning = lead = None
    if not cell["assigning_unit"]:
        error("assigning_unit", _("The assigning unit is required"))
    else:
        assigning = _check_unit(cell["assigning_unit"], "assigning_unit", lookups, errors, row)
        if assigning is not None and not has_perm(actor, Perm.RECORD, assigning):
            error("assigning_unit", _("You may not assign tasks from %(code)s") % {"code": assigning.code})
            assigning = None
    if not cell["lead_unit"]:
        error("lead_unit", _("The lead unit is required"))
    else:
        lead = _check_unit(cell["lead_unit"], "lead_unit", lookups, errors, row)
    coordinating: list[Unit] = []
    for code in dict.fromkeys(c for c in _CODES.split(cell["coordinating_units"]) if c):
        if unit := _check_unit(code, "coordinating_units", lookups, errors, row):
            coordinating.append(unit)
    if assigning is not None:
        for key, unit in [("lead_unit", lead), *(("coordinating_units", u) for u in coordinating)]:
            if unit is not None and not unit.path.startswith(assigning.path):
                message = _("%(code)s is not under %(assigning)s, which assigns the task")
                error(key, message % {"code": unit.code, "assigning": assigning.code})
    if lead is not None and lead in coordinating:
        error("coordinating_units", _("The lead unit %(code)s cannot also coordinate") % {"code": lead.code})

    dates = {}
    for key in ("start_date", "deadline"):
        try:
            dates[key] = _date(raw.get(key))
        except ValueError:
            error(key, _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2025") % {"value": cell[key]})
            dates[key] = False
    recurrence = _RECURRENCES.get(fold(cell["recurrence"]))
    if recurrence is None:
        message = _("Unknown repetition “%(value)s”: write tháng, quý or năm, or leave it empty")
        error("recurrence", message % {"value": cell["recurrence"]})
    priority = _PRIORITIES.get(fold(cell["priority"]))
    if priority is None:
        message = _("Unknown priority “%(value)s”: write thấp, bình thường, cao or khẩn")
        error("priority", message % {"value": cell["priority"]})
    start, deadline = dates["start_date"] or today, dates["deadline"]
    if deadline is None and not recurrence:
        error("deadline", _("The deadline is required (or a repetition)"))
    if deadline and dates["start_date"] is not False and deadline < start:
        error("deadline", _("The deadline is before the start date"))

    document = None
    if cell["document"]:
        document = lookups.document(cell["document"], assigning)
        if document is None:
            message = _("No document with the symbol %(symbol)s that you may see")
            error("document", message % {"symbol": cell["document"]})

    data = {
        "row": row, "title": cell["title"], "description": cell["description"], "assigning_unit": assigning,
        "lead_unit": lead, "coordinating_units": coordinating, "document": document,
        "document_item": cell["document_item"], "start_date": start, "deadline": deadline or None,
        "recurrence": recurrence or Recurrence.NONE, "expected_output": cell["expected_output"],
        "priority": priority or Priority.NORMAL,
    }  # fmt: skip
    return data, errors


def parse_tasks(file, *, actor) -> tuple[list[dict], list[RowError]]:
    """The tasks of the first sheet, ready for services.task_create (plus their `row`), and every error found."""
    try:
        workbook, sheet = read_sheet(file, max_bytes=MAX_BYTES)
    except ValueError as error:
        return [], [RowError(0, "", str(error))]
    try:
        positions, rows, errors = _read_rows(sheet)
    finally:
        workbook.close()
    if errors:
        return [], errors
    raws = [{key: values[i] if i < len(values) else None for key, i in positions.items()} for _n, values in rows]
    cells = [{column.key: _text(raw.get(column.key)) for column in COLUMNS} for raw in raws]
    lookups = _Lookups(actor, cells)
    today = timezone.localdate()  # the default start, as in the form
    parsed, errors = [], []
    for (number, _values), cell, raw in zip(rows, cells, raws, strict=True):
        data, row_errors = _parse_row(number, cell, raw, actor, lookups, today)
        parsed.append(data)
        errors.extend(row_errors)
    errors.sort(key=lambda e: (e.row, _COLUMN_ORDER.get(e.column, -1)))  # as the person reads the sheet
    return parsed, errors


# --- importing ----------------------------------------------------------------------------------------------------


class _RollBack(Exception):
    pass


def _service_errors(row: int, error: Exception) -> list[RowError]:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [
            RowError(row, HEADERS.get(name, ""), message)
            for name, errors in error.message_dict.items()
            for message in errors
        ]
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return [RowError(row, "", message) for message in messages]


def import_tasks(file, *, actor) -> ImportResult:
    """Every task of the file, or none: nothing is written while any row has an error."""
    rows, errors = parse_tasks(file, actor=actor)
    if errors:
        return ImportResult(created=0, errors=errors)
    heads: dict[int, object] = {}
    try:
        with transaction.atomic():
            for data in rows:
                data = dict(data)
                row = data.pop("row")
                lead = data["lead_unit"]
                if lead.pk not in heads:
                    heads[lead.pk] = services.head_of(lead)  # the service's default, looked up once per unit
                try:
                    services.task_create(actor=actor, responsible=heads[lead.pk], audit=True, **data)
                except (ValidationError, PermissionDenied) as error:
                    # The service's own savepoint has undone this row; go on to report the others too.
                    errors.extend(_service_errors(row, error))
            if errors:
                raise _RollBack
    except _RollBack:
        return ImportResult(created=0, errors=errors)
    return ImportResult(created=len(rows), errors=[])


# --- exporting ----------------------------------------------------------------------------------------------------


def _export_columns() -> list[tuple[str, int]]:
    return [
        (_("Task"), 50), (_("Lead unit"), 28), (_("Coordinating units"), 32), (_("Responsible"), 22),
        (_("Start"), 12), (_("Deadline"), 12), (_("Status"), 18), (_("Progress (%)"), 10), (_("Document"), 16),
        (_("Item of the document"), 16), (_("Priority"), 12),
    ]  # fmt: skip


def export_tasks(rows, *, today: datetime.date, reader, chunk_size: int = 2000) -> bytes:
    """A task list (annotated with `status` by selectors.with_status) as an .xlsx, streamed: the rows are read
    `chunk_size` at a time, with the coordinating units of each chunk in one more query, and written as they come.

    The document column names a document only if `reader` may open it; otherwise it says that a hidden document
    exists (README "Confidentiality"): a file leaves the system, so it holds nothing its reader may not see."""
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Tasks")[:31])
    columns = _export_columns()
    for i, (_title, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    write_row(sheet, [xlsx_cell(sheet, title, font=bold) for title, _width in columns])

    def day(value):
        return xlsx_cell(sheet, value, number_format=DATE_FORMAT)

    openable = set(
        documents_for(reader, include_archived=True)
        .filter(pk__in=rows.filter(document__isnull=False).order_by().values("document_id"))
        .values_list("pk", flat=True)
    )
    hidden_document = _("(a document you may not see)")
    rows = rows.select_related("lead_unit", "responsible", "document").prefetch_related(
        Prefetch("coordinating_units", queryset=Unit.objects.only("pk", "name").order_by("path"))
    )
    # Labels translated once, not once per row: gettext is a visible share of the time over 100,000 rows.
    status_labels = {status.value: str(status.label) for status in Status}
    priority_labels = {priority.value: str(priority.label) for priority in Priority}
    count = 0
    task: Task
    for task in rows.iterator(chunk_size=chunk_size):
        status = getattr(task, "status", None) or derive(task, today)
        values = [
            task.title,
            task.lead_unit.name,
            ", ".join(unit.name for unit in task.coordinating_units.all()),
            str(task.responsible) if task.responsible else None,
            day(task.start_date),
            day(task.deadline),
            status_labels[status],
            task.progress,
            (task.document.symbol if task.document_id in openable else hidden_document) if task.document else "",
            task.document_item,
            priority_labels.get(task.priority, task.priority),
        ]
        write_row(sheet, values)  # "" is an empty cell, not an empty text; a title "=…" stays text
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
