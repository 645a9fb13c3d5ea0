"""Cadres' positions held from Excel: members found by card or identity number among those the importer may
change, bodies by code, all or nothing with every bad row reported, one audit row per position."""

import datetime

import pytest
import time_machine
from django.utils import translation

from conftest import make_member
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.cadres import excel as excel_positions
from lanhdao.cadres.models import PositionHeld
from lanhdao.members.models import Member
from lanhdao.members.tests.test_excel_members import sheet_file

FROZEN = time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
COLUMN = excel_positions.HEADERS


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def cadres(members_world):
    w = members_world
    Member.objects.filter(pk=w.member_a.pk).update(card_number="79000001")
    Member.objects.filter(pk=w.member_b.pk).update(card_number="79000002")
    w.member_c = make_member(w.cell_a, "Đỗ Văn Cường", card_number="79000003", identity_number="001080000003")
    return w


def position(**values) -> dict:
    return {
        "card_number": "79000001",
        "body": "XA1",
        "title": "Phó Bí thư Đảng ủy",
        "started_on": "01/10/2020",
    } | values


def sheet(rows):
    return sheet_file(rows, spec=excel_positions, name="chuc-vu.xlsx")


def test_template_has_the_positions_columns(db):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(excel_positions.import_template()))
    headers = [c.value for c in workbook.worksheets[0][1]]
    assert headers == [
        "Họ và tên",
        "Số thẻ đảng viên",
        "Số CCCD",
        "Cơ quan, đơn vị (tên hoặc mã)",
        "Chức vụ",
        "Từ ngày",
        "Đến ngày",
        "Số quyết định",
    ]


@FROZEN
def test_positions_are_created_on_their_body_with_an_audit_row_each(cadres):
    w = cadres
    result = excel_positions.import_positions(
        sheet(
            [
                position(full_name="Trần Thị An", decision="305-QĐ/HU"),
                position(
                    card_number=None,
                    identity_number="001080000003",
                    body="HA-UB",
                    title="Phó Chủ tịch UBND",
                    started_on="01/01/2021",
                    ended_on="31/12/2025",
                ),
            ]
        ),
        actor=w.olga,
    )
    assert result.errors == [] and result.created == 2
    first, second = PositionHeld.objects.order_by("pk")
    assert (first.member, first.unit, first.title, first.started_on, first.ended_on, first.decision) == (
        w.member_a,
        w.commune_a,
        "Phó Bí thư Đảng ủy",
        datetime.date(2020, 10, 1),
        None,
        "305-QĐ/HU",
    )
    assert (first.unit_path, first.level2_id, first.level3_id) == (w.commune_a.path, w.district_a.pk, w.commune_a.pk)
    assert (second.member, second.unit, second.ended_on) == (w.member_c, w.ubnd_a, datetime.date(2025, 12, 31))
    audits = AuditEntry.objects.filter(content_type__model="positionheld", action=Action.CREATE, actor=w.olga)
    assert sorted(int(a.object_id) for a in audits) == [first.pk, second.pk]


@FROZEN
def test_every_bad_position_is_reported_and_nothing_is_written(cadres):
    w = cadres
    PositionHeld.objects.create(
        member=w.member_c, unit=w.commune_a, title="Ủy viên", started_on=datetime.date(2019, 1, 1)
    )
    result = excel_positions.import_positions(
        sheet(
            [
                position(),  # 3: good, not written either
                position(card_number=None),  # 4: neither number
                position(card_number="99999999"),  # 5: unknown card
                position(card_number="79000002"),  # 6: member_b, in HB: not among olga's members
                position(card_number=None, identity_number="001180000002"),  # 7: member_b's identity: unknown to olga
                position(full_name="Người Khác"),  # 8: the card is member_a's
                position(body="ZZ9"),  # 9
                position(body="XB1"),  # 10: outside olga's scope
                position(title=None, started_on="ngày mai"),  # 11
                position(started_on="01/01/2021", ended_on="01/01/2020"),  # 12
                position(started_on="01/01/2027"),  # 13: future start
                position(),  # 14: the same as row 3
                position(
                    card_number="79000003", body="XA1", title="Ủy viên", started_on="01/01/2019"
                ),  # 15: already there
                position(card_number="79000001", identity_number="001080000003"),  # 16: card and identity disagree
            ]
        ),
        actor=w.olga,
    )
    assert result.created == 0
    assert {(e.row, e.column) for e in result.errors} == {
        (4, COLUMN["card_number"]),
        (5, COLUMN["card_number"]),
        (6, COLUMN["card_number"]),
        (7, COLUMN["identity_number"]),
        (8, COLUMN["full_name"]),
        (9, COLUMN["body"]),
        (10, COLUMN["body"]),
        (11, COLUMN["title"]),
        (11, COLUMN["started_on"]),
        (12, COLUMN["ended_on"]),
        (13, COLUMN["started_on"]),
        (14, COLUMN["title"]),
        (15, COLUMN["title"]),
        (16, COLUMN["identity_number"]),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "Trần Thị An" in messages[8, COLUMN["full_name"]]
    assert "row 3" in messages[14, COLUMN["title"]]
    assert PositionHeld.objects.count() == 1


@FROZEN
def test_a_member_whose_records_the_importer_may_not_change_is_refused(cadres):
    # alice sees CA1's members but keeps no records of them; bodies she may record on are fine.
    result = excel_positions.import_positions(sheet([position()]), actor=cadres.alice)
    assert [(e.row, e.column) for e in result.errors] == [(3, COLUMN["card_number"])]
    assert "may not change the records" in result.errors[0].message
    assert not PositionHeld.objects.exists()
