from lanhdao.accounts.models import User

GOOD = "Tr0ng-Dong-Mua-Xuan"


def test_me(world, api_for):
    data = api_for(world.bob).get("/api/me/").json()
    assert data["username"] == "bob" and data["roles"][0]["role"] == "viewer"


def test_admin_lists_creates_updates_and_grants(world, api_for):
    api = api_for(world.alice)
    assert {u["username"] for u in api.get("/api/users/").json()["results"]} == {"alice", "bob"}
    created = api.post(
        "/api/users/",
        {"username": "dung", "password": GOOD, "unit": world.commune_a.pk, "role": "office_staff"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert api.patch(f"/api/users/{pk}/", {"full_name": "Lê Dũng"}, format="json").json()["full_name"] == "Lê Dũng"
    granted = api.post(f"/api/users/{pk}/roles/", {"unit": world.cell_a.pk, "role": "cell_secretary"}, format="json")
    assert granted.status_code == 201
    assert api.post(f"/api/roles/{granted.json()['id']}/revoke/").json()["revoked_at"]
    assert len(api.get(f"/api/users/{pk}/history/").json()["results"]) >= 4


def test_api_refuses_outside_units_and_weak_passwords(world, api_for):
    api = api_for(world.alice)
    assert (
        api.post(
            "/api/users/",
            {"username": "x1", "password": GOOD, "unit": world.commune_b.pk, "role": "viewer"},
            format="json",
        ).status_code
        == 404
    )
    weak = api.post(
        "/api/users/",
        {"username": "x2", "password": "123", "unit": world.commune_a.pk, "role": "viewer"},
        format="json",
    )
    assert weak.status_code == 400 and weak.json()["detail"]
    assert (
        api_for(world.bob)
        .post(
            "/api/users/",
            {"username": "x3", "password": GOOD, "unit": world.commune_a.pk, "role": "viewer"},
            format="json",
        )
        .status_code
        == 404
    )
    assert not User.objects.filter(username__in=["x1", "x2", "x3"]).exists()
