from lanhdao.audit.models import Action, AuditEntry
from lanhdao.org.models import Unit


def test_list_search_and_filter(world, api_for):
    api = api_for(world.alice)
    data = api.get("/api/units/", {"q": "dang uy xa"}).json()
    assert [u["code"] for u in data["results"]] == ["XA1"]
    assert api.get("/api/units/", {"kind": "department"}).json()["results"][0]["code"] == "HA-UB-NV"
    page = api.get("/api/units/", {"page_size": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]


def test_retrieve_gives_parent_and_subtree_counts(world, api_for):
    data = api_for(world.bob).get(f"/api/units/{world.district_a.pk}/").json()
    assert data["parent"] == world.province.pk
    assert data["subtree_counts"] == {"commune_committee": 1, "cell": 1, "peoples_committee": 1, "department": 1}


def test_children_subtree_and_ancestors(world, api_for):
    api = api_for(world.bob)
    assert [u["code"] for u in api.get(f"/api/units/{world.district_a.pk}/children/").json()["results"]] == [
        "XA1",
        "HA-UB",
    ]
    assert api.get(f"/api/units/{world.district_a.pk}/subtree/").json()["count"] == 5
    # ancestors outside the caller's scope are not revealed
    assert [u["code"] for u in api.get(f"/api/units/{world.cell_a.pk}/ancestors/").json()] == ["HA", "XA1"]


def test_create_update_archive_restore_and_history(world, api_for):
    api = api_for(world.alice)
    created = api.post(
        "/api/units/",
        {"parent": world.commune_a.pk, "code": "CA2", "name": "Chi bộ thôn Hai", "kind": "cell"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.patch(f"/api/units/{pk}/", {"name": "Chi bộ thôn 2"}, format="json").json()["name"] == "Chi bộ thôn 2"
    assert api.post(f"/api/units/{pk}/archive/", {"note": "Giải thể"}, format="json").json()["is_archived"] is True
    assert api.post(f"/api/units/{pk}/archive/").status_code == 400
    assert api.post(f"/api/units/{pk}/restore/").json()["is_archived"] is False
    history = api.get(f"/api/units/{pk}/history/").json()["results"]
    assert [h["action"] for h in history] == [Action.RESTORE, Action.ARCHIVE, Action.UPDATE, Action.CREATE]
    assert history[2]["before"]["name"] == "Chi bộ thôn Hai" and history[2]["after"]["name"] == "Chi bộ thôn 2"


def test_bad_input_gets_field_errors_and_nothing_is_saved(world, api_for):
    api = api_for(world.alice)
    response = api.post(
        "/api/units/",
        {"parent": world.cell_a.pk, "code": "X", "name": "Tỉnh", "kind": "province_committee"},
        format="json",
    )
    assert response.status_code == 400 and "kind" in response.json()
    response = api.post(
        "/api/units/", {"parent": world.commune_a.pk, "code": "CA1", "name": "Trùng", "kind": "cell"}, format="json"
    )
    assert response.status_code == 400 and "code" in response.json()
    assert not AuditEntry.objects.exists()
    assert Unit.objects.count() == 8


def test_no_hard_delete_through_the_api(world, api_for):
    response = api_for(world.root).delete(f"/api/units/{world.cell_a.pk}/")
    assert response.status_code == 405
    assert Unit.objects.filter(pk=world.cell_a.pk).exists()


def test_openapi_schema_and_docs_are_served_without_internet(world, client_for):
    client = client_for(world.bob)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/units/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn" not in docs.lower()


def test_schema_and_docs_need_a_signed_in_user(db, client):
    assert client.get("/api/schema/").status_code in {401, 403}
    assert client.get("/api/docs/").status_code in {401, 403}
