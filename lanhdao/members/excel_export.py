"""Lists of members as .xlsx, streamed (write-only workbook, rows read in chunks); the cadres' positions held are
lanhdao.cadres.excel's, written by the same `Writer`.

Personal data (birth date, identity number, ethnicity, religion, home town, address, phone) is written only on the
rows whose member the user may see it of (members.selectors.personal_q, the rule of members.permissions); when no row
qualifies, the columns are left out altogether. An export that holds personal data is recorded: one audit row with
Action.EXPORT on the unit, naming the filters and the number of rows. The headers are those the import reads too.
"""

import datetime
import io
from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lanhdao.audit.models import Action
from lanhdao.audit.services import record
from lanhdao.core.xlsx import cell, new_workbook, write_row
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q

from . import selectors
from .excel import DATE_FORMAT
from .models import Gender, Member, Placement, Qualification, TheoryLevel
from .stages import Stage, in_party_q, stage, stage_q

AS_OF_STAGES = (Stage.PROBATIONARY, Stage.FULL)  # on a past day, the list is of the members in the Party then


@dataclass
class Export:
    content: bytes
    rows: int
    personal_rows: int
    filename: str


def members_to_export(user, unit: Unit, *, stage_value: str = "", as_of: datetime.date | None = None) -> QuerySet:
    """The members of `unit`'s subtree that `user` sees: now (optionally in one stage), or — with `as_of` — those in
    the Party and placed in the subtree on that day (optionally probationary or full then)."""
    qs = selectors.members_for(user)
    if as_of is None:
        qs = qs.filter(path_prefix_q(unit.path, "unit_path"))
        if stage_value in Stage.values:
            qs = qs.filter(stage_q(stage_value))
    else:
        placed = Placement.objects.filter(path_prefix_q(unit.path, "unit_path"), started_on__lte=as_of).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
        )
        qs = qs.filter(in_party_q(as_of), pk__in=placed.values("member_id"))
        if stage_value == Stage.FULL:
            qs = qs.filter(full_on__lte=as_of)
        elif stage_value == Stage.PROBATIONARY:
            qs = qs.filter(Q(full_on__isnull=True) | Q(full_on__gt=as_of))
    if user.is_superuser:
        personal = Value(True)
    else:
        personal = Case(When(selectors.personal_q(user), then=Value(True)), default=Value(False))
    return qs.annotate(personal=personal).order_by("unit_path", "full_name", "pk")


def _member_columns(with_personal: bool) -> list[tuple[str, str, int]]:
    columns = [("number", _("No."), 6), ("full_name", _("Full name"), 28), ("gender", _("Gender"), 8)]
    if with_personal:
        columns += [
            ("birth_date", _("Date of birth"), 12),
            ("identity_number", _("Citizen identity number"), 16),
            ("ethnicity", _("Ethnicity"), 10),
            ("religion", _("Religion"), 10),
            ("hometown", _("Home town"), 24),
            ("address", _("Address"), 24),
            ("phone", _("Phone"), 13),
        ]
    columns += [
        ("unit_name", _("Party cell"), 28),
        ("unit_code", _("Unit code"), 12),
        ("card_number", _("Party card number"), 14),
        ("education", _("General education"), 10),
        ("qualification", _("Professional qualification"), 16),
        ("theory_level", _("Political theory"), 16),
        ("position", _("Position"), 24),
        ("admitted_on", _("Admitted on"), 12),
        ("full_on", _("Full member from"), 12),
        ("stage", _("Stage"), 18),
    ]
    return columns


class Writer:
    """A streamed sheet of `columns` (key, title, width) under a bold header (also the cadres' positions export)."""

    def __init__(self, title: str, columns: list[tuple[str, str, int]]):
        self.workbook = new_workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=title[:31])
        self.columns = columns
        for i, (_key, _title, width) in enumerate(columns, 1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width
        self.sheet.freeze_panes = "C2"
        bold = Font(bold=True)
        write_row(self.sheet, [cell(self.sheet, title_, font=bold) for _key, title_, _width in columns])
        self.count = 0

    def append(self, values: dict) -> None:
        row = []
        for key, _title, _width in self.columns:
            value = values.get(key)
            if isinstance(value, datetime.date):
                value = cell(self.sheet, value, number_format=DATE_FORMAT)
            row.append(value)
        write_row(self.sheet, row)  # "" is an empty cell, not an empty text; a name "=…" stays text
        self.count += 1

    def content(self) -> bytes:
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{self.count + 1}"
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def export_members(
    user, unit: Unit, *, stage_value: str = "", as_of: datetime.date | None = None, chunk_size: int = 2000
) -> Export:
    """The list as .xlsx; recorded in the audit trail when it holds anyone's personal data."""
    qs = members_to_export(user, unit, stage_value=stage_value, as_of=as_of)
    personal_rows = qs.filter(personal=True).count()
    writer = Writer(_("Party members"), _member_columns(personal_rows > 0))
    # Labels translated once, not once per row.
    labels = {
        "gender": {v: str(label) for v, label in Gender.choices},
        "qualification": {v: str(label) for v, label in Qualification.choices if v},
        "theory_level": {v: str(label) for v, label in TheoryLevel.choices if v},
        "stage": {v: str(label) for v, label in Stage.choices},
    }
    member: Member
    for member in qs.select_related("unit").iterator(chunk_size=chunk_size):
        if as_of is None:
            current = stage(member)
        else:
            current = Stage.FULL if member.full_on and member.full_on <= as_of else Stage.PROBATIONARY
        values = {
            "number": writer.count + 1,
            "full_name": member.full_name,
            "gender": labels["gender"].get(member.gender),
            "unit_name": member.unit.name,
            "unit_code": member.unit.code,
            "card_number": member.card_number,
            "education": member.education,
            "qualification": labels["qualification"].get(member.qualification),
            "theory_level": labels["theory_level"].get(member.theory_level),
            "position": member.position,
            "admitted_on": member.admitted_on,
            "full_on": member.full_on,
            "stage": labels["stage"][current],
        }
        if member.personal:
            values |= {field: getattr(member, field) for field in Member.PERSONAL_FIELDS}
        writer.append(values)
    content = writer.content()
    if personal_rows:
        filters = {"stage": stage_value or None, "as_of": as_of.isoformat() if as_of else None}
        after = {"export": "members", "unit": unit.pk, **filters, "rows": writer.count, "personal_rows": personal_rows}
        note = _("Members of %(unit)s exported with personal data: %(rows)d rows (%(personal)d with personal data)")
        note %= {"unit": unit.code, "rows": writer.count, "personal": personal_rows}
        if stage_value or as_of:
            note += "; " + ", ".join(f"{k}={v}" for k, v in filters.items() if v)
        record(actor=user, action=Action.EXPORT, obj=unit, after=after, note=note)
    day = as_of or timezone.localdate()
    return Export(content, writer.count, personal_rows, f"dang-vien-{unit.code}-{day:%Y-%m-%d}.xlsx")
