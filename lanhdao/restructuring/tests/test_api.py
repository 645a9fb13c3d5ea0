import pytest

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import AuditEntry
from lanhdao.documents.models import Document
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.restructuring.models import Operation

from .test_engine import BASIS, board  # noqa: F401  (the fixture)

JULY = "2025-07-01"


def state():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "code", "path", "archived_at")),
        Operation.objects.count(),
        AuditEntry.objects.count(),
    )


def merge(world, **extra):
    return {
        "kind": "merge",
        "unit": world.district_a.pk,
        "units": [world.district_b.pk],
        "effective_on": JULY,
        "new": {"code": "HAB", "name": "Đảng ủy khu vực An Bình", "kind": K.DISTRICT_COMMITTEE},
        "legal_basis_text": BASIS,
        **extra,
    }


def rename(world):
    return {
        "kind": "rename",
        "unit": world.commune_a.pk,
        "effective_on": JULY,
        "name": "Đảng ủy xã An Hòa",
        "legal_basis_text": BASIS,
    }


def test_preview_counts_then_apply_returns_the_operation(board, api_for):  # noqa: F811
    api = api_for(board.board)
    before = state()
    preview = api.post("/api/restructuring/preview/", merge(board), format="json")
    assert preview.status_code == 200, preview.json()
    assert preview.json()["units_closed"] == 7
    assert preview.json()["members"] == 1 and preview.json()["roles"] == 3
    assert state() == before
    applied = api.post("/api/restructuring/apply/", merge(board), format="json")
    assert applied.status_code == 201, applied.json()
    body = applied.json()
    assert body["kind"] == "merge" and body["summary"]["units_created"] == 6 and len(body["lineage"]) == 7
    new = Unit.objects.get(code="HAB")
    assert any(row["successor"] == new.pk for row in body["lineage"])
    assert api.get(f"/api/restructuring/operations/{body['id']}/").json()["id"] == body["id"]
    assert [o["id"] for o in api.get("/api/restructuring/operations/").json()["results"]] == [body["id"]]


def test_apply_with_a_document_as_legal_basis(board, api_for):  # noqa: F811
    document = Document.objects.create(
        owner=board.province,
        symbol="1683/NQ-UBTVQH15",
        title="Nghị quyết",
        kind="NQ",
        issuer_code="TU",
        confidentiality=Clearance.NORMAL,
    )
    data = {
        "kind": "rename",
        "unit": board.commune_a.pk,
        "effective_on": JULY,
        "name": "Đảng ủy xã An Hòa",
        "legal_basis": document.pk,
    }
    response = api_for(board.board).post("/api/restructuring/apply/", data, format="json")
    assert response.status_code == 201, response.json()
    assert Operation.objects.get().legal_basis == document
    assert Unit.objects.get(pk=board.commune_a.pk).name == "Đảng ủy xã An Hòa"


def test_an_incomplete_split_mapping_is_a_400_and_changes_nothing(board, api_for):  # noqa: F811
    before = state()
    data = {
        "kind": "split",
        "unit": board.district_a.pk,
        "effective_on": JULY,
        "legal_basis_text": BASIS,
        "parts": [
            {"key": "n", "code": "HAN", "name": "Bắc An", "kind": K.DISTRICT_COMMITTEE},
            {"key": "s", "code": "HAS", "name": "Nam An", "kind": K.DISTRICT_COMMITTEE},
        ],
        "mapping": {str(board.commune_a.pk): "n"},
        "own": "n",
    }
    for endpoint in ("preview", "apply"):
        response = api_for(board.board).post(f"/api/restructuring/{endpoint}/", data, format="json")
        assert response.status_code == 400
        assert "Ủy ban nhân dân huyện An" in str(response.json())
    assert state() == before


def test_bad_input_gets_field_messages(board, api_for):  # noqa: F811
    api = api_for(board.board)
    response = api.post("/api/restructuring/preview/", {"kind": "merge", "unit": board.district_a.pk}, format="json")
    assert response.status_code == 400 and "effective_on" in response.json()
    data = {"kind": "rename", "unit": board.commune_a.pk, "effective_on": JULY, "name": ""}
    assert "name" in api.post("/api/restructuring/preview/", data, format="json").json()
    no_basis = {**data, "name": "Đảng ủy xã An Hòa"}
    response = api.post("/api/restructuring/apply/", no_basis, format="json")
    assert response.status_code == 400 and "legal_basis" in response.json()
    assert not Operation.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("bob", 403), ("charlie", 404)])
def test_only_the_organisation_board_may_restructure(board, api_for, who, status):  # noqa: F811
    before = state()
    for endpoint in ("preview", "apply"):
        for data in (merge(board, units=[]), rename(board)):
            response = api_for(getattr(board, who)).post(f"/api/restructuring/{endpoint}/", data, format="json")
            assert response.status_code == status
    assert state() == before


def test_a_unit_outside_scope_in_the_request_is_a_404(board, api_for):  # noqa: F811
    """The board of district B may not name district A's commune as a destination: 404, nothing changed."""
    from conftest import make_user
    from lanhdao.accounts.roles import Role

    board_b = make_user("tochuc_b", role=Role.ORGANISATION_BOARD, unit=board.district_b)
    before = state()
    data = {
        "kind": "move",
        "unit": board.commune_b.pk,
        "parent": board.district_a.pk,
        "effective_on": JULY,
        "legal_basis_text": BASIS,
    }
    assert api_for(board_b).post("/api/restructuring/apply/", data, format="json").status_code == 404
    assert state() == before


def test_children_on_a_date(board, api_for):  # noqa: F811
    api = api_for(board.board)
    api.post("/api/restructuring/apply/", merge(board), format="json")
    before = api.get(f"/api/units/{board.province.pk}/children-on/", {"on": "2025-06-30"}).json()
    assert [u["code"] for u in before] == ["HA~20250630", "HB~20250630"]
    new = Unit.objects.get(code="HAB")
    assert before[0]["successors"] == [new.pk] and before[0]["valid_to"] == "2025-06-30"
    after = api.get(f"/api/units/{board.province.pk}/children-on/", {"on": JULY}).json()
    assert [u["code"] for u in after] == ["HAB"]
    assert api.get(f"/api/units/{board.province.pk}/children-on/", {"on": "x"}).status_code == 400
    assert api_for(board.charlie).get(f"/api/units/{board.district_a.pk}/children-on/").status_code == 404


def test_the_schema_describes_the_endpoints(board, api_for):  # noqa: F811
    schema = api_for(board.alice).get("/api/schema/").content.decode()
    for path in (
        "/api/restructuring/preview/",
        "/api/restructuring/apply/",
        "/api/units/{id}/children-on/",
        "/api/restructuring/operations/{id}/",
    ):
        assert path in schema
