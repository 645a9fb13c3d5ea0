"""The permission matrix: every role, held on district A, × inside / outside its subtree × read / write,
through the pages and through the API. Refusals change nothing."""

import pytest
from django.urls import reverse

from conftest import make_user
from lanhdao.accounts.roles import ROLE_PERMS, Perm, Role
from lanhdao.audit.models import AuditEntry
from lanhdao.org.models import Unit

ROLES = list(Role.values)


@pytest.fixture
def holder(world, request):
    return make_user("holder", role=request.param, unit=world.district_a)


def _can_manage(role: str) -> bool:
    return Perm.MANAGE_UNITS in ROLE_PERMS[role]


@pytest.mark.parametrize("holder", ROLES, indirect=True)
def test_read_inside_and_outside(world, holder, client_for, api_for):
    client, api = client_for(holder), api_for(holder)
    assert client.get(reverse("org:unit_detail", args=[world.commune_a.pk])).status_code == 200
    assert api.get(f"/api/units/{world.commune_a.pk}/").status_code == 200
    assert client.get(reverse("org:unit_detail", args=[world.commune_b.pk])).status_code == 404
    assert api.get(f"/api/units/{world.commune_b.pk}/").status_code == 404
    # above the role's unit is outside it too
    assert client.get(reverse("org:unit_detail", args=[world.province.pk])).status_code == 404
    assert api.get(f"/api/units/{world.province.pk}/").status_code == 404
    listed = {u["code"] for u in api.get("/api/units/?page_size=100").json()["results"]}
    assert listed == {"HA", "XA1", "CA1", "HA-UB", "HA-UB-NV"}


@pytest.mark.parametrize("holder", ROLES, indirect=True)
def test_write_inside(world, holder, client_for, api_for):
    role = holder.roles.get().role
    url = reverse("org:unit_edit", args=[world.commune_a.pk])
    data = {"code": "XA1", "name": "Đổi tên", "kind": "commune_committee"}
    response = client_for(holder).post(url, data)
    api_response = api_for(holder).patch(f"/api/units/{world.cell_a.pk}/", {"name": "Đổi tên qua API"}, format="json")
    if _can_manage(role):
        assert response.status_code == 302
        assert api_response.status_code == 200
        assert Unit.objects.get(pk=world.commune_a.pk).name == "Đổi tên"
        assert Unit.objects.get(pk=world.cell_a.pk).name == "Đổi tên qua API"
    else:
        assert response.status_code == 403
        assert api_response.status_code == 403
        assert Unit.objects.get(pk=world.commune_a.pk).name == "Đảng ủy xã An Một"
        assert Unit.objects.get(pk=world.cell_a.pk).name == "Chi bộ thôn Một"
        assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("holder", ROLES, indirect=True)
def test_write_outside_is_not_found_and_changes_nothing(world, holder, client_for, api_for):
    client, api = client_for(holder), api_for(holder)
    data = {"code": "XB1", "name": "Đổi tên", "kind": "commune_committee"}
    assert client.post(reverse("org:unit_edit", args=[world.commune_b.pk]), data).status_code == 404
    assert client.post(reverse("org:unit_archive", args=[world.commune_b.pk])).status_code == 404
    assert client.post(reverse("org:unit_create", args=[world.district_b.pk]), data).status_code == 404
    assert api.patch(f"/api/units/{world.commune_b.pk}/", {"name": "X"}, format="json").status_code == 404
    assert api.post(f"/api/units/{world.commune_b.pk}/archive/").status_code == 404
    payload = {"parent": world.district_b.pk, "code": "NEW", "name": "X", "kind": "commune_committee"}
    assert api.post("/api/units/", payload, format="json").status_code == 404
    b = Unit.objects.get(pk=world.commune_b.pk)
    assert (b.name, b.archived_at) == ("Đảng ủy xã Bình Một", None)
    assert not Unit.objects.filter(code="NEW").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("holder", ROLES, indirect=True)
def test_user_accounts_inside_and_outside(world, holder, client_for, api_for):
    role = holder.roles.get().role
    manages_users = Perm.MANAGE_USERS in ROLE_PERMS[role]
    client, api = client_for(holder), api_for(holder)
    inside = 200 if manages_users else 404
    assert client.get(reverse("accounts:user_detail", args=[world.bob.pk])).status_code == inside
    assert api.get(f"/api/users/{world.bob.pk}/").status_code == inside
    assert client.get(reverse("accounts:user_detail", args=[world.charlie.pk])).status_code == 404
    assert api.get(f"/api/users/{world.charlie.pk}/").status_code == 404
    assert api.patch(f"/api/users/{world.charlie.pk}/", {"full_name": "X"}, format="json").status_code == 404
    assert (
        api.post(f"/api/users/{world.charlie.pk}/roles/", {"unit": world.commune_b.pk, "role": "viewer"}).status_code
        == 404
    )
    world.charlie.refresh_from_db()
    assert world.charlie.full_name == "Charlie"


def test_a_unit_that_does_not_exist_answers_like_one_outside(world, client_for, api_for):
    client, api = client_for(world.alice), api_for(world.alice)
    missing = Unit.objects.order_by("-pk").first().pk + 1000
    for pk in (missing, world.commune_b.pk):
        assert client.get(reverse("org:unit_detail", args=[pk])).status_code == 404
        assert api.get(f"/api/units/{pk}/").status_code == 404


def test_anonymous_is_sent_to_sign_in_and_refused_by_the_api(world, client):
    response = client.get(reverse("org:unit_detail", args=[world.commune_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get("/api/units/").status_code in {401, 403}


def test_a_user_without_any_role_sees_nothing(world, client_for, api_for):
    nobody = make_user("nobody")
    assert api_for(nobody).get("/api/units/").json()["count"] == 0
    assert client_for(nobody).get(reverse("org:unit_detail", args=[world.district_a.pk])).status_code == 404


def test_revoked_role_and_inactive_account_lose_access(world, api_for):
    from lanhdao.accounts.services import role_revoke

    role_revoke(actor=world.root, assignment=world.bob.roles.get())
    bob = type(world.bob).objects.get(pk=world.bob.pk)
    assert api_for(bob).get(f"/api/units/{world.district_a.pk}/").status_code == 404
    world.alice.is_active = False
    world.alice.save()
    assert api_for(world.alice).get(f"/api/units/{world.district_a.pk}/").status_code in {401, 403, 404}
