"""Party members from Excel: the template, the check of every row (MemberRow), and the all-or-nothing import.

Each row is a person already in the Party (admitted, probationary or full) with the cell they belong to. Nothing is
written while any row is wrong. A clean file is written in bulk by services_imports.members_import, in one
transaction (lanhdao.core.imports).
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.core.imports import (
    Choice,
    Date,
    Digits,
    ImportResult,
    Parsed,
    RowError,
    RowForm,
    Text,
    check_rows,
    in_sheet_order,
    read_rows,
    run_import,
    text,
)
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.picker import describe_candidates, unit_list_entries, units_by_reference

from . import excel, services_imports
from .excel import EARLIEST_YEAR, Column, Sheet, choice_map
from .excel import template as write_template
from .models import Gender, Member, Qualification, TheoryLevel
from .permissions import may_manage_members
from .stages import add_months, probation_end

EXAMPLE_NAME = "Ví dụ: Nguyễn Văn An (dòng mẫu, không được nhập)"
ADULT_YEARS = 18  # Party Charter, Art. 1: admitted from eighteen years of age

COLUMNS = (
    Column("full_name", "Họ và tên", 30, "Bắt buộc. Tối đa 200 ký tự.", ("Full name",)),
    Column("gender", "Giới tính", 10, "Bắt buộc. Nam hoặc Nữ.", ("Gender",)),
    Column(
        "birth_date",
        "Ngày sinh",
        12,
        f"Không bắt buộc. Dạng dd/mm/yyyy; đủ {ADULT_YEARS} tuổi vào ngày vào Đảng.",
        ("Date of birth",),
    ),
    Column(
        "identity_number",
        "Số CCCD",
        16,
        "Không bắt buộc. 12 chữ số (căn cước công dân) hoặc 9 chữ số (chứng minh nhân dân cũ); không trùng trong "
        "tệp và với đảng viên đã có. Nên định dạng ô là văn bản để giữ số 0 ở đầu.",
        ("Citizen identity number", "CCCD", "Căn cước công dân"),
    ),
    Column("ethnicity", "Dân tộc", 10, "Không bắt buộc. Ví dụ: Kinh, Tày.", ("Ethnicity",)),
    Column(
        "religion", "Tôn giáo", 12, "Không bắt buộc. Để trống hoặc ghi Không nếu không theo tôn giáo.", ("Religion",)
    ),
    Column("hometown", "Quê quán", 28, "Không bắt buộc. Tối đa 300 ký tự.", ("Home town",)),
    Column("address", "Nơi ở hiện nay", 28, "Không bắt buộc. Tối đa 300 ký tự.", ("Address", "Nơi ở")),
    Column("phone", "Điện thoại", 14, "Không bắt buộc.", ("Phone",)),
    Column(
        "unit",
        "Chi bộ (tên hoặc mã)",
        26,
        "Bắt buộc. Tên (chọn trong danh sách, có dấu hoặc không dấu) hoặc mã của chi bộ (hoặc tổ chức cơ sở đảng) "
        "nơi đảng viên sinh hoạt; đồng chí phải có quyền quản lý hồ sơ đảng viên của đơn vị này. Tên mà nhiều chi bộ "
        "cùng mang thì ghi như trong danh sách: tên (mã).",
        ("Mã chi bộ", "Unit code", "Mã đơn vị", "Party cell code", "Party cell"),
    ),
    Column(
        "card_number",
        "Số thẻ đảng viên",
        14,
        "Không bắt buộc. Không trùng trong tệp và với đảng viên đã có.",
        ("Party card number", "Số thẻ"),
    ),
    Column("education", "Giáo dục phổ thông", 10, "Không bắt buộc. Ví dụ: 12/12.", ("General education", "Học vấn")),
    Column(
        "qualification",
        "Trình độ chuyên môn",
        16,
        "Không bắt buộc. Một trong: trung cấp, cao đẳng, đại học, thạc sĩ, tiến sĩ.",
        ("Professional qualification", "Chuyên môn"),
    ),
    Column(
        "theory_level",
        "Lý luận chính trị",
        14,
        "Không bắt buộc. Một trong: sơ cấp, trung cấp, cao cấp, cử nhân.",
        ("Political theory", "LLCT"),
    ),
    Column("position", "Chức vụ", 28, "Không bắt buộc. Chức vụ đảng, chính quyền, đoàn thể hiện nay.", ("Position",)),
    Column(
        "admitted_on",
        "Ngày vào Đảng",
        13,
        "Bắt buộc. Dạng dd/mm/yyyy, không sau hôm nay.",
        ("Admitted on", "Ngày kết nạp"),
    ),
    Column(
        "admission_decision", "Số quyết định kết nạp", 16, "Không bắt buộc. Ví dụ: 125-QĐ/HU.", ("Admission decision",)
    ),
    Column(
        "full_on",
        "Ngày chính thức",
        13,
        "Để trống nếu còn là đảng viên dự bị. Không trước ngày hết thời gian dự bị (12 tháng sau ngày vào Đảng), "
        "không sau hôm nay.",
        ("Full member from",),
    ),
    Column("full_decision", "Số quyết định công nhận chính thức", 16, "Không bắt buộc.", ("Full membership decision",)),
    Column(
        "placed_on",
        "Sinh hoạt tại chi bộ từ ngày",
        13,
        "Không bắt buộc (mặc định: ngày vào Đảng). Không trước ngày vào Đảng, không sau hôm nay.",
        ("In the cell since",),
    ),
)
REQUIRED = ("full_name", "gender", "unit", "admitted_on")
DATE_KEYS = ("birth_date", "admitted_on", "full_on", "placed_on")
MAX_LENGTHS = {
    "full_name": 200,
    "identity_number": 20,
    "ethnicity": 50,
    "religion": 50,
    "hometown": 300,
    "address": 300,
    "phone": 30,
    "card_number": 20,
    "education": 20,
    "position": 300,
    "admission_decision": 100,
    "full_decision": 100,
}
EXAMPLE = {
    "full_name": EXAMPLE_NAME,
    "gender": "Nam",
    "birth_date": datetime.date(1990, 5, 17),
    "identity_number": "001090012345",
    "ethnicity": "Kinh",
    "religion": "Không",
    "hometown": "xã An Một, tỉnh Thử",
    "address": "thôn Một, xã An Một",
    "phone": "0912345678",
    "unit": "CB-01",
    "card_number": "79123456",
    "education": "12/12",
    "qualification": "đại học",
    "theory_level": "trung cấp",
    "position": "Bí thư chi đoàn",
    "admitted_on": datetime.date(2018, 3, 26),
    "admission_decision": "125-QĐ/HU",
    "full_on": datetime.date(2019, 3, 26),
    "full_decision": "40-QĐ/HU",
    "placed_on": None,
}

GENDERS = choice_map(Gender, {Gender.MALE: ("nam", "m", "trai"), Gender.FEMALE: ("nu", "f", "gai")})
THEORY_LEVELS = choice_map(
    TheoryLevel,
    {
        TheoryLevel.NONE: ("khong", "chua", "chua co", "-"),
        TheoryLevel.ELEMENTARY: ("so cap",),
        TheoryLevel.INTERMEDIATE: ("trung cap",),
        TheoryLevel.ADVANCED: ("cao cap",),
        TheoryLevel.BACHELOR: ("cu nhan", "cu nhan chinh tri"),
    },
)
QUALIFICATIONS = choice_map(
    Qualification,
    {
        Qualification.NONE: ("khong", "chua", "chua qua dao tao", "-"),
        Qualification.VOCATIONAL: (
            "so cap",
            "trung cap",
            "cao dang",
            "nghe",
            "trung cap nghe",
            "cao dang nghe",
            "college",
        ),
        Qualification.BACHELOR: ("dai hoc", "cu nhan", "ky su", "bac si"),
        Qualification.MASTER: ("thac si", "thac sy"),
        Qualification.DOCTOR: ("tien si", "tien sy", "phd"),
    },
)

SHEET = Sheet(
    title="Đảng viên",
    columns=COLUMNS,
    required=REQUIRED,
    example=EXAMPLE,
    choices={
        "gender": "Nam,Nữ",
        "qualification": "trung cấp,cao đẳng,đại học,thạc sĩ,tiến sĩ",
        "theory_level": "sơ cấp,trung cấp,cao cấp,cử nhân",
    },
    notes=(
        "Mỗi đảng viên được ghi vào chi bộ ở cột “Mã chi bộ” và bắt đầu sinh hoạt tại đó từ ngày vào Đảng (hoặc ngày ở "
        "cột “Sinh hoạt tại chi bộ từ ngày”).",
        "Đảng viên dự bị: để trống “Ngày chính thức”; ngày hết thời gian dự bị được tính tự động (12 tháng).",
    ),
    noun="đảng viên",
)
HEADERS = SHEET.headers


def import_template(actor=None) -> bytes:
    """The import sheet; for `actor`, a drop-down list of the party organisations whose members they manage, and
    the (skipped) example row naming the first of them."""
    if actor is None:
        return write_template(SHEET, DATE_KEYS)
    scope = units_for(actor, Perm.RECORD).filter(kind__in=PARTY_ORGANISATIONS).order_by("path")[:5000]
    units = [u for u in scope if may_manage_members(actor, u)]
    entries = unit_list_entries(units)
    example = SHEET.example | ({"unit": entries[0]} if entries else {})
    return write_template(SHEET, DATE_KEYS, units=entries, unit_keys=("unit",), example=example)


class _Lookups:
    """The units, identity numbers and card numbers the file names, fetched in three queries for the whole file."""

    def __init__(self, actor, rows: list[tuple[int, dict]]):
        written = {written for _n, raw in rows if (written := text(raw["unit"]))}
        scope = units_for(actor, Perm.VIEW, include_archived=True)
        self.units = units_by_reference(scope, written) if written else {}
        found = {unit.pk: unit for units in self.units.values() for unit in units}
        self.manageable = {pk: may_manage_members(actor, unit) for pk, unit in found.items()}
        identities = {identity for _n, raw in rows if (identity := IDENTITY.normalise(raw["identity_number"]))}
        cards = {card for _n, raw in rows if (card := text(raw["card_number"]))}
        self.known_identities: set[str] = set()
        self.known_cards: set[str] = set()
        if identities or cards:
            # Against every member recorded, not only those the importer sees: a person is in the Party once.
            query = Q(identity_number__in=identities) | Q(card_number__in=cards)
            for identity, card in Member.objects.filter(query).values_list("identity_number", "card_number"):
                self.known_identities.add(identity)
                self.known_cards.add(card)

    def unit(self, written: str) -> list:
        """The units `written` names: none, one, or several when a name is ambiguous."""
        return self.units.get(written.strip(), [])


# The text columns a row copies as written.
TEXT_KEYS = ("full_name", "ethnicity", "religion", "hometown", "address", "education", "position")
TEXT_KEYS += ("admission_decision", "full_decision")
REQUIRED_MESSAGE = gettext_lazy("Required")
IDENTITY = Digits(
    lengths=(12, 9),
    limit=MAX_LENGTHS["identity_number"],
    invalid=gettext_lazy("An identity number has 12 digits (or 9 for an old identity card)"),
)


def _text(key: str, *, required: bool = False) -> Text:
    return Text(limit=MAX_LENGTHS.get(key), required=REQUIRED_MESSAGE if required else "")


def _date(*, required: bool = False) -> Date:
    return Date(earliest=EARLIEST_YEAR, required=REQUIRED_MESSAGE if required else "")


class MemberRow(RowForm):
    """One row of the members' sheet: a member already in the Party, on a cell the importer manages."""

    full_name = _text("full_name", required=True)
    gender = Choice(
        words=GENDERS, required=REQUIRED_MESSAGE, unknown=gettext_lazy("Unknown gender “%(value)s”: write Nam or Nữ")
    )
    birth_date = _date()
    identity_number = IDENTITY
    ethnicity = _text("ethnicity")
    religion = _text("religion")
    hometown = _text("hometown")
    address = _text("address")
    phone = Digits(lengths=(10,), limit=MAX_LENGTHS["phone"])
    unit = _text("unit", required=True)
    card_number = _text("card_number")
    education = _text("education")
    qualification = Choice(
        words=QUALIFICATIONS,
        unknown=gettext_lazy(
            "Unknown qualification “%(value)s”: write trung cấp, cao đẳng, đại học, thạc sĩ or tiến sĩ"
        ),
    )
    theory_level = Choice(
        words=THEORY_LEVELS,
        unknown=gettext_lazy("Unknown political theory level “%(value)s”: write sơ cấp, trung cấp, cao cấp or cử nhân"),
    )
    position = _text("position")
    admitted_on = _date(required=True)
    admission_decision = _text("admission_decision")
    full_on = _date()
    full_decision = _text("full_decision")
    placed_on = _date()

    def _unit(self):
        code = self.value("unit")
        found = self.context["lookups"].unit(code) if code else []
        unit = found[0] if len(found) == 1 else None
        if len(found) > 1:
            message = _("Several units are named %(unit)s: %(candidates)s; write the one you mean as in the list")
            self.add_error("unit", message % {"unit": code, "candidates": describe_candidates(found)})
        elif code and unit is None:
            self.add_error("unit", _("No unit you may see is named or coded %(unit)s") % {"unit": code})
        elif unit is None:
            return None
        elif unit.is_archived:
            self.add_error("unit", _("The unit %(code)s is archived") % {"code": unit.code})
        elif unit.kind not in PARTY_ORGANISATIONS:
            message = _("%(code)s is not a party organisation: members belong to a cell")
            self.add_error("unit", message % {"code": unit.code})
        elif not self.context["lookups"].manageable[unit.pk]:
            self.add_error("unit", _("You may not manage the members of %(code)s") % {"code": unit.code})
        else:
            return unit
        return None

    def _dates(self) -> dict[str, datetime.date | None]:
        """The dates, none in the future (such a date is an error and counts as not given)."""
        dates = {}
        for key in DATE_KEYS:
            day = self.value(key)
            if day and day > self.context["today"]:
                self.add_error(key, _("The date %(date)s is in the future") % {"date": f"{day:%d/%m/%Y}"})
                day = None
            dates[key] = day
        return dates

    def _stages(self, born, admitted, full, placed) -> None:
        if not admitted:
            return
        if born and add_months(born, 12 * ADULT_YEARS) > admitted:
            message = _("Admitted before the age of %(n)d (born %(born)s)")
            self.add_error("admitted_on", message % {"n": ADULT_YEARS, "born": f"{born:%d/%m/%Y}"})
        ends = probation_end(admitted)
        if full and full < ends:
            message = _("Full membership on %(full)s is before the end of the probation (%(end)s)")
            self.add_error("full_on", message % {"full": f"{full:%d/%m/%Y}", "end": f"{ends:%d/%m/%Y}"})
        if placed and placed < admitted:
            self.add_error("placed_on", _("Before the date of admission"))

    def _not_recorded_yet(self, identity: str, card: str) -> None:
        lookups = self.context["lookups"]
        if identity and identity in lookups.known_identities:
            message = _("A member with the identity number %(n)s is already recorded")
            self.add_error("identity_number", message % {"n": identity})
        if card and card in lookups.known_cards:
            message = _("A member with the party card number %(n)s is already recorded")
            self.add_error("card_number", message % {"n": card})

    def clean(self):
        unit = self._unit()
        born, admitted, full, placed = self._dates().values()
        self._stages(born, admitted, full, placed)
        identity, card = self.value("identity_number"), self.cell("card_number")
        self._not_recorded_yet(identity, card)
        self.row = {key: self.cell(key) for key in TEXT_KEYS} | {
            "row": self.number,
            "unit": unit,
            "birth_date": born,
            "identity_number": identity or "",
            "card_number": card,
            "gender": self.value("gender") or "",
            "phone": self.value("phone") or "",
            "qualification": self.value("qualification") or "",
            "theory_level": self.value("theory_level") or "",
            "admitted_on": admitted,
            "full_on": full,
            "placed_on": placed or admitted,
        }
        return self.cleaned_data


def _duplicates(rows: list[tuple[int, dict]]) -> list[RowError]:
    """The same identity number or card number twice in the file: each later row names the first."""
    errors = []
    for key, read in (("identity_number", IDENTITY.normalise), ("card_number", text)):
        first: dict[str, int] = {}
        for number, raw in rows:
            value = read(raw[key])
            if not value:
                continue
            if value in first:
                message = _("The same %(what)s as row %(row)d") % {"what": HEADERS[key], "row": first[value]}
                errors.append(RowError(number, HEADERS[key], message))
            else:
                first[value] = number
    return errors


def parse_members(file, *, actor, today: datetime.date | None = None) -> Parsed:
    """The members of the first sheet, checked (with their `row`), and every error found."""
    rows, errors = read_rows(file, layout=SHEET.layout, limits=excel.limits())
    if errors:
        return Parsed(errors=errors)
    context = {"lookups": _Lookups(actor, rows), "today": today or timezone.localdate()}
    forms, errors = check_rows(rows, MemberRow, HEADERS, **context)
    errors.extend(_duplicates(rows))
    return Parsed(rows=[form.row for form in forms], errors=in_sheet_order(errors, HEADERS))


def import_members(file, *, actor, today: datetime.date | None = None, dry_run: bool = False) -> ImportResult:
    """Every member of the file, or none: nothing is written while any row has an error (services_imports)."""
    write = services_imports.members_import
    return run_import(parse_members, write, file, actor=actor, headers=HEADERS, today=today, dry_run=dry_run)
