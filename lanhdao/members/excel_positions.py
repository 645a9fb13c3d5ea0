"""Cadres' positions held (which body, which post, from–to) from Excel, checked row by row, all or nothing.

A row names a member already recorded — by party card number or by identity number — the body by its unit code, the
post and the dates. The member must be one whose records the importer may change (members.permissions), the body a
unit the importer sees. Written in bulk with one audit row per position, in one transaction.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, snapshot

from . import selectors
from .excel import Column, ImportResult, Parsed, RowError, Sheet, parse_date, read_rows, sorted_errors
from .excel import template as write_template
from .models import PositionHeld
from .permissions import may_manage_members
from .placing import levels_for, place

EXAMPLE_NAME = "Ví dụ: Nguyễn Văn An (dòng mẫu, không được nhập)"

COLUMNS = (
    Column("full_name", "Họ và tên", 30,
           "Không bắt buộc; nếu ghi, phải đúng họ tên của đảng viên có số thẻ hoặc số CCCD ở dòng đó.",
           ("Full name", "Member")),
    Column("card_number", "Số thẻ đảng viên", 14, "Ghi số thẻ đảng viên hoặc số CCCD (ít nhất một trong hai).",
           ("Party card number", "Số thẻ")),
    Column("identity_number", "Số CCCD", 16, "Ghi số CCCD hoặc số thẻ đảng viên (ít nhất một trong hai).",
           ("Citizen identity number", "CCCD")),
    Column("body", "Mã cơ quan, đơn vị", 14,
           "Bắt buộc. Mã của cơ quan, đơn vị nơi giữ chức vụ (cấp ủy, ủy ban nhân dân, đoàn thể…); đồng chí phải có "
           "quyền ghi nhận trên đơn vị này.",
           ("Body code", "Mã đơn vị", "Mã cơ quan")),
    Column("title", "Chức vụ", 30, "Bắt buộc. Ví dụ: Phó Bí thư Đảng ủy. Tối đa 200 ký tự.", ("Post",)),
    Column("started_on", "Từ ngày", 13, "Bắt buộc. Dạng dd/mm/yyyy, không sau hôm nay.", ("From",)),
    Column("ended_on", "Đến ngày", 13, "Để trống nếu đang giữ chức vụ. Không trước “Từ ngày”.",
           ("Until",)),
    Column("decision", "Số quyết định", 16, "Không bắt buộc. Ví dụ: 305-QĐ/TU.", ("Decision",)),
)  # fmt: skip
REQUIRED = ("body", "title", "started_on")
DATE_KEYS = ("started_on", "ended_on")
MAX_LENGTHS = {"title": 200, "decision": 100}
EXAMPLE = {
    "full_name": EXAMPLE_NAME, "card_number": "79123456", "identity_number": "", "body": "XA1",
    "title": "Phó Bí thư Đảng ủy", "started_on": datetime.date(2020, 10, 1), "ended_on": None, "decision": "305-QĐ/HU",
}  # fmt: skip
SHEET = Sheet(
    title="Chức vụ",
    columns=COLUMNS,
    required=REQUIRED,
    example=EXAMPLE,
    choices={},
    notes=("Đảng viên phải đã có trong hệ thống và thuộc đơn vị đồng chí được quản lý hồ sơ.",),
    noun="chức vụ đã giữ",
)
HEADERS = SHEET.headers


def import_template() -> bytes:
    return write_template(SHEET, DATE_KEYS)


class _Lookups:
    """The members, bodies and existing positions the file names: four queries for the whole file."""

    def __init__(self, actor, cells: list[dict[str, str]]):
        cards = {c["card_number"] for c in cells if c["card_number"]}
        identities = {c["identity_number"] for c in cells if c["identity_number"]}
        visible = selectors.members_for(actor).select_related("unit")
        self.by_card = {m.card_number: m for m in visible.filter(card_number__in=cards)} if cards else {}
        # An identity number is personal data: it finds only members whose personal data the importer may see.
        by_identity = visible.filter(selectors.personal_q(actor), identity_number__in=identities) if identities else []
        self.by_identity = {m.identity_number: m for m in by_identity}
        codes = {c["body"] for c in cells if c["body"]}
        codes |= {code.upper() for code in codes}
        bodies = units_for(actor, Perm.VIEW, include_archived=True).filter(code__in=codes) if codes else []
        self.bodies = {unit.code.upper(): unit for unit in bodies}
        members = {m.pk for m in [*self.by_card.values(), *self.by_identity.values()]}
        self.existing: set[tuple] = set()
        self.open: set[tuple] = set()  # (member, body, post) held now: services_cadres refuses a second one
        rows = PositionHeld.objects.filter(member__in=members).values_list(
            "member_id", "unit_id", "title", "started_on", "ended_on"
        ) if members else []  # fmt: skip
        for member, body, title, started, ended in rows:
            self.existing.add((member, body, title, started))
            if ended is None:
                self.open.add((member, body, title))


def _parse_row(number: int, cell: dict, raw: dict, actor, lookups: _Lookups, today: datetime.date):
    errors: list[RowError] = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(number, HEADERS[key], message))

    for key in REQUIRED:
        if not cell[key]:
            error(key, _("Required"))
    for key, limit in MAX_LENGTHS.items():
        if len(cell[key]) > limit:
            error(key, _("Too long: at most %(n)d characters") % {"n": limit})

    member = None
    card, identity = cell["card_number"], cell["identity_number"]
    if not card and not identity:
        error("card_number", _("Give the party card number or the identity number of the member"))
    elif card and card not in lookups.by_card:
        error("card_number", _("No member with the party card number %(n)s among your members") % {"n": card})
    elif not card and identity not in lookups.by_identity:
        error("identity_number", _("No member with the identity number %(n)s among your members") % {"n": identity})
    else:
        member = lookups.by_card[card] if card else lookups.by_identity[identity]
        if identity and card and member.identity_number != identity:
            error("identity_number", _("The party card %(card)s belongs to a member with another identity number") % {
                "card": card})  # fmt: skip
            member = None
        elif cell["full_name"] and cell["full_name"].casefold() != member.full_name.casefold():
            error("full_name", _("The member found is %(name)s") % {"name": member.full_name})
            member = None
        elif not may_manage_members(actor, member.unit):
            error("card_number" if card else "identity_number",
                  _("You may not change the records of %(name)s") % {"name": member.full_name})  # fmt: skip
            member = None

    body = None
    if cell["body"]:
        body = lookups.bodies.get(cell["body"].upper())
        if body is None:
            error("body", _("Unknown unit code %(code)s, or a unit outside your scope") % {"code": cell["body"]})
        elif body.is_archived:
            error("body", _("The unit %(code)s is archived") % {"code": body.code})
            body = None
        elif not has_perm(actor, Perm.RECORD, body):
            error("body", _("You may not record on %(code)s") % {"code": body.code})
            body = None

    dates: dict[str, datetime.date | None] = {}
    for key in DATE_KEYS:
        try:
            dates[key] = parse_date(raw.get(key))
        except ValueError:
            error(key, _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2025") % {"value": cell[key]})
            dates[key] = None
            continue
        if key == "started_on" and dates[key] and dates[key] > today:  # an end may be decided ahead
            error(key, _("The date %(date)s is in the future") % {"date": f"{dates[key]:%d/%m/%Y}"})
            dates[key] = None
    started, ended = dates["started_on"], dates["ended_on"]
    if started and ended and ended < started:
        error("ended_on", _("Before the start date"))
    key = (member.pk, body.pk, cell["title"], started) if member and body and started else None
    if key and key in lookups.existing:
        error("title", _("This position of %(name)s is already recorded") % {"name": member.full_name})
    elif key and ended is None and key[:3] in lookups.open:
        error("title", _("%(name)s already holds this post in %(code)s") % {"name": member.full_name,
                                                                            "code": body.code})  # fmt: skip
    data = {
        "row": number, "member": member, "unit": body, "title": cell["title"], "started_on": started,
        "ended_on": ended, "decision": cell["decision"], "key": key,
    }  # fmt: skip
    return data, errors


def parse_positions(file, *, actor, today: datetime.date | None = None) -> Parsed:
    rows, errors = read_rows(SHEET, file)
    if errors:
        return Parsed(errors=errors)
    today = today or timezone.localdate()
    lookups = _Lookups(actor, [cell for _n, cell, _raw in rows])
    parsed, first, first_open = [], {}, {}
    for number, cell, raw in rows:
        data, row_errors = _parse_row(number, cell, raw, actor, lookups, today)
        errors.extend(row_errors)
        parsed.append(data)
        key = data["key"]
        if key is None:
            continue
        earlier = first.get(key) or (first_open.get(key[:3]) if data["ended_on"] is None else None)
        if earlier:
            errors.append(RowError(number, HEADERS["title"], _("The same position as row %(row)d") % {"row": earlier}))
            continue
        first[key] = number
        if data["ended_on"] is None:
            first_open[key[:3]] = number
    return Parsed(rows=parsed, errors=sorted_errors(SHEET, errors))


def import_positions(file, *, actor, today: datetime.date | None = None) -> ImportResult:
    """Every position of the file, or none."""
    parsed = parse_positions(file, actor=actor, today=today)
    if parsed.errors:
        return ImportResult(created=0, errors=parsed.errors)
    with transaction.atomic():
        created = write_positions(parsed.rows, actor)
    return ImportResult(created=created)


def write_positions(rows: list[dict], actor) -> int:
    levels = levels_for(data["unit"] for data in rows)
    positions = [
        place(PositionHeld(member=data["member"], unit=data["unit"], title=data["title"],
                           started_on=data["started_on"], ended_on=data["ended_on"], decision=data["decision"]),
              data["unit"], levels)
        for data in rows
    ]  # fmt: skip
    PositionHeld.objects.bulk_create(positions, batch_size=1000)
    changes = [(position, None, snapshot(position)) for position in positions]
    record_many(actor=actor, action=Action.CREATE, changes=changes, note=_("Imported from Excel"))
    return len(positions)
