"""Exports of members and positions: personal columns only where the user may see them, the export of personal data
recorded, outsiders refused with 404, the past as it was."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_member, make_user, shown
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.cadres import excel as positions_excel
from lanhdao.cadres.models import PositionHeld
from lanhdao.members import excel, excel_export
from lanhdao.members.models import Placement
from lanhdao.members.placing import place


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(content: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], values, strict=True)) for values in rows[1:]]


def exports():
    return AuditEntry.objects.filter(action=Action.EXPORT)


def test_the_organisation_board_exports_personal_data_and_the_export_is_recorded(members_world):
    w = members_world
    export = excel_export.export_members(w.olga, w.district_a)
    rows = read(export.content)
    assert [r["Full name"] for r in rows] == ["Trần Thị An"]
    assert rows[0]["Citizen identity number"] == "001180000001" and rows[0]["Phone"] == "0912000001"
    assert rows[0]["Date of birth"] == datetime.datetime(1980, 5, 1)  # noqa: DTZ001 — openpyxl reads naive datetimes and rows[0]["Unit code"] == "CA1"
    assert rows[0]["Stage"] == "Full member" and rows[0]["Gender"] == "Female"
    entry = exports().get()
    assert (entry.actor, entry.object_id, entry.content_type.model) == (w.olga, str(w.district_a.pk), "unit")
    assert entry.after == {
        "export": "members",
        "unit": w.district_a.pk,
        "stage": None,
        "as_of": None,
        "rows": 1,
        "personal_rows": 1,
    }
    assert "HA" in entry.note and "1 rows" in entry.note


def test_a_viewer_gets_no_personal_column_and_no_export_is_recorded(members_world):
    export = excel_export.export_members(members_world.bob, members_world.district_a)
    rows = read(export.content)
    assert [r["Full name"] for r in rows] == ["Trần Thị An"]
    assert not {"Date of birth", "Citizen identity number", "Phone", "Address", "Religion"} & set(rows[0])
    assert export.personal_rows == 0 and not exports().exists()


def test_personal_columns_are_filled_only_for_the_rows_the_user_may_see(members_world):
    w = members_world
    make_member(w.commune_a, "Ngô Văn Xã", identity_number="001080000010")
    # celia, secretary of cell CA1, sees her cell's members' personal data
    export = excel_export.export_members(w.celia, w.cell_a)
    assert read(export.content)[0]["Citizen identity number"] == "001180000001"
    # a role on the commune XA1 shows the personal data of XA1's own members, not of the cell below it
    officer = make_user("xa_officer", role=Role.OFFICE_STAFF, unit=w.commune_a)
    rows = {r["Full name"]: r for r in read(excel_export.export_members(officer, w.commune_a).content)}
    assert rows["Ngô Văn Xã"]["Citizen identity number"] == "001080000010"
    assert rows["Trần Thị An"]["Citizen identity number"] is None
    assert exports().filter(actor=officer).get().after["personal_rows"] == 1


def test_stage_and_past_day_filters(members_world):
    w = members_world
    make_member(w.cell_a, "Dự Bị", admitted_on=datetime.date(2025, 12, 1), full_on=None)
    mover = make_member(
        w.commune_b, "Chuyển Đến", admitted_on=datetime.date(2010, 1, 1), full_on=datetime.date(2011, 1, 1)
    )
    old = Placement.objects.get(member=mover)
    old.ended_on = datetime.date(2024, 9, 1)
    old.save()
    place(Placement(member=mover, unit=w.cell_a, started_on=datetime.date(2024, 9, 1)), w.cell_a).save()
    mover.unit = w.cell_a
    place(mover, w.cell_a).save()
    names = lambda export: [r["Full name"] for r in read(export.content)]  # noqa: E731
    assert names(excel_export.export_members(w.olga, w.district_a, stage_value="probationary")) == ["Dự Bị"]
    assert sorted(names(excel_export.export_members(w.olga, w.district_a))) == ["Chuyển Đến", "Dự Bị", "Trần Thị An"]
    on = datetime.date(2024, 6, 30)
    assert names(excel_export.export_members(w.olga, w.district_a, as_of=on)) == ["Trần Thị An"]
    after = names(excel_export.export_members(w.olga, w.district_a, as_of=datetime.date(2024, 10, 1)))
    assert after == ["Chuyển Đến", "Trần Thị An"]  # the mover arrived on 01/09/2024; the probationary is not yet in
    assert exports().filter(actor=w.olga).count() == 4
    assert exports().filter(after__as_of="2024-06-30").exists()


def test_positions_export(members_world):
    w = members_world
    held = {"member": w.member_a, "unit": w.commune_a, "unit_path": w.commune_a.path}
    PositionHeld.objects.create(**held, title="Phó Bí thư", started_on=datetime.date(2020, 1, 1))
    PositionHeld.objects.create(
        **held, title="Ủy viên", started_on=datetime.date(2015, 1, 1), ended_on=datetime.date(2019, 12, 31)
    )
    rows = read(positions_excel.export_positions(w.bob, w.district_a).content)
    assert sorted(r["Post"] for r in rows) == ["Phó Bí thư", "Ủy viên"]
    assert rows[0]["Body code"] == "XA1" and rows[0]["Full name"] == "Trần Thị An"
    held = read(positions_excel.export_positions(w.bob, w.district_a, held_on=datetime.date(2021, 1, 1)).content)
    assert [r["Post"] for r in held] == ["Phó Bí thư"]
    assert read(positions_excel.export_positions(w.charlie, w.district_b).content) == []


@pytest.mark.parametrize("name", ["members:export_members", "members:export_positions"])
def test_outsider_gets_404_and_nothing_is_recorded(members_world, client_for, name):
    response = client_for(members_world.charlie).get(reverse(name), {"unit": members_world.district_a.pk})
    assert response.status_code == 404 and not exports().exists()


def test_the_download_of_the_page(members_world, client_for):
    w = members_world
    response = client_for(w.olga).get(reverse("members:export_members"), {"unit": w.district_a.pk, "stage": "full"})
    assert response.status_code == 200 and response["Content-Type"] == excel.CONTENT_TYPE
    assert "dang-vien-HA-" in response["Content-Disposition"]
    assert read(response.content)[0][shown(response, "Citizen identity number")] == "001180000001"
    assert exports().get().after["stage"] == "full"
    bob = client_for(w.bob).get(reverse("members:export_members"), {"unit": w.district_a.pk})
    assert shown(bob, "Citizen identity number") not in read(bob.content)[0] and exports().count() == 1
    bad = client_for(w.olga).get(
        reverse("members:export_members"), {"unit": w.district_a.pk, "stage": "candidate", "as_of": "2024-01-01"}
    )
    assert bad.status_code == 400 and exports().count() == 1
