from django.urls import reverse

from conftest import PASSWORD
from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.audit.models import AuditEntry

GOOD = "Tr0ng-Dong-Mua-Xuan"


def test_admin_creates_a_user_from_a_unit_page(world, client_for):
    client = client_for(world.alice)
    form = client.get(reverse("accounts:user_create"), {"unit": "XA1"})
    assert form.context["form"].initial["unit"] == "XA1"
    data = {
        "username": "dung",
        "full_name": "Lê Dũng",
        "clearance": 0,
        "unit": "XA1",
        "role": "office_staff",
        "password": GOOD,
        "password2": GOOD,
    }
    response = client.post(reverse("accounts:user_create"), data)
    user = User.objects.get(username="dung")
    assert response.status_code == 302 and response.url == reverse("accounts:user_detail", args=[user.pk])
    assert RoleAssignment.objects.get(user=user).unit == world.commune_a


def test_user_form_refuses_a_unit_outside_scope_and_mismatched_passwords(world, client_for):
    client = client_for(world.alice)
    data = {
        "username": "dung",
        "full_name": "Lê Dũng",
        "clearance": 0,
        "unit": "XB1",
        "role": "viewer",
        "password": GOOD,
        "password2": GOOD + "x",
    }
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"unit", "password2"}
    assert not User.objects.filter(username="dung").exists()


def test_viewer_cannot_reach_user_management(world, client_for):
    client = client_for(world.bob)
    assert client.get(reverse("accounts:user_create")).status_code == 404
    assert client.get(reverse("accounts:user_list")).status_code == 302  # to the own profile
    assert client.get(reverse("accounts:user_detail", args=[world.bob.pk])).status_code == 200
    assert (
        client.post(reverse("accounts:user_edit", args=[world.bob.pk]), {"full_name": "X", "clearance": 2}).status_code
        == 404
    )


def test_grant_and_revoke_through_the_pages_with_confirmation(world, client_for):
    client = client_for(world.alice)
    client.post(reverse("accounts:role_grant", args=[world.bob.pk]), {"unit": "CA1", "role": "cell_secretary"})
    assignment = RoleAssignment.objects.get(user=world.bob, role="cell_secretary")
    confirm = client.get(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert confirm.status_code == 200
    assignment.refresh_from_db()
    assert assignment.revoked_at is None
    client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None


def test_outsider_cannot_revoke_or_grant(world, client_for):
    client = client_for(world.charlie)
    assignment = world.bob.roles.get()
    assert client.post(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 404
    assert (
        client.post(reverse("accounts:role_grant", args=[world.bob.pk]), {"unit": "XB1", "role": "viewer"}).status_code
        == 404
    )
    assignment.refresh_from_db()
    assert assignment.revoked_at is None
    assert not AuditEntry.objects.exists()


def test_edit_user_and_see_its_history(world, client_for):
    client = client_for(world.alice)
    client.post(
        reverse("accounts:user_edit", args=[world.bob.pk]), {"full_name": "Bob Mới", "clearance": 0, "is_active": "on"}
    )
    html = client.get(reverse("accounts:user_detail", args=[world.bob.pk])).content.decode()
    assert "Bob Mới" in html and "<del>Bob</del>" in html


def test_everyone_changes_their_own_password(world, client_for):
    client = client_for(world.bob)
    # the manager's form for one's own account leads to one's own form, which asks the current password
    assert client.get(reverse("accounts:user_password", args=[world.bob.pk])).url == reverse("accounts:own_password")
    response = client.post(
        reverse("accounts:own_password"), {"current_password": PASSWORD, "password": GOOD, "password2": GOOD}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.bob.pk).check_password(GOOD)
    assert client.get(reverse("org:unit_list")).status_code == 200, "still signed in"
