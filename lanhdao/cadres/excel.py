"""Cadres' positions held (which body, which post, from–to) in and out of Excel: the import, checked row by row and
written all or nothing, and the export of the positions held in a subtree.

A row names a member already recorded — by party card number or by identity number — the body by its unit code, the
post and the dates. The member must be one whose records the importer may change (members.permissions), the body a
unit the importer sees. Each row is checked by PositionRow; a clean file is written by
services.positions_import, in bulk with one audit row per position, in one transaction. The import is one of the
members' data imports (`IMPORT`, added to `members.imports.KINDS` by CadresConfig.ready), on the members' pages and
API, through the members' Excel room (members.excel: columns, sheets, limits), which this module builds on.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.core.imports import (
    Date,
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
from lanhdao.members import excel, selectors
from lanhdao.members.excel import EARLIEST_YEAR, Column, Sheet
from lanhdao.members.excel import template as write_template
from lanhdao.members.excel_export import Export, Writer
from lanhdao.members.imports import ImportKind
from lanhdao.members.permissions import may_manage_members
from lanhdao.org.models import Unit
from lanhdao.org.picker import describe_candidates, unit_list_entries, units_by_reference
from lanhdao.org.selectors import path_prefix_q

from . import services
from .models import PositionHeld

EXAMPLE_NAME = "Ví dụ: Nguyễn Văn An (dòng mẫu, không được nhập)"

COLUMNS = (
    Column(
        "full_name",
        "Họ và tên",
        30,
        "Không bắt buộc; nếu ghi, phải đúng họ tên của đảng viên có số thẻ hoặc số CCCD ở dòng đó.",
        ("Full name", "Member"),
    ),
    Column(
        "card_number",
        "Số thẻ đảng viên",
        14,
        "Ghi số thẻ đảng viên hoặc số CCCD (ít nhất một trong hai).",
        ("Party card number", "Số thẻ"),
    ),
    Column(
        "identity_number",
        "Số CCCD",
        16,
        "Ghi số CCCD hoặc số thẻ đảng viên (ít nhất một trong hai).",
        ("Citizen identity number", "CCCD"),
    ),
    Column(
        "body",
        "Cơ quan, đơn vị (tên hoặc mã)",
        26,
        "Bắt buộc. Tên (chọn trong danh sách, có dấu hoặc không dấu) hoặc mã của cơ quan, đơn vị nơi giữ chức vụ "
        "(cấp ủy, ủy ban nhân dân, đoàn thể…); đồng chí phải có quyền ghi nhận trên đơn vị này. Tên mà nhiều đơn vị "
        "cùng mang thì ghi như trong danh sách: tên (mã).",
        ("Mã cơ quan, đơn vị", "Body code", "Mã đơn vị", "Mã cơ quan", "Body"),
    ),
    Column("title", "Chức vụ", 30, "Bắt buộc. Ví dụ: Phó Bí thư Đảng ủy. Tối đa 200 ký tự.", ("Post",)),
    Column("started_on", "Từ ngày", 13, "Bắt buộc. Dạng dd/mm/yyyy, không sau hôm nay.", ("From",)),
    Column("ended_on", "Đến ngày", 13, "Để trống nếu đang giữ chức vụ. Không trước “Từ ngày”.", ("Until",)),
    Column("decision", "Số quyết định", 16, "Không bắt buộc. Ví dụ: 305-QĐ/TU.", ("Decision",)),
)
REQUIRED = ("body", "title", "started_on")
DATE_KEYS = ("started_on", "ended_on")
MAX_LENGTHS = {"title": 200, "decision": 100}
EXAMPLE = {
    "full_name": EXAMPLE_NAME,
    "card_number": "79123456",
    "identity_number": "",
    "body": "XA1",
    "title": "Phó Bí thư Đảng ủy",
    "started_on": datetime.date(2020, 10, 1),
    "ended_on": None,
    "decision": "305-QĐ/HU",
}
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


def import_template(actor=None) -> bytes:
    """The import sheet; for `actor`, a drop-down list of the units they record on, the example row naming one."""
    if actor is None:
        return write_template(SHEET, DATE_KEYS)
    entries = unit_list_entries(units_for(actor, Perm.RECORD).order_by("path")[:5000])
    example = SHEET.example | ({"body": entries[0]} if entries else {})
    return write_template(SHEET, DATE_KEYS, units=entries, unit_keys=("body",), example=example)


class _Lookups:
    """The members, bodies and existing positions the file names: four queries for the whole file."""

    def __init__(self, actor, rows: list[tuple[int, dict]]):
        cards = {card for _n, raw in rows if (card := text(raw["card_number"]))}
        identities = {identity for _n, raw in rows if (identity := text(raw["identity_number"]))}
        visible = selectors.members_for(actor).select_related("unit")
        self.by_card = {m.card_number: m for m in visible.filter(card_number__in=cards)} if cards else {}
        # An identity number is personal data: it finds only members whose personal data the importer may see.
        by_identity = visible.filter(selectors.personal_q(actor), identity_number__in=identities) if identities else []
        self.by_identity = {m.identity_number: m for m in by_identity}
        written = {written for _n, raw in rows if (written := text(raw["body"]))}
        scope = units_for(actor, Perm.VIEW, include_archived=True)
        self.bodies = units_by_reference(scope, written) if written else {}
        members = {m.pk for m in [*self.by_card.values(), *self.by_identity.values()]}
        self.existing: set[tuple] = set()
        self.open: set[tuple] = set()  # (member, body, post) held now: cadres.services refuses a second one
        held = PositionHeld.objects.filter(member__in=members) if members else PositionHeld.objects.none()
        for member, body, title, started, ended in held.values_list(
            "member_id", "unit_id", "title", "started_on", "ended_on"
        ):
            self.existing.add((member, body, title, started))
            if ended is None:
                self.open.add((member, body, title))


REQUIRED_MESSAGE = gettext_lazy("Required")


class PositionRow(RowForm):
    """One row of the posts held: a member the importer manages, a body they may record on, a post, from–to."""

    full_name = Text()
    card_number = Text()
    identity_number = Text()
    body = Text(required=REQUIRED_MESSAGE)
    title = Text(limit=MAX_LENGTHS["title"], required=REQUIRED_MESSAGE)
    started_on = Date(earliest=EARLIEST_YEAR, required=REQUIRED_MESSAGE)
    ended_on = Date(earliest=EARLIEST_YEAR)
    decision = Text(limit=MAX_LENGTHS["decision"])

    def _found(self, card: str, identity: str):
        """The member a card or identity number names among the importer's members, or None with the reason."""
        lookups = self.context["lookups"]
        if not card and not identity:
            self.add_error("card_number", _("Give the party card number or the identity number of the member"))
        elif card and card not in lookups.by_card:
            message = _("No member with the party card number %(n)s among your members")
            self.add_error("card_number", message % {"n": card})
        elif not card and identity not in lookups.by_identity:
            message = _("No member with the identity number %(n)s among your members")
            self.add_error("identity_number", message % {"n": identity})
        else:
            return lookups.by_card[card] if card else lookups.by_identity[identity]
        return None

    def _member(self):
        card, identity = self.cell("card_number"), self.cell("identity_number")
        member = self._found(card, identity)
        if member is None:
            return None
        name = self.cell("full_name")
        if identity and card and member.identity_number != identity:
            message = _("The party card %(card)s belongs to a member with another identity number")
            self.add_error("identity_number", message % {"card": card})
        elif name and name.casefold() != member.full_name.casefold():
            self.add_error("full_name", _("The member found is %(name)s") % {"name": member.full_name})
        elif not may_manage_members(self.context["actor"], member.unit):
            message = _("You may not change the records of %(name)s") % {"name": member.full_name}
            self.add_error("card_number" if card else "identity_number", message)
        else:
            return member
        return None

    def _body(self):
        code = self.value("body")
        found = self.context["lookups"].bodies.get(code, []) if code else []
        body = found[0] if len(found) == 1 else None
        if len(found) > 1:
            message = _("Several units are named %(unit)s: %(candidates)s; write the one you mean as in the list")
            self.add_error("body", message % {"unit": code, "candidates": describe_candidates(found)})
        elif code and body is None:
            self.add_error("body", _("No unit you may see is named or coded %(unit)s") % {"unit": code})
        elif body is None:
            return None
        elif body.is_archived:
            self.add_error("body", _("The unit %(code)s is archived") % {"code": body.code})
        elif not has_perm(self.context["actor"], Perm.RECORD, body):
            self.add_error("body", _("You may not record on %(code)s") % {"code": body.code})
        else:
            return body
        return None

    def _dates(self):
        started, ended = self.value("started_on"), self.value("ended_on")
        if started and started > self.context["today"]:  # an end may be decided ahead
            self.add_error("started_on", _("The date %(date)s is in the future") % {"date": f"{started:%d/%m/%Y}"})
            started = None
        if started and ended and ended < started:
            self.add_error("ended_on", _("Before the start date"))
        return started, ended

    def _not_held_yet(self, member, body, key) -> None:
        lookups = self.context["lookups"]
        if key in lookups.existing:
            self.add_error("title", _("This position of %(name)s is already recorded") % {"name": member.full_name})
        elif self.row["ended_on"] is None and key[:3] in lookups.open:
            message = _("%(name)s already holds this post in %(code)s")
            self.add_error("title", message % {"name": member.full_name, "code": body.code})

    def clean(self):
        member, body = self._member(), self._body()
        started, ended = self._dates()
        key = (member.pk, body.pk, self.cell("title"), started) if member and body and started else None
        self.row = {
            "row": self.number,
            "member": member,
            "unit": body,
            "title": self.cell("title"),
            "started_on": started,
            "ended_on": ended,
            "decision": self.cell("decision"),
            "key": key,
        }
        if key:
            self._not_held_yet(member, body, key)
        return self.cleaned_data


def _repeated(rows: list[dict]) -> list[RowError]:
    """The same position twice in the file (or the same post held open twice): each later row names the first."""
    errors, first, first_open = [], {}, {}
    for data in rows:
        key = data["key"]
        if key is None:
            continue
        earlier = first.get(key) or (first_open.get(key[:3]) if data["ended_on"] is None else None)
        if earlier:
            message = _("The same position as row %(row)d") % {"row": earlier}
            errors.append(RowError(data["row"], HEADERS["title"], message))
            continue
        first[key] = data["row"]
        if data["ended_on"] is None:
            first_open[key[:3]] = data["row"]
    return errors


def parse_positions(file, *, actor, today: datetime.date | None = None) -> Parsed:
    rows, errors = read_rows(file, layout=SHEET.layout, limits=excel.limits())
    if errors:
        return Parsed(errors=errors)
    context = {"actor": actor, "lookups": _Lookups(actor, rows), "today": today or timezone.localdate()}
    forms, errors = check_rows(rows, PositionRow, HEADERS, **context)
    parsed = [form.row for form in forms]
    errors.extend(_repeated(parsed))
    return Parsed(rows=parsed, errors=in_sheet_order(errors, HEADERS))


def import_positions(file, *, actor, today: datetime.date | None = None, dry_run: bool = False) -> ImportResult:
    """Every position of the file, or none (services.positions_import)."""
    write = services.positions_import
    return run_import(parse_positions, write, file, actor=actor, headers=HEADERS, today=today, dry_run=dry_run)


IMPORT = ImportKind(
    key="positions",
    title=gettext_lazy("Import cadres' positions from Excel"),
    template_url="members:import_positions_template",
    filename="mau-nhap-chuc-vu.xlsx",
    run=import_positions,
    template=import_template,
)


# --- export ---------------------------------------------------------------------------------------------------------


def positions_to_export(user, unit: Unit, *, held_on: datetime.date | None = None) -> QuerySet[PositionHeld]:
    """Positions held in the bodies of `unit`'s subtree that `user` sees; with `held_on`, those held on that day."""
    qs = selectors.scoped(PositionHeld.objects.all(), user).filter(path_prefix_q(unit.path, "unit_path"))
    if held_on is not None:
        qs = qs.filter(started_on__lte=held_on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=held_on))
    return qs.order_by("unit_path", "title", "member__full_name", "pk")


def export_positions(user, unit: Unit, *, held_on: datetime.date | None = None, chunk_size: int = 2000) -> Export:
    columns = [
        ("number", _("No."), 6),
        ("full_name", _("Full name"), 28),
        ("card_number", _("Party card number"), 14),
        ("cell", _("Party cell"), 26),
        ("body_name", _("Body name"), 30),
        ("body", _("Body code"), 12),
        ("title", _("Post"), 30),
        ("started_on", _("From"), 12),
        ("ended_on", _("Until"), 12),
        ("decision", _("Decision"), 16),
    ]
    writer = Writer(_("Positions held"), columns)
    position: PositionHeld
    for position in (
        positions_to_export(user, unit, held_on=held_on)
        .select_related("unit", "member", "member__unit")
        .iterator(chunk_size=chunk_size)
    ):
        writer.append(
            {
                "number": writer.count + 1,
                "full_name": position.member.full_name,
                "card_number": position.member.card_number,
                "cell": position.member.unit.name,
                "body_name": position.unit.name,
                "body": position.unit.code,
                "title": position.title,
                "started_on": position.started_on,
                "ended_on": position.ended_on,
                "decision": position.decision,
            }
        )
    day = held_on or timezone.localdate()
    return Export(writer.content(), writer.count, 0, f"chuc-vu-{unit.code}-{day:%Y-%m-%d}.xlsx")
