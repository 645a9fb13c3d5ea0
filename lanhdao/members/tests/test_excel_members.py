"""Members from Excel: the template, a clean file written in bulk with its audit rows, and all or nothing — one bad
row writes nothing, and every bad row is reported with its row, its column and why."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.members import excel, excel_members
from lanhdao.members.models import Member, Placement

TODAY = datetime.date(2026, 3, 10)
FROZEN = time_machine.travel(datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC), tick=False)
COLUMN = excel_members.HEADERS


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (the product's default language is Vietnamese)."""
    with translation.override("en"):
        yield


def sheet_file(rows: list[dict], *, spec=excel_members, name: str = "dang-vien.xlsx") -> SimpleUploadedFile:
    """The product's template filled in with openpyxl as a person would: one {column key: value} dict per row,
    below the template's example row."""
    workbook = openpyxl.load_workbook(io.BytesIO(spec.import_template()))
    sheet = workbook.worksheets[0]
    keys = [column.key for column in spec.COLUMNS]
    for offset, values in enumerate(rows):
        for index, key in enumerate(keys, 1):
            sheet.cell(row=3 + offset, column=index).value = values.get(key)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def row(**values) -> dict:
    base = {
        "full_name": "Phạm Văn Ba",
        "gender": "Nam",
        "unit": "CA1",
        "admitted_on": "02/03/2020",
        "full_on": "02/03/2021",
    }
    return base | values


def member_audits():
    return AuditEntry.objects.filter(content_type__app_label="members")


def nothing_saved(before: int) -> bool:
    return Member.objects.count() == before and Placement.objects.count() == before and not member_audits().exists()


def test_template_has_vietnamese_headers_an_example_row_a_guide_and_lists(db):
    workbook = openpyxl.load_workbook(io.BytesIO(excel_members.import_template()))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert {
        "Số CCCD",
        "Chi bộ (tên hoặc mã)",
        "Số thẻ đảng viên",
        "Lý luận chính trị",
        "Ngày vào Đảng",
        "Ngày chính thức",
    } <= set(headers)
    assert sheet["A2"].value == excel_members.EXAMPLE_NAME and isinstance(sheet["C2"].value, datetime.datetime)
    lists = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"Nam,Nữ"' in lists and '"sơ cấp,trung cấp,cao cấp,cử nhân"' in lists
    guide = " ".join(str(v) for r in workbook["Hướng dẫn"].iter_rows(values_only=True) for v in r if v)
    assert "dd/mm/yyyy" in guide and all(header in guide for header in headers)


@FROZEN
def test_a_clean_file_creates_members_placements_and_one_audit_row_each(members_world):
    w = members_world
    upload = sheet_file(
        [
            row(
                full_name="Phạm Văn Ba",
                birth_date=datetime.date(1990, 5, 17),
                identity_number=1090012345,  # lost its 0
                ethnicity="Kinh",
                religion="Không",
                hometown="xã An Một",
                address="thôn Một",
                phone=912345678,
                card_number="79000001",
                education="12/12",
                qualification="Đại học",
                theory_level="trung cap",
                position="Bí thư chi đoàn",
                admitted_on=datetime.date(2020, 3, 2),
                admission_decision="125-QĐ/HU",
                full_on="2021-03-02",
                full_decision="40-QĐ/HU",
            ),
            {},  # a blank row is skipped
            row(
                full_name="Hoàng Thị Tư",
                gender="female",
                unit="xa1",
                admitted_on="15/06/2025",
                full_on=None,
                qualification="master",
                theory_level="Elementary",
                placed_on="01/07/2025",
            ),
        ]
    )
    result = excel_members.import_members(upload, actor=w.olga)
    assert result.errors == [] and result.created == 2
    ba = Member.objects.get(full_name="Phạm Văn Ba")
    assert (ba.unit, ba.gender, ba.birth_date, ba.identity_number, ba.phone) == (
        w.cell_a,
        "male",
        datetime.date(1990, 5, 17),
        "001090012345",
        "0912345678",
    )
    assert (ba.qualification, ba.theory_level, ba.card_number, ba.position) == (
        "bachelor",
        "intermediate",
        "79000001",
        "Bí thư chi đoàn",
    )
    assert (ba.admitted_on, ba.full_on, ba.probation_ends_on) == (
        datetime.date(2020, 3, 2),
        datetime.date(2021, 3, 2),
        datetime.date(2021, 3, 2),
    )
    assert (ba.unit_path, ba.level2_id, ba.level3_id) == (w.cell_a.path, w.district_a.pk, w.commune_a.pk)
    assert ba.search_name == "pham van ba 79000001" and ba.created_by == w.olga
    tu = Member.objects.get(full_name="Hoàng Thị Tư")
    assert (tu.unit, tu.gender, tu.full_on, tu.probation_ends_on) == (
        w.commune_a,
        "female",
        None,
        datetime.date(2026, 6, 15),
    )
    assert (tu.qualification, tu.theory_level) == ("master", "elementary")
    placements = {p.member_id: p for p in Placement.objects.filter(member__in=[ba, tu])}
    assert placements[ba.pk].started_on == datetime.date(2020, 3, 2) and placements[ba.pk].ended_on is None
    assert placements[tu.pk].started_on == datetime.date(2025, 7, 1)
    assert placements[tu.pk].unit_path == w.commune_a.path and placements[tu.pk].level3_id == w.commune_a.pk
    audits = member_audits().filter(action=Action.CREATE, actor=w.olga)
    assert sorted((a.content_type.model, int(a.object_id)) for a in audits) == sorted(
        [("member", ba.pk), ("member", tu.pk), ("placement", placements[ba.pk].pk), ("placement", placements[tu.pk].pk)]
    )
    assert audits.get(content_type__model="member", object_id=str(ba.pk)).after["identity_number"] == "001090012345"


@FROZEN
def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(members_world):
    w = members_world
    Member.objects.filter(pk=w.member_a.pk).update(card_number="79000099")
    before = Member.objects.count()
    upload = sheet_file(
        [
            row(full_name="Đúng", identity_number="001090000001"),  # 3: good, not saved either
            row(full_name=None, gender="X"),  # 4
            row(unit="ZZ9"),  # 5: unknown
            row(unit="XB1"),  # 6: outside olga's scope: unknown to her
            row(unit="HA-UB"),  # 7: a People's Committee holds no members
            row(admitted_on="01/01/2027", full_on=None),  # 8: future
            row(admitted_on="02/03/2020", full_on="01/03/2021"),  # 9: before the probation ends
            row(birth_date="01/01/2005", admitted_on="02/03/2020"),  # 10: fifteen at admission
            row(identity_number="001090000001"),  # 11: as row 3
            row(identity_number="001180000001"),  # 12: member_a's
            row(card_number="79000099"),  # 13: member_a's card
            row(theory_level="tiến sĩ", qualification="giỏi"),  # 14
            row(birth_date="31/02/1990", placed_on="01/01/2019"),  # 15: no such day; placed before admission
            row(identity_number="12345"),  # 16
            row(admitted_on=None),  # 17
        ]
    )
    result = excel_members.import_members(upload, actor=w.olga)
    assert result.created == 0
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (4, COLUMN["full_name"]),
        (4, COLUMN["gender"]),
        (5, COLUMN["unit"]),
        (6, COLUMN["unit"]),
        (7, COLUMN["unit"]),
        (8, COLUMN["admitted_on"]),
        (9, COLUMN["full_on"]),
        (10, COLUMN["admitted_on"]),
        (11, COLUMN["identity_number"]),
        (12, COLUMN["identity_number"]),
        (13, COLUMN["card_number"]),
        (14, COLUMN["theory_level"]),
        (14, COLUMN["qualification"]),
        (15, COLUMN["birth_date"]),
        (15, COLUMN["placed_on"]),
        (16, COLUMN["identity_number"]),
        (17, COLUMN["admitted_on"]),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "ZZ9" in messages[5, COLUMN["unit"]] and "XB1" in messages[6, COLUMN["unit"]]
    assert "not a party organisation" in messages[7, COLUMN["unit"]]
    assert "future" in messages[8, COLUMN["admitted_on"]]
    assert "02/03/2021" in messages[9, COLUMN["full_on"]]  # the end of the probation
    assert "row 3" in messages[11, COLUMN["identity_number"]]
    assert "already recorded" in messages[12, COLUMN["identity_number"]]
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)
    assert nothing_saved(before)


@FROZEN
def test_units_the_importer_may_not_manage_are_refused(members_world):
    w = members_world
    before = Member.objects.count()
    upload = sheet_file([row(unit="CA1"), row(unit="HA")])
    # alice (secretary of HA) keeps no member records below HA: the cell's are the organisation board's.
    result = excel_members.import_members(upload, actor=w.alice)
    assert [(e.row, e.column) for e in result.errors] == [(3, COLUMN["unit"])]
    assert "may not manage the members of CA1" in result.errors[0].message
    charlie = excel_members.import_members(sheet_file([row(unit="CA1")]), actor=w.charlie)
    assert "No unit you may see is named or coded CA1" in charlie.errors[0].message
    assert nothing_saved(before)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("dang-vien.csv", b"a,b"), "Only Excel files"),
        (SimpleUploadedFile("dang-vien.xlsx", b"not a workbook"), "not a real XLSX"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(members_world, upload, message):
    result = excel_members.import_members(upload, actor=members_world.olga)
    assert result.created == 0 and message in result.errors[0].message and result.errors[0].row == 0


def test_a_sheet_without_the_headers_or_without_rows_is_refused(members_world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tên", "Tuổi"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel_members.import_members(SimpleUploadedFile("x.xlsx", buffer.getvalue()), actor=members_world.olga)
    assert result.errors[0].row == 1 and "Họ và tên" in result.errors[0].message
    empty = excel_members.import_members(sheet_file([]), actor=members_world.olga)
    assert "no row to import" in empty.errors[0].message


def test_english_headers_of_the_export_are_read_too(members_world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["No.", "Full name", "Gender", "Unit code", "Admitted on", "Full member from"])
    workbook.active.append([1, "Vũ Văn Năm", "Male", "CA1", "01/02/2019", "01/02/2020"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel_members.import_members(SimpleUploadedFile("x.xlsx", buffer.getvalue()), actor=members_world.olga)
    assert result.errors == [] and Member.objects.filter(full_name="Vũ Văn Năm", gender="male").exists()


def test_too_many_rows_are_refused(members_world, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 2)
    result = excel_members.import_members(sheet_file([row(), row(), row()]), actor=members_world.olga)
    assert result.created == 0 and "more than 2 rows" in result.errors[0].message


def test_the_import_writes_in_bulk_whatever_the_number_of_rows(members_world):
    counts = []
    excel_members.import_members(sheet_file([row(card_number="1")]), actor=members_world.olga)  # content types cached
    for n, first in ((3, 100), (60, 200)):
        upload = sheet_file([row(full_name=f"Người {i}", card_number=str(first + i)) for i in range(n)])
        with CaptureQueriesContext(connection) as queries:
            result = excel_members.import_members(upload, actor=members_world.olga)
        assert result.created == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@FROZEN
def test_the_template_offers_the_importers_cells_and_a_cell_is_read_by_its_name(members_world):
    """Issue 15: the cell column took codes only; it takes the name as the tree writes it (or without diacritics),
    offered in a drop-down list of the party organisations whose members the importer manages."""
    w = members_world
    workbook = openpyxl.load_workbook(io.BytesIO(excel_members.import_template(w.olga)))
    listed = [r[0] for r in workbook["Đơn vị"].iter_rows(values_only=True)]
    assert "Chi bộ thôn Một" in listed and "Huyện ủy An" in listed and "Ủy ban nhân dân huyện An" not in listed
    assert not any("Bình" in name for name in listed)
    assert "Huyện ủy An" in [c.value for c in workbook.worksheets[0][2]], "the example row names the first of them"
    before = Member.objects.count()
    result = excel_members.import_members(sheet_file([row(unit="chi bo thon mot")]), actor=w.olga)
    assert not result.errors, result.errors
    assert Member.objects.count() == before + 1
    assert Member.objects.get(full_name="Phạm Văn Ba").unit == w.cell_a
