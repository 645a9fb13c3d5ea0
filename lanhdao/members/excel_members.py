"""Party members from Excel: the template, the check of every row, and the all-or-nothing import.

Each row is a person already in the Party (admitted, probationary or full) with the cell they belong to. Nothing is
written while any row is wrong. A clean file is written in bulk — the members, their open placements on their cells,
and one audit row for each row created (audit.services.record_many) — in one transaction, with the units' placement
ids read in one query for the whole file: 10,000 rows take seconds, not a query per row.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, snapshot
from lanhdao.core.text import fold
from lanhdao.org.kinds import PARTY_ORGANISATIONS

from .excel import Column, ImportResult, Parsed, RowError, Sheet, choice_map, parse_date, read_rows, sorted_errors
from .excel import template as write_template
from .models import Gender, Member, Placement, Qualification, TheoryLevel
from .permissions import may_manage_members
from .placing import levels_for, place
from .stages import add_months, probation_end

EXAMPLE_NAME = "Ví dụ: Nguyễn Văn An (dòng mẫu, không được nhập)"
ADULT_YEARS = 18  # Party Charter, Art. 1: admitted from eighteen years of age

COLUMNS = (
    Column("full_name", "Họ và tên", 30, "Bắt buộc. Tối đa 200 ký tự.", ("Full name",)),
    Column("gender", "Giới tính", 10, "Bắt buộc. Nam hoặc Nữ.", ("Gender",)),
    Column("birth_date", "Ngày sinh", 12,
           f"Không bắt buộc. Dạng dd/mm/yyyy; đủ {ADULT_YEARS} tuổi vào ngày vào Đảng.", ("Date of birth",)),
    Column("identity_number", "Số CCCD", 16,
           "Không bắt buộc. 12 chữ số (căn cước công dân) hoặc 9 chữ số (chứng minh nhân dân cũ); không trùng trong "
           "tệp và với đảng viên đã có. Nên định dạng ô là văn bản để giữ số 0 ở đầu.",
           ("Citizen identity number", "CCCD", "Căn cước công dân")),
    Column("ethnicity", "Dân tộc", 10, "Không bắt buộc. Ví dụ: Kinh, Tày.", ("Ethnicity",)),
    Column("religion", "Tôn giáo", 12, "Không bắt buộc. Để trống hoặc ghi Không nếu không theo tôn giáo.",
           ("Religion",)),
    Column("hometown", "Quê quán", 28, "Không bắt buộc. Tối đa 300 ký tự.", ("Home town",)),
    Column("address", "Nơi ở hiện nay", 28, "Không bắt buộc. Tối đa 300 ký tự.", ("Address", "Nơi ở")),
    Column("phone", "Điện thoại", 14, "Không bắt buộc.", ("Phone",)),
    Column("unit", "Mã chi bộ", 12,
           "Bắt buộc. Mã của chi bộ (hoặc tổ chức cơ sở đảng) nơi đảng viên sinh hoạt; đồng chí phải có quyền quản lý "
           "hồ sơ đảng viên của đơn vị này.", ("Unit code", "Mã đơn vị", "Party cell code")),
    Column("card_number", "Số thẻ đảng viên", 14, "Không bắt buộc. Không trùng trong tệp và với đảng viên đã có.",
           ("Party card number", "Số thẻ")),
    Column("education", "Giáo dục phổ thông", 10, "Không bắt buộc. Ví dụ: 12/12.", ("General education", "Học vấn")),
    Column("qualification", "Trình độ chuyên môn", 16,
           "Không bắt buộc. Một trong: trung cấp, cao đẳng, đại học, thạc sĩ, tiến sĩ.",
           ("Professional qualification", "Chuyên môn")),
    Column("theory_level", "Lý luận chính trị", 14, "Không bắt buộc. Một trong: sơ cấp, trung cấp, cao cấp, cử nhân.",
           ("Political theory", "LLCT")),
    Column("position", "Chức vụ", 28, "Không bắt buộc. Chức vụ đảng, chính quyền, đoàn thể hiện nay.", ("Position",)),
    Column("admitted_on", "Ngày vào Đảng", 13, "Bắt buộc. Dạng dd/mm/yyyy, không sau hôm nay.",
           ("Admitted on", "Ngày kết nạp")),
    Column("admission_decision", "Số quyết định kết nạp", 16, "Không bắt buộc. Ví dụ: 125-QĐ/HU.",
           ("Admission decision",)),
    Column("full_on", "Ngày chính thức", 13,
           "Để trống nếu còn là đảng viên dự bị. Không trước ngày hết thời gian dự bị (12 tháng sau ngày vào Đảng), "
           "không sau hôm nay.", ("Full member from",)),
    Column("full_decision", "Số quyết định công nhận chính thức", 16, "Không bắt buộc.",
           ("Full membership decision",)),
    Column("placed_on", "Sinh hoạt tại chi bộ từ ngày", 13,
           "Không bắt buộc (mặc định: ngày vào Đảng). Không trước ngày vào Đảng, không sau hôm nay.",
           ("In the cell since",)),
)  # fmt: skip
REQUIRED = ("full_name", "gender", "unit", "admitted_on")
DATE_KEYS = ("birth_date", "admitted_on", "full_on", "placed_on")
MAX_LENGTHS = {
    "full_name": 200, "identity_number": 20, "ethnicity": 50, "religion": 50, "hometown": 300, "address": 300,
    "phone": 30, "card_number": 20, "education": 20, "position": 300, "admission_decision": 100,
    "full_decision": 100,
}  # fmt: skip
EXAMPLE = {
    "full_name": EXAMPLE_NAME, "gender": "Nam", "birth_date": datetime.date(1990, 5, 17),
    "identity_number": "001090012345", "ethnicity": "Kinh", "religion": "Không", "hometown": "xã An Một, tỉnh Thử",
    "address": "thôn Một, xã An Một", "phone": "0912345678", "unit": "CB-01", "card_number": "79123456",
    "education": "12/12", "qualification": "đại học", "theory_level": "trung cấp", "position": "Bí thư chi đoàn",
    "admitted_on": datetime.date(2018, 3, 26), "admission_decision": "125-QĐ/HU",
    "full_on": datetime.date(2019, 3, 26), "full_decision": "40-QĐ/HU", "placed_on": None,
}  # fmt: skip

GENDERS = choice_map(Gender, {Gender.MALE: ("nam", "m", "trai"), Gender.FEMALE: ("nu", "f", "gai")})
THEORY_LEVELS = choice_map(TheoryLevel, {
    TheoryLevel.NONE: ("khong", "chua", "chua co", "-"), TheoryLevel.ELEMENTARY: ("so cap",),
    TheoryLevel.INTERMEDIATE: ("trung cap",), TheoryLevel.ADVANCED: ("cao cap",),
    TheoryLevel.BACHELOR: ("cu nhan", "cu nhan chinh tri"),
})  # fmt: skip
QUALIFICATIONS = choice_map(Qualification, {
    Qualification.NONE: ("khong", "chua", "chua qua dao tao", "-"),
    Qualification.VOCATIONAL: ("so cap", "trung cap", "cao dang", "nghe", "trung cap nghe", "cao dang nghe",
                               "college"),
    Qualification.BACHELOR: ("dai hoc", "cu nhan", "ky su", "bac si"), Qualification.MASTER: ("thac si", "thac sy"),
    Qualification.DOCTOR: ("tien si", "tien sy", "phd"),
})  # fmt: skip

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


def import_template() -> bytes:
    return write_template(SHEET, DATE_KEYS)


def _digits(raw, written: str, lengths: tuple[int, ...]) -> str:
    """A number written as text, or as a number that lost its leading zeros in Excel (CCCD 001…, phone 09…)."""
    value = written.replace(" ", "").replace(".", "")
    if isinstance(raw, int | float) and value.isdigit():
        for length in lengths:
            if len(value) < length:
                return value.zfill(length)
    return value


class _Lookups:
    """The units, identity numbers and card numbers the file names, fetched in three queries for the whole file."""

    def __init__(self, actor, cells: list[dict[str, str]], identities: set[str]):
        codes = {c["unit"] for c in cells if c["unit"]}
        codes |= {code.upper() for code in codes}
        units = units_for(actor, Perm.VIEW, include_archived=True).filter(code__in=codes) if codes else []
        self.units = {unit.code.upper(): unit for unit in units}
        self.manageable = {unit.pk: may_manage_members(actor, unit) for unit in self.units.values()}
        cards = {c["card_number"] for c in cells if c["card_number"]}
        self.known_identities: set[str] = set()
        self.known_cards: set[str] = set()
        if identities or cards:
            # Against every member recorded, not only those the importer sees: a person is in the Party once.
            query = Q(identity_number__in=identities) | Q(card_number__in=cards)
            for identity, card in Member.objects.filter(query).values_list("identity_number", "card_number"):
                self.known_identities.add(identity)
                self.known_cards.add(card)

    def unit(self, code: str):
        return self.units.get(code.upper())


def _parse_row(number: int, cell: dict, raw: dict, lookups: _Lookups, today: datetime.date) -> tuple[dict, list]:
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, HEADERS[key], message))

    for key in REQUIRED:
        if not cell[key]:
            error(key, _("Required"))
    for key, limit in MAX_LENGTHS.items():
        if len(cell[key]) > limit:
            error(key, _("Too long: at most %(n)d characters") % {"n": limit})

    gender = GENDERS.get(fold(cell["gender"]).strip(" ."))
    if cell["gender"] and gender is None:
        error("gender", _("Unknown gender “%(value)s”: write Nam or Nữ") % {"value": cell["gender"]})
    theory = THEORY_LEVELS.get(fold(cell["theory_level"]).strip(" ."))
    if theory is None:
        message = _("Unknown political theory level “%(value)s”: write sơ cấp, trung cấp, cao cấp or cử nhân")
        error("theory_level", message % {"value": cell["theory_level"]})
    qualification = QUALIFICATIONS.get(fold(cell["qualification"]).strip(" ."))
    if qualification is None:
        message = _("Unknown qualification “%(value)s”: write trung cấp, cao đẳng, đại học, thạc sĩ or tiến sĩ")
        error("qualification", message % {"value": cell["qualification"]})

    unit = None
    if cell["unit"]:
        unit = lookups.unit(cell["unit"])
        if unit is None:
            error("unit", _("Unknown unit code %(code)s, or a unit outside your scope") % {"code": cell["unit"]})
        elif unit.is_archived:
            error("unit", _("The unit %(code)s is archived") % {"code": unit.code})
            unit = None
        elif unit.kind not in PARTY_ORGANISATIONS:
            error("unit", _("%(code)s is not a party organisation: members belong to a cell") % {"code": unit.code})
            unit = None
        elif not lookups.manageable[unit.pk]:
            error("unit", _("You may not manage the members of %(code)s") % {"code": unit.code})
            unit = None

    dates: dict[str, datetime.date | None] = {}
    for key in DATE_KEYS:
        try:
            dates[key] = parse_date(raw.get(key))
        except ValueError:
            error(key, _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2025") % {"value": cell[key]})
            dates[key] = None
            continue
        if dates[key] and dates[key] > today:
            error(key, _("The date %(date)s is in the future") % {"date": f"{dates[key]:%d/%m/%Y}"})
            dates[key] = None
    born, admitted, full, placed = (dates[k] for k in DATE_KEYS)
    ends = probation_end(admitted) if admitted else None
    if born and admitted and add_months(born, 12 * ADULT_YEARS) > admitted:
        error("admitted_on", _("Admitted before the age of %(n)d (born %(born)s)") % {
            "n": ADULT_YEARS, "born": f"{born:%d/%m/%Y}"})  # fmt: skip
    if full and admitted and full < ends:
        message = _("Full membership on %(full)s is before the end of the probation (%(end)s)")
        error("full_on", message % {"full": f"{full:%d/%m/%Y}", "end": f"{ends:%d/%m/%Y}"})
    if placed and admitted and placed < admitted:
        error("placed_on", _("Before the date of admission"))

    identity = _digits(raw.get("identity_number"), cell["identity_number"], (12, 9))
    if identity and not (identity.isdigit() and len(identity) in (9, 12)):
        error("identity_number", _("An identity number has 12 digits (or 9 for an old identity card)"))
    elif identity and identity in lookups.known_identities:
        error("identity_number", _("A member with the identity number %(n)s is already recorded") % {"n": identity})
    card = cell["card_number"]
    if card and card in lookups.known_cards:
        error("card_number", _("A member with the party card number %(n)s is already recorded") % {"n": card})

    data = {
        "row": number, "unit": unit, "full_name": cell["full_name"], "gender": gender or "", "birth_date": born,
        "identity_number": identity, "ethnicity": cell["ethnicity"], "religion": cell["religion"],
        "hometown": cell["hometown"], "address": cell["address"],
        "phone": _digits(raw.get("phone"), cell["phone"], (10,)), "card_number": card,
        "education": cell["education"], "qualification": qualification or "", "theory_level": theory or "",
        "position": cell["position"], "admitted_on": admitted, "admission_decision": cell["admission_decision"],
        "full_on": full, "full_decision": cell["full_decision"], "placed_on": placed or admitted,
    }  # fmt: skip
    return data, errors


def _duplicates(rows: list[dict]) -> list[RowError]:
    """The same identity number or card number twice in the file: each later row names the first."""
    errors = []
    for key in ("identity_number", "card_number"):
        first: dict[str, int] = {}
        for data in rows:
            value = data[key]
            if not value:
                continue
            if value in first:
                message = _("The same %(what)s as row %(row)d") % {"what": HEADERS[key], "row": first[value]}
                errors.append(RowError(data["row"], HEADERS[key], message))
            else:
                first[value] = data["row"]
    return errors


def parse_members(file, *, actor, today: datetime.date | None = None) -> Parsed:
    """The members of the first sheet, checked (with their `row`), and every error found."""
    rows, errors = read_rows(SHEET, file)
    if errors:
        return Parsed(errors=errors)
    today = today or timezone.localdate()
    identities = {_digits(raw.get("identity_number"), cell["identity_number"], (12, 9)) for _n, cell, raw in rows}
    identities.discard("")
    lookups = _Lookups(actor, [cell for _n, cell, _raw in rows], identities)
    parsed = []
    for number, cell, raw in rows:
        data, row_errors = _parse_row(number, cell, raw, lookups, today)
        parsed.append(data)
        errors.extend(row_errors)
    errors.extend(_duplicates(parsed))
    return Parsed(rows=parsed, errors=sorted_errors(SHEET, errors))


def write_members(rows: list[dict], actor) -> int:
    """Members, their open placements and one audit row for each, in bulk. Inside the caller's transaction."""
    levels = levels_for(data["unit"] for data in rows)  # one query for every unit of the file
    members, starts = [], []
    for data in rows:
        fields = {k: v for k, v in data.items() if k not in {"row", "placed_on"}}
        member = Member(**fields, created_by=actor, probation_ends_on=probation_end(data["admitted_on"]))
        member.search_name = fold(f"{member.full_name} {member.card_number}")[:250]  # what save() would set
        members.append(place(member, data["unit"], levels))
        starts.append(data["placed_on"])
    Member.objects.bulk_create(members, batch_size=1000)
    placements = [
        place(Placement(member=member, unit=member.unit, started_on=start), member.unit, levels)
        for member, start in zip(members, starts, strict=True)
    ]
    Placement.objects.bulk_create(placements, batch_size=1000)
    note = _("Imported from Excel")
    record_many(actor=actor, action=Action.CREATE, note=note, changes=[(m, None, snapshot(m)) for m in members])
    record_many(actor=actor, action=Action.CREATE, note=note, changes=[(p, None, snapshot(p)) for p in placements])
    return len(members)


def import_members(file, *, actor, today: datetime.date | None = None) -> ImportResult:
    """Every member of the file, or none: nothing is written while any row has an error."""
    parsed = parse_members(file, actor=actor, today=today)
    if parsed.errors:
        return ImportResult(created=0, errors=parsed.errors)
    with transaction.atomic():
        created = write_members(parsed.rows, actor)
    return ImportResult(created=created)
