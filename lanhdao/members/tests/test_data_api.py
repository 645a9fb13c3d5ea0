"""The members' data endpoints: figures (with by_child), import (all or nothing, dry run), exports; the outsider gets
404, the read-only user 403 on the import, and the schema is generated."""

import io

import openpyxl
from django.urls import reverse
from django.utils import timezone

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.members.models import Member

from .test_excel_members import row, sheet_file


def test_figures_of_a_unit_and_of_its_children(members_world, api_for):
    w = members_world
    query = {"unit": w.district_a.pk, "start": "2015-01-01", "end": "2016-12-31", "by_child": "true"}
    response = api_for(w.bob).get(reverse("api-member-figures"), query)
    assert response.status_code == 200
    body = response.json()
    assert (body["unit"], body["start"], body["end"], body["year"], body["subtree"]) == (
        w.district_a.pk,
        "2015-01-01",
        "2016-12-31",
        2016,
        True,
    )
    assert body["members"]["total"] == 1 and body["admissions"] == 1 and body["recognitions"] == 1
    assert body["members"]["by_gender"] == {"male": 0, "female": 1}
    assert [(c["code"], c["own"], c["members"]["total"]) for c in body["children"]] == [
        ("XA1", False, 1),
        ("HA-UB", False, 0),
    ]


def test_figures_default_period_and_checks(members_world, api_for):
    api = api_for(members_world.bob)
    body = api.get(reverse("api-member-figures"), {"unit": members_world.district_a.pk}).json()
    today = timezone.localdate()
    assert (body["start"], body["end"]) == (f"{today.year}-01-01", today.isoformat()) and "children" not in body
    bad = api.get(
        reverse("api-member-figures"), {"unit": members_world.district_a.pk, "start": "2025-01-01", "end": "2024-01-01"}
    )
    assert bad.status_code == 400
    assert api.get(reverse("api-member-figures"), {"unit": members_world.district_a.pk, "end": "x"}).status_code == 400


def test_outsider_gets_404_everywhere(members_world, api_for):
    api = api_for(members_world.charlie)
    for name in ("api-member-figures", "api-member-export", "api-member-positions-export"):
        assert api.get(reverse(name), {"unit": members_world.district_a.pk}).status_code == 404, name
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_import_is_refused_to_the_read_only_user(members_world, api_for):
    before = Member.objects.count()
    response = api_for(members_world.bob).post(
        reverse("api-member-import"), {"file": sheet_file([row()])}, format="multipart"
    )
    assert response.status_code == 403 and Member.objects.count() == before


def test_import_reports_every_error_and_writes_nothing(members_world, api_for):
    before = Member.objects.count()
    upload = sheet_file([row(), row(unit="ZZ9"), row(full_on="01/01/2020")])
    response = api_for(members_world.olga).post(reverse("api-member-import"), {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [
        (4, "Chi bộ (tên hoặc mã)"),
        (5, "Ngày chính thức"),
    ]
    assert Member.objects.count() == before


def test_import_dry_run_then_for_real(members_world, api_for):
    api = api_for(members_world.olga)
    before = Member.objects.count()
    dry = api.post(
        reverse("api-member-import"),
        {"file": sheet_file([row(), row(full_name="Hai")]), "dry_run": True},
        format="multipart",
    )
    assert dry.json() == {"rows": 2, "created": 0, "errors": []} and Member.objects.count() == before
    done = api.post(
        reverse("api-member-import"), {"file": sheet_file([row(), row(full_name="Hai")])}, format="multipart"
    )
    assert done.status_code == 200 and done.json()["created"] == 2 and Member.objects.count() == before + 2
    assert AuditEntry.objects.filter(content_type__model="member", action=Action.CREATE).count() == 2


def test_export_with_and_without_personal_data(members_world, api_for):
    w = members_world

    def headers(user):
        response = api_for(user).get(reverse("api-member-export"), {"unit": w.district_a.pk})
        assert response.status_code == 200
        return [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0][1]]

    assert "Ngày sinh" not in headers(w.bob) and "Date of birth" not in headers(w.bob)
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    assert len(headers(w.olga)) > len(headers(w.bob))
    assert AuditEntry.objects.filter(action=Action.EXPORT, actor=w.olga).count() == 1
    assert api_for(w.olga).get(reverse("api-member-export"), {"unit": w.district_a.pk, "stage": "x"}).status_code == 400


def test_the_schema_describes_the_endpoints(members_world, client_for):
    schema = client_for(members_world.bob).get("/api/schema/").content.decode()
    for path in ("/api/member-figures/", "/api/member-import/", "/api/member-export/", "/api/member-positions-export/"):
        assert path in schema
