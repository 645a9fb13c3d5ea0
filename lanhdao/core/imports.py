"""One pipeline for every sheet people fill in and import (tasks, party members, cadres' posts held).

1. Read: the first sheet's header row names the columns (its folded words before any parenthesis, so "TÊN NHIỆM VỤ"
   or "ten nhiem vu (bắt buộc)" work); every later row that is not blank nor the template's example row becomes
   (row number, {column key: cell value}). A file that cannot be read, or that has no row or too many, is refused as
   a whole (row 0).
2. Check: each row goes through the Django form of its sheet (a `RowForm`), which turns cells into values and
   collects every problem of the row with its column; rules across rows (the same number twice) are checked by the
   sheet's parse function. Nothing is written while any row has an error, and every error is reported, in the order
   the person reads the sheet.
3. Write: a clean file is written by ONE service per sheet kind, in one transaction, called alike by the page, the
   API and the tests (`run_import`). A rule only the service knows is raised as `Refused`, which rolls the whole
   file back and is reported like the form's errors.

Each sheet's module keeps its columns, its template and its form; this module holds what they all share.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from .dates import parse_day
from .text import fold
from .xlsx import open_sheet

LATEST_YEAR = 2100


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
    rows: list[dict] = field(default_factory=list)  # what was (or, on a dry run, would be) written


class Refused(Exception):
    """Raised by an import service to undo the whole file: `errors` name each row (column: a field name)."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


# --- cells ----------------------------------------------------------------------------------------------------------


def text(value) -> str:
    """A cell as people read it: a whole number without ".0", a date as dd/mm/yyyy, text without outer spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def parse_date(value, *, earliest: int) -> datetime.date | None:
    """A date from a date cell or from text (dd/mm/yyyy, d-m-yyyy, d.m.yyyy, yyyy-mm-dd); None if the cell is empty;
    ValueError if it is not a date or its year is before `earliest` or after 2100."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = text(value)
    day = parse_day(written)  # the one reader of typed dates (core.dates); its DateTextError is a ValueError
    if day is not None and not earliest <= day.year <= LATEST_YEAR:
        raise ValueError(written)
    return day


def header_key(header: str) -> str:
    """Headers are matched on their folded words before any parenthesis: "HỌ VÀ TÊN", "ho va ten (bắt buộc)"."""
    return fold(str(header).split("(")[0]).rstrip(" *:")


# --- reading a sheet ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a sheet's columns are found: {folded header: key}, {key: header}, the keys that must be there, and the
    template's example row (the value of `example_key` that marks it)."""

    header_keys: dict[str, str]
    headers: dict[str, str]
    required: tuple[str, ...]
    example_key: str
    example_marker: object


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_bytes: int
    too_many: str  # the message when the file has more than max_rows rows
    nothing: str  # the message when it has none


def _columns(layout: Layout, header: tuple) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, value in enumerate(header[:60]):
        key = layout.header_keys.get(header_key(text(value)))
        if key and key not in positions:
            positions[key] = index
    return positions


def _at(values: tuple, index: int | None):
    return values[index] if index is not None and index < len(values) else None


def read_rows(file, *, layout: Layout, limits: Limits) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """[(row number, {key: cell value} for every key of `layout`)] of the rows to import, or the file's errors."""
    try:
        workbook, sheet = open_sheet(file, max_bytes=limits.max_bytes)
    except ValueError as error:
        return [], [RowError(0, "", str(error))]
    try:
        positions = _columns(layout, next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ()))
        missing = [layout.headers[key] for key in layout.required if key not in positions]
        if missing:
            message = _("The first row must hold the column headers of the template; missing: %(columns)s.")
            return [], [RowError(1, "", message % {"columns": ", ".join(missing)})]
        rows = []
        cells = sheet.iter_rows(min_row=2, max_col=max(positions.values()) + 1, values_only=True)
        for number, values in enumerate(cells, 2):
            raw = {key: _at(values, positions.get(key)) for key in layout.headers}
            if all(text(value) == "" for value in values) or raw[layout.example_key] == layout.example_marker:
                continue
            if len(rows) == limits.max_rows:
                return [], [RowError(0, "", limits.too_many)]
            rows.append((number, raw))
    finally:
        workbook.close()
    if not rows:
        return [], [RowError(0, "", limits.nothing)]
    return rows, []


# --- checking a row -------------------------------------------------------------------------------------------------


class _Shared:
    """A row form's fields are the same for every row and never changed by one: a form shares them instead of
    deep-copying them (Django's default), which over 10,000 rows of twenty columns saves seconds."""

    def __deepcopy__(self, memo):
        return self


class _SharedFields(_Shared, dict):
    pass


def too_long(limit: int) -> ValidationError:
    return ValidationError(_("Too long: at most %(n)d characters") % {"n": limit})


class Text(_Shared, forms.Field):
    """A text cell: `limit` characters at most; `required` says so with the sheet's own message."""

    def __init__(self, *, limit: int | None = None, required: str = ""):
        # A label (never shown) spares Django making one from the field's name for each row.
        super().__init__(required=bool(required), label="", error_messages={"required": required} if required else None)
        self.limit = limit

    def clean(self, value) -> str:
        written = text(value)
        if not written and self.required:
            raise ValidationError(self.error_messages["required"])
        if self.limit is not None and len(written) > self.limit:
            raise too_long(self.limit)
        return written


class Digits(Text):
    """A number written as text, or as a number that lost its leading zeros in Excel (CCCD 001…, phone 09…), padded
    back to the first of `lengths` it is shorter than. With `invalid`, it must be all digits of one of `lengths`."""

    def __init__(self, *, lengths: tuple[int, ...], limit: int, invalid: str = ""):
        super().__init__(limit=limit)
        self.lengths = lengths
        self.invalid = invalid

    def normalise(self, value) -> str:
        result = text(value).replace(" ", "").replace(".", "")
        if isinstance(value, int | float) and result.isdigit():
            for length in self.lengths:
                if len(result) < length:
                    return result.zfill(length)
        return result

    def clean(self, value) -> str:
        errors = []
        if len(text(value)) > self.limit:
            errors.append(too_long(self.limit))
        result = self.normalise(value)
        if self.invalid and result and not (result.isdigit() and len(result) in self.lengths):
            errors.append(ValidationError(self.invalid))
        if errors:
            raise ValidationError(errors)
        return result


class Choice(Text):
    """One of a few words, written with or without diacritics: `words` maps each folded word to its value."""

    def __init__(self, *, words: dict[str, str], unknown: str, required: str = "", strip: str = " ."):
        super().__init__(required=required)
        self.words = words
        self.unknown = unknown  # a message with %(value)s
        self.strip = strip

    def clean(self, value):
        written = super().clean(value)
        found = self.words.get(fold(written).strip(self.strip))
        if found is None and written:
            raise ValidationError(self.unknown % {"value": written})
        return found


class Date(Text):
    """A date cell (see parse_date)."""

    def __init__(self, *, earliest: int, required: str = ""):
        super().__init__(required=required)
        self.earliest = earliest

    def clean(self, value) -> datetime.date | None:
        super().clean(value)
        try:
            return parse_date(value, earliest=self.earliest)
        except ValueError:
            message = _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2025")
            raise ValidationError(message % {"value": text(value)}) from None


class RowForm(forms.Form):
    """The check of one row of a sheet: its fields read the cells; `clean` checks what depends on several cells or
    on the database (through lookups made once for the whole file and passed in `context`) and puts the row's values
    in `self.row`, ready for the sheet's service."""

    def __init__(self, number: int, cells: dict, **context):
        cls = type(self)
        if not isinstance(cls.base_fields, _SharedFields):  # set by Django's metaclass once the class is made
            cls.base_fields = _SharedFields(cls.base_fields)
        super().__init__(cells, label_suffix="")  # never rendered: no label suffix to translate for each row
        self.number = number
        self.context = context
        self.row: dict = {}

    def value(self, key: str):
        """The cell's value if it passed its checks so far, else None."""
        return self.cleaned_data.get(key)

    def cell(self, key: str) -> str:
        return text(self.data.get(key))

    def row_errors(self, headers: dict[str, str]) -> list[RowError]:
        return [
            RowError(self.number, "" if name == NON_FIELD_ERRORS else headers.get(name, ""), message)
            for name, messages in self.errors.items()
            for message in messages
        ]


def check_rows(rows: Iterable[tuple[int, dict]], form_class: type[RowForm], headers: dict[str, str], **context):
    """([each row's form], [every error]) for rows as read_rows returns them."""
    checked, errors = [], []
    for number, cells in rows:
        form = form_class(number, cells, **context)
        if not form.is_valid():
            errors.extend(form.row_errors(headers))
        checked.append(form)
    return checked, errors


def in_sheet_order(errors: list[RowError], headers: dict[str, str]) -> list[RowError]:
    """The errors as the person reads the sheet: by row, then by column."""
    order = {header: i for i, header in enumerate(headers.values())}
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, -1)))


# --- writing --------------------------------------------------------------------------------------------------------


def service_errors(row: int, error: Exception) -> list[RowError]:
    """A service's refusal (ValidationError, PermissionDenied) as errors of one row, each on the field it names
    (column: the field's name; "" for the whole row)."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [RowError(row, name, message) for name, messages in error.message_dict.items() for message in messages]
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return [RowError(row, "", message) for message in messages]


def run_import(
    parse: Callable[..., Parsed],
    write: Callable[..., int],
    file,
    *,
    actor,
    headers: dict[str, str],
    dry_run: bool = False,
    **options,
) -> ImportResult:
    """Check every row of `file` (parse), then, if none has an error and this is not a dry run, write them all with
    the sheet's service (write, one transaction): the only way a page, the API or a test imports a sheet."""
    parsed = parse(file, actor=actor, **options)
    if parsed.errors:
        return ImportResult(created=0, errors=parsed.errors, rows=parsed.rows)
    if dry_run:
        return ImportResult(created=0, rows=parsed.rows)
    try:
        created = write(actor=actor, rows=parsed.rows)
    except Refused as refused:
        errors = [RowError(e.row, headers.get(e.column, ""), e.message) for e in refused.errors]
        return ImportResult(created=0, errors=in_sheet_order(errors, headers), rows=parsed.rows)
    return ImportResult(created=created, rows=parsed.rows)
