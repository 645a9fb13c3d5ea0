"""One import for the page, the API and the tests (lanhdao.core.imports): the same bad file gets the same errors
everywhere, nothing is written, and a clean file is written by the one service of its sheet, once."""

import pytest
from django.urls import reverse

from lanhdao.cadres import excel as excel_positions
from lanhdao.cadres.models import PositionHeld
from lanhdao.members import excel_members, services_imports
from lanhdao.members.models import Member

from .test_excel_members import member_audits, row, sheet_file


def _bad_file():
    # row 3 names a unit outside olga's scope, row 4 a full membership before the probation's end and a bad gender
    return [row(), row(unit="ZZ9"), row(gender="?", full_on="01/01/2020")]


def _triples(errors):
    return [
        (e["row"], e["column"], e["message"]) if isinstance(e, dict) else (e.row, e.column, e.message) for e in errors
    ]


def test_the_page_the_api_and_the_service_give_the_same_errors_for_one_bad_file(members_world, client_for, api_for):
    w = members_world
    before = Member.objects.count()
    direct = excel_members.import_members(sheet_file(_bad_file()), actor=w.olga)
    page = client_for(w.olga).post(reverse("members:import"), {"file": sheet_file(_bad_file())})
    api = api_for(w.olga).post(reverse("api-member-import"), {"file": sheet_file(_bad_file())}, format="multipart")
    assert len(direct.errors) == 3 and direct.created == 0
    assert _triples(page.context["errors"]) == _triples(direct.errors)
    assert api.status_code == 400 and _triples(api.json()["errors"]) == _triples(direct.errors)
    assert "token" not in page.context, "a bad file is not kept for a confirmation"
    assert Member.objects.count() == before and not member_audits().exists()


def test_positions_get_the_same_errors_from_the_api_and_the_service(members_world, api_for):
    w = members_world
    rows = [{"card_number": "404", "body": "XA1", "title": "Bí thư", "started_on": "01/01/2020"}]
    direct = excel_positions.import_positions(sheet_file(rows, spec=excel_positions), actor=w.olga)
    api = api_for(w.olga).post(
        reverse("api-member-import"),
        {"file": sheet_file(rows, spec=excel_positions), "kind": "positions"},
        format="multipart",
    )
    assert direct.errors and api.status_code == 400 and _triples(api.json()["errors"]) == _triples(direct.errors)
    assert not PositionHeld.objects.exists()


@pytest.fixture
def writes(monkeypatch):
    """Every call of the members' import service, which still writes."""
    calls = []
    real = services_imports.members_import

    def spy(*, actor, rows):
        calls.append((actor, len(rows)))
        return real(actor=actor, rows=rows)

    monkeypatch.setattr(services_imports, "members_import", spy)
    return calls


def test_the_page_and_the_api_write_through_the_one_service(members_world, client_for, api_for, writes):
    w = members_world
    before = Member.objects.count()
    client = client_for(w.olga)
    preview = client.post(reverse("members:import"), {"file": sheet_file([row(full_name="Một")])})
    assert writes == [], "the preview writes nothing"
    client.post(reverse("members:import"), {"token": preview.context["token"], "confirm": "1"})
    dry = api_for(w.olga).post(
        reverse("api-member-import"), {"file": sheet_file([row(full_name="Hai")]), "dry_run": True}, format="multipart"
    )
    assert dry.status_code == 200 and writes == [(w.olga, 1)], "a dry run writes nothing"
    api_for(w.olga).post(reverse("api-member-import"), {"file": sheet_file([row(full_name="Ba")])}, format="multipart")
    assert writes == [(w.olga, 1), (w.olga, 1)]
    assert Member.objects.count() == before + 2
    assert set(Member.objects.filter(full_name__in=["Một", "Hai", "Ba"]).values_list("full_name", flat=True)) == {
        "Một",
        "Ba",
    }
