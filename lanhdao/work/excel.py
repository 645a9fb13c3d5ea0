"""Tasks to and from Excel: the import template, the all-or-nothing import and the export of any task list.

The import reads a sheet a person filled in by hand, through the pipeline of lanhdao.core.imports: every row checked
by TaskRow before anything is written, every problem reported with its row and column. Only a clean file is written,
by services.tasks_import (one audited task per row, one transaction): a rule the form did not foresee still rolls the
whole file back.
"""

import datetime
import io
import re
from typing import NamedTuple

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots, units_for
from lanhdao.core.imports import (
    Choice,
    Date,
    ImportResult,
    Layout,
    Limits,
    Parsed,
    RowError,
    RowForm,
    Text,
    check_rows,
    header_key,
    in_sheet_order,
    read_rows,
    run_import,
    text,
)
from lanhdao.core.uploads import XLSX
from lanhdao.core.xlsx import add_choice_list, new_workbook, write_row
from lanhdao.core.xlsx import cell as xlsx_cell
from lanhdao.documents.models import symbol_key
from lanhdao.documents.selectors import documents_for
from lanhdao.documents.symbols import normalise_symbol
from lanhdao.org.models import Unit
from lanhdao.org.picker import describe_candidates, unit_list_entries, units_by_reference
from lanhdao.org.selectors import subtree

from . import services
from .models import Priority, Recurrence, Task
from .status import Status, derive

CONTENT_TYPE = XLSX
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
DATE_FORMAT = "DD/MM/YYYY"
EARLIEST_YEAR = 1945  # an earlier year in a task's dates is a typing mistake
EXAMPLE_TITLE = "Ví dụ: Xây dựng kế hoạch thực hiện Nghị quyết số 05-NQ/TU (dòng mẫu, không được nhập)"


class Column(NamedTuple):
    key: str
    header: str
    width: int
    guide: str


COLUMNS = (
    Column("title", "Tên nhiệm vụ", 48, "Bắt buộc. Tối đa 500 ký tự."),
    Column("description", "Mô tả", 40, "Không bắt buộc."),
    Column(
        "assigning_unit",
        "Đơn vị giao (tên hoặc mã)",
        24,
        "Bắt buộc. Tên của đơn vị giao nhiệm vụ (chọn trong danh sách, có dấu hoặc không dấu) hoặc mã của nó; "
        "đồng chí phải có quyền ghi nhận trên đơn vị này.",
    ),
    Column(
        "lead_unit",
        "Đơn vị chủ trì (tên hoặc mã)",
        24,
        "Bắt buộc. Tên (chọn trong danh sách) hoặc mã của đơn vị chủ trì: chính đơn vị giao hoặc một đơn vị "
        "trực thuộc.",
    ),
    Column(
        "coordinating_units",
        "Đơn vị phối hợp (tên hoặc mã, cách nhau bằng dấu ;)",
        32,
        "Không bắt buộc. Tên hoặc mã các đơn vị thuộc đơn vị giao, khác đơn vị chủ trì, cách nhau bằng dấu chấm "
        "phẩy (;). Tên mà nhiều đơn vị cùng mang thì ghi như trong danh sách: tên (mã).",
    ),
    Column(
        "document",
        "Văn bản thực hiện (số, ký hiệu)",
        22,
        "Không bắt buộc. Số, ký hiệu của văn bản đã có trong sổ văn bản, ví dụ 05-NQ/TU. Nếu có nhiều văn bản "
        "cùng số, ký hiệu thì chọn văn bản của đơn vị giao hoặc cấp trên, ban hành gần nhất.",
    ),
    Column("document_item", "Mục của văn bản", 16, "Không bắt buộc. Ví dụ: Mục II.3. Tối đa 200 ký tự."),
    Column("start_date", "Ngày bắt đầu", 14, "Không bắt buộc (mặc định là ngày nhập). Dạng dd/mm/yyyy."),
    Column(
        "deadline",
        "Thời hạn",
        14,
        "Bắt buộc, trừ nhiệm vụ lặp lại (khi đó thời hạn là cuối kỳ đầu tiên). Dạng dd/mm/yyyy, "
        "không trước ngày bắt đầu.",
    ),
    Column(
        "recurrence",
        "Lặp lại (tháng/quý/năm)",
        14,
        "Không bắt buộc. Một trong: tháng, quý, năm; để trống nếu làm một lần.",
    ),
    Column("expected_output", "Sản phẩm dự kiến", 28, "Không bắt buộc. Tối đa 500 ký tự."),
    Column(
        "priority",
        "Mức ưu tiên (thấp/bình thường/cao/khẩn)",
        16,
        "Không bắt buộc (mặc định: bình thường). Một trong: thấp, bình thường, cao, khẩn.",
    ),
)
TEMPLATE_COLUMNS = tuple(column.header for column in COLUMNS)
HEADERS = {column.key: column.header for column in COLUMNS}
REQUIRED_COLUMNS = ("title", "assigning_unit", "lead_unit")
MAX_LENGTHS = {"title": 500, "document_item": 200, "expected_output": 500}

# Headers are matched on their folded words before the parenthesis, so "ten nhiem vu" or "TÊN NHIỆM VỤ" also work.
LAYOUT = Layout(
    header_keys={header_key(column.header): column.key for column in COLUMNS},
    headers=HEADERS,
    required=REQUIRED_COLUMNS,
    example_key="title",
    example_marker=EXAMPLE_TITLE,
)
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
_SEPARATORS = re.compile(r"[;,\n]+")
UNITS_SHEET = "Đơn vị"
MAX_LISTED_UNITS = 5000  # the drop-down list of a template: a province's units; past that, names are typed


# --- the template -------------------------------------------------------------------------------------------------


def import_template(actor=None) -> bytes:
    """The import sheet. For `actor`: a drop-down list of the units they may name (a hidden sheet of names) and an
    example row naming their own units, which imports as it stands. Without one: a marked example, skipped."""
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
    example = _example(actor) if actor is not None else _MARKED_EXAMPLE
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
    if actor is not None:
        keys = ("assigning_unit", "lead_unit", "coordinating_units")
        add_choice_list(
            workbook,
            sheet,
            title=UNITS_SHEET,
            values=list(_listed_names(actor).values()),
            ranges=[f"{letters[key]}2:{letters[key]}{last}" for key in keys],
            prompt="Chọn đơn vị trong danh sách, hoặc gõ tên (có dấu hoặc không dấu) hay mã của đơn vị.",
        )
    _write_guide(workbook.create_sheet("Hướng dẫn"), letters, for_actor=actor is not None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_MARKED_EXAMPLE = {
    "title": EXAMPLE_TITLE,
    "description": "Cụ thể hóa các nhiệm vụ của Nghị quyết trên địa bàn huyện",
    "assigning_unit": "Huyện ủy",
    "lead_unit": "Ủy ban nhân dân huyện",
    "coordinating_units": "Ủy ban Mặt trận Tổ quốc huyện; Huyện đoàn",
    "document": "05-NQ/TU",
    "document_item": "Mục II.1",
    "start_date": datetime.date(2025, 1, 2),
    "deadline": datetime.date(2025, 6, 30),
    "recurrence": "",
    "expected_output": "Kế hoạch của Ủy ban nhân dân huyện",
    "priority": "cao",
}


def _example(actor) -> dict:
    """A row naming the actor's own units, as the drop-down list writes them: it imports as it stands."""
    assigning = scope_roots(actor, Perm.RECORD).first()
    under = list(subtree(assigning, include_self=False).filter(depth=assigning.depth + 1)[:2]) if assigning else []
    lead = under[0] if under else assigning
    listed = _listed_names(actor)
    today = timezone.localdate()
    document = _example_document(actor, assigning)
    return {
        "title": f"Xây dựng kế hoạch thực hiện {document.symbol}" if document else "Báo cáo kết quả công tác quý",
        "description": "Dòng ví dụ: sửa hoặc xóa trước khi nhập",
        "assigning_unit": listed.get(assigning.pk, "") if assigning else "",
        "lead_unit": listed.get(lead.pk, "") if lead else "",
        "coordinating_units": listed.get(under[1].pk, "") if len(under) > 1 else "",
        "document": document.symbol if document else "",
        "document_item": "",
        "start_date": today,
        "deadline": today + datetime.timedelta(days=90),
        "recurrence": "",
        "expected_output": "Kế hoạch",
        "priority": "bình thường",
    }


def _listed_names(actor) -> dict[int, str]:
    units = list(units_for(actor, Perm.VIEW).order_by("path")[:MAX_LISTED_UNITS])
    return dict(zip([u.pk for u in units], unit_list_entries(units), strict=True))


def _example_document(actor, assigning: Unit | None):
    """A document addressed to the assigning unit (its own or from above) that the actor may see, if any."""
    if assigning is None:
        return None
    line = [*assigning.ancestor_paths(), assigning.path]
    return documents_for(actor).filter(owner__path__in=line).order_by("-issued_on", "-id").first()


def _write_guide(sheet, letters: dict[str, str], *, for_actor: bool) -> None:
    write_row(sheet, ["Cột", "Tiêu đề", "Cách ghi"])
    for column in COLUMNS:
        write_row(sheet, [letters[column.key], column.header, column.guide])
    write_row(sheet, [])
    for line in (
        "Mỗi dòng của trang “Nhiệm vụ” là một nhiệm vụ; giữ nguyên dòng tiêu đề. Dòng trống được bỏ qua.",
        (
            "Dòng ví dụ có sẵn (chữ xám nghiêng) ghi các đơn vị của đồng chí và nhập được ngay; hãy sửa hoặc xóa nó "
            "trước khi nhập nếu không muốn giao nhiệm vụ đó."
            if for_actor
            else "Dòng ví dụ có sẵn (chữ xám nghiêng) được bỏ qua khi nhập; có thể xóa hoặc ghi đè lên nó."
        ),
        "Đơn vị ghi bằng tên như trên cây tổ chức (chọn trong danh sách thả xuống; có dấu hoặc không dấu đều được) "
        "hoặc bằng mã. Tên mà nhiều đơn vị cùng mang thì ghi như trong danh sách: tên (mã).",
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


class _Lookups:
    """The units and documents every row names, fetched in a few queries for the whole file."""

    def __init__(self, actor, rows: list[tuple[int, dict]]):
        written = set()
        for _number, raw in rows:
            written |= {text(raw["assigning_unit"]), text(raw["lead_unit"])}
            for piece in _pieces(raw["coordinating_units"]):
                written |= {piece, *piece.split()}  # a piece may be codes separated by spaces, as once written
        self.units = units_by_reference(units_for(actor, Perm.VIEW, include_archived=True), written)
        keys = {_symbol_key(text(raw["document"])) for _number, raw in rows if text(raw["document"])}
        self.documents: dict[str, list] = {}
        if keys:
            for document in documents_for(actor).filter(symbol_key__in=keys).select_related("owner"):
                self.documents.setdefault(document.symbol_key, []).append(document)

    def unit(self, written: str) -> list[Unit]:
        """The units `written` names (none, one, or several when a name is ambiguous)."""
        return self.units.get(written.strip(), [])

    def coordinating(self, value) -> list[str]:
        """The unit references of a coordinating cell: separated by ";" (or ","); a piece that names nothing but
        whose words are all codes is read as codes separated by spaces (the old templates)."""
        references = []
        for piece in _pieces(value):
            words = piece.split()
            if not self.unit(piece) and len(words) > 1 and all(self.unit(w) for w in words):
                references += words
            else:
                references.append(piece)
        return list(dict.fromkeys(references))

    def document(self, written: str, assigning: Unit | None):
        """The document a symbol names: preferably one addressed to the assigning unit (its own or from above),
        then the latest issued (Party numbering restarts each term, so a symbol may exist more than once)."""
        found = self.documents.get(_symbol_key(written), [])
        line = {*assigning.ancestor_paths(), assigning.path} if assigning else set()
        return max(found, key=lambda d: (d.owner.path in line, d.issued_on or datetime.date.min, d.pk), default=None)


def _symbol_key(written: str) -> str:
    return symbol_key(normalise_symbol(written) or written)


def _pieces(value) -> list[str]:
    """The units written in a cell, each once, in the order written."""
    return list(dict.fromkeys(p.strip() for p in _SEPARATORS.split(text(value)) if p.strip()))


class TaskRow(RowForm):
    """One row of the tasks' sheet: a task for services.task_create."""

    title = Text(limit=MAX_LENGTHS["title"], required=gettext_lazy("The title is required"))
    description = Text()
    assigning_unit = Text(required=gettext_lazy("The assigning unit is required"))
    lead_unit = Text(required=gettext_lazy("The lead unit is required"))
    coordinating_units = Text()
    document = Text()
    document_item = Text(limit=MAX_LENGTHS["document_item"])
    start_date = Date(earliest=EARLIEST_YEAR)
    deadline = Date(earliest=EARLIEST_YEAR)
    recurrence = Choice(
        words=_RECURRENCES,
        strip="",
        unknown=gettext_lazy("Unknown repetition “%(value)s”: write tháng, quý or năm, or leave it empty"),
    )
    expected_output = Text(limit=MAX_LENGTHS["expected_output"])
    priority = Choice(
        words=_PRIORITIES,
        strip="",
        unknown=gettext_lazy("Unknown priority “%(value)s”: write thấp, bình thường, cao or khẩn"),
    )

    def _unit(self, key: str, written: str) -> Unit | None:
        """The unit a name or code names, or None with the reason on column `key`."""
        found = self.context["lookups"].unit(written)
        if not found:
            self.add_error(key, _("No unit you may see is named or coded %(unit)s") % {"unit": written})
            return None
        if len(found) > 1:
            message = _("Several units are named %(unit)s: %(candidates)s; write the one you mean as in the list")
            self.add_error(key, message % {"unit": written, "candidates": describe_candidates(found)})
            return None
        unit = found[0]
        if unit.is_archived:
            self.add_error(key, _("The unit %(code)s is archived") % {"code": written})
            return None
        return unit

    def _assigning(self) -> Unit | None:
        code = self.value("assigning_unit")
        unit = self._unit("assigning_unit", code) if code else None
        if unit is not None and not has_perm(self.context["actor"], Perm.RECORD, unit):
            self.add_error("assigning_unit", _("You may not assign tasks from %(code)s") % {"code": unit.code})
            return None
        return unit

    def _units(self) -> tuple[Unit | None, Unit | None, list[Unit]]:
        assigning = self._assigning()
        lead = self._unit("lead_unit", self.value("lead_unit")) if self.value("lead_unit") else None
        written = self.context["lookups"].coordinating(self.value("coordinating_units"))
        coordinating = list({u.pk: u for w in written if (u := self._unit("coordinating_units", w))}.values())
        if assigning is not None:
            for key, unit in [("lead_unit", lead), *(("coordinating_units", u) for u in coordinating)]:
                if unit is not None and not unit.path.startswith(assigning.path):
                    message = _("%(code)s is not under %(assigning)s, which assigns the task")
                    self.add_error(key, message % {"code": unit.code, "assigning": assigning.code})
        if lead is not None and lead in coordinating:
            message = _("The lead unit %(code)s cannot also coordinate")
            self.add_error("coordinating_units", message % {"code": lead.code})
        return assigning, lead, coordinating

    def _dates(self) -> tuple[datetime.date, datetime.date | None]:
        start, deadline = self.value("start_date") or self.context["today"], self.value("deadline")
        if "deadline" in self.errors:
            return start, None
        if deadline is None and not self.value("recurrence"):
            self.add_error("deadline", _("The deadline is required (or a repetition)"))
        if deadline and "start_date" not in self.errors and deadline < start:
            self.add_error("deadline", _("The deadline is before the start date"))
        return start, deadline

    def _document(self, assigning: Unit | None):
        written = self.value("document")
        document = self.context["lookups"].document(written, assigning) if written else None
        if written and document is None:
            message = _("No document with the symbol %(symbol)s that you may see")
            self.add_error("document", message % {"symbol": written})
        return document

    def clean(self):
        assigning, lead, coordinating = self._units()
        start, deadline = self._dates()
        document = self._document(assigning)
        self.row = {
            "row": self.number,
            "title": self.cell("title"),
            "description": self.cell("description"),
            "assigning_unit": assigning,
            "lead_unit": lead,
            "coordinating_units": coordinating,
            "document": document,
            "document_item": self.cell("document_item"),
            "start_date": start,
            "deadline": deadline,
            "recurrence": self.value("recurrence") or Recurrence.NONE,
            "expected_output": self.cell("expected_output"),
            "priority": self.value("priority") or Priority.NORMAL,
        }
        return self.cleaned_data


def parse_tasks(file, *, actor) -> tuple[list[dict], list[RowError]]:
    """The tasks of the first sheet, ready for services.task_create (plus their `row`), and every error found."""
    parsed = _parse(file, actor=actor)
    return parsed.rows, parsed.errors


def _parse(file, *, actor) -> Parsed:
    limits = Limits(
        max_rows=MAX_ROWS,
        max_bytes=MAX_BYTES,
        too_many=_("The file has more than %(n)d rows of tasks; split it into several files.") % {"n": MAX_ROWS},
        nothing=_("The sheet has no task to import."),
    )
    rows, errors = read_rows(file, layout=LAYOUT, limits=limits)
    if errors:
        return Parsed(errors=errors)
    context = {"actor": actor, "lookups": _Lookups(actor, rows), "today": timezone.localdate()}
    forms, errors = check_rows(rows, TaskRow, HEADERS, **context)
    return Parsed(rows=[form.row for form in forms], errors=in_sheet_order(errors, HEADERS))


# --- importing ----------------------------------------------------------------------------------------------------


def import_tasks(file, *, actor, dry_run: bool = False) -> ImportResult:
    """Every task of the file, or none: nothing is written while any row has an error (services.tasks_import)."""
    return run_import(_parse, services.tasks_import, file, actor=actor, headers=HEADERS, dry_run=dry_run)


# --- exporting ----------------------------------------------------------------------------------------------------


def _export_columns() -> list[tuple[str, int]]:
    return [
        (_("Task"), 50),
        (_("Lead unit"), 28),
        (_("Coordinating units"), 32),
        (_("Responsible"), 22),
        (_("Start"), 12),
        (_("Deadline"), 12),
        (_("Status"), 18),
        (_("Progress (%)"), 10),
        (_("Document"), 16),
        (_("Item of the document"), 16),
        (_("Priority"), 12),
    ]


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
