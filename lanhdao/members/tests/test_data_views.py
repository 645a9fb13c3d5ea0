"""The statistics page and the import page: scope (the outsider gets 404), the read-only user cannot import (403),
upload → preview → confirm, nothing written before the confirmation."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_member
from lanhdao.audit.models import AuditEntry
from lanhdao.members.models import Member, Placement

from .test_excel_members import row, sheet_file


def test_statistics_page_shows_a_row_per_child_and_the_totals(members_world, client_for, django_assert_max_num_queries):
    w = members_world
    client = client_for(w.bob)
    with django_assert_max_num_queries(30):
        response = client.get(
            reverse("members:statistics"), {"unit": w.district_a.pk, "start": "2024-01-01", "end": "2024-12-31"}
        )
    assert response.status_code == 200
    rows = response.context["rows"]
    # the People's Committee HA-UB holds no members and has no figure: not listed
    assert [(r.unit.code, r.figures["members"]["total"]) for r in rows] == [("XA1", 1)]
    assert response.context["total"]["members"]["total"] == 1
    html = response.content.decode()
    assert w.commune_a.name in html and "001180000001" not in html  # aggregates only


def test_statistics_page_defaults_to_the_users_unit_and_finds_a_unit_by_code(members_world, client_for):
    client = client_for(members_world.bob)
    assert client.get(reverse("members:statistics")).context["unit"] == members_world.district_a
    assert client.get(reverse("members:statistics"), {"code": "XA1"}).context["unit"] == members_world.commune_a
    assert client.get(reverse("members:statistics"), {"code": "XB1"}).status_code == 404


def test_outsider_gets_404_on_the_statistics_and_export_pages(members_world, client_for):
    client = client_for(members_world.charlie)
    for name in ("members:statistics", "members:export"):
        assert client.get(reverse(name), {"unit": members_world.district_a.pk}).status_code == 404


def test_a_period_ending_before_it_starts_is_refused_gently(members_world, client_for):
    response = client_for(members_world.bob).get(
        reverse("members:statistics"), {"unit": members_world.district_a.pk, "start": "2025-01-01", "end": "2024-01-01"}
    )
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    ["members:import", "members:import_positions", "members:import_template", "members:import_positions_template"],
)
def test_the_read_only_user_may_not_import(members_world, client_for, name):
    client = client_for(members_world.bob)
    assert client.get(reverse(name)).status_code == 403
    before = Member.objects.count()
    response = client.post(reverse("members:import"), {"file": sheet_file([row()])})
    assert response.status_code == 403 and Member.objects.count() == before


def test_upload_preview_then_confirm(members_world, client_for):
    w = members_world
    client = client_for(w.olga)
    before = Member.objects.count()
    template = client.get(reverse("members:import_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    upload = sheet_file(
        [row(full_name="Một"), row(full_name="Hai", unit="XA1", admitted_on="01/12/2025", full_on=None)]
    )
    preview = client.post(reverse("members:import"), {"file": upload})
    assert preview.status_code == 200 and preview.context["rows"] == 2
    assert [(u.code, n) for u, n in preview.context["units"]] == [("XA1", 1), ("CA1", 1)]  # in tree order
    assert Member.objects.count() == before and not AuditEntry.objects.filter(content_type__model="member").exists()
    token = preview.context["token"]
    assert 'name="confirm"' in preview.content.decode()
    done = client.post(reverse("members:import"), {"token": token, "confirm": "1"})
    assert done.status_code == 302 and Member.objects.count() == before + 2
    assert Placement.objects.filter(member__full_name="Hai", started_on=datetime.date(2025, 12, 1)).exists()
    assert AuditEntry.objects.filter(content_type__model="member", actor=w.olga).count() == 2
    again = client.post(reverse("members:import"), {"token": token, "confirm": "1"})
    assert again.status_code == 302 and Member.objects.count() == before + 2  # applied once only


def test_a_confirmation_checks_the_file_again(members_world, client_for):
    w = members_world
    client = client_for(w.olga)
    preview = client.post(reverse("members:import"), {"file": sheet_file([row(identity_number="001090000077")])})
    make_member(w.cell_a, "Người Khác", identity_number="001090000077")  # recorded meanwhile
    before = Member.objects.count()
    response = client.post(reverse("members:import"), {"token": preview.context["token"], "confirm": "1"})
    assert response.status_code == 200 and response.context["row_errors"] and Member.objects.count() == before


def test_a_token_of_another_session_is_refused(members_world, client_for, client):
    w = members_world
    preview = client_for(w.olga).post(reverse("members:import"), {"file": sheet_file([row()])})
    token = preview.context["token"]
    client.logout()
    other = client_for(w.root)
    before = Member.objects.count()
    assert other.post(reverse("members:import"), {"token": token, "confirm": "1"}).status_code == 302
    assert Member.objects.count() == before


def test_errors_are_listed_with_their_rows_and_nothing_is_saved(members_world, client_for):
    client = client_for(members_world.charlie)  # may record in HB, cannot see CA1
    before = Member.objects.count()
    response = client.post(reverse("members:import"), {"file": sheet_file([row(), row(unit="XB1", gender="?")])})
    assert response.status_code == 200 and "token" not in response.context
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (3, "Chi bộ (tên hoặc mã)"),
        (4, "Giới tính"),
        (4, "Chi bộ (tên hoặc mã)"),
    ]
    assert Member.objects.count() == before
