"""Issue 13, finding 1: account takeover across clearance, reproduced on the demo.

A Unit administrator with Normal clearance (quantri.songcong) opened the password form of the Secret secretary
(bithu.songcong), reset the password of a Secret office account of the same unit and signed in as it; the own-password
form asked no current password; API tokens outlived password changes; an administrator or a secretary could create an
Organisation-board account and read members' personal data through it. Each test here failed before the fix.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD, make_user
from lanhdao.accounts import services
from lanhdao.accounts.middleware import step_message
from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.permissions import may_manage_user
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.accounts.selectors import users_for
from lanhdao.audit.models import AuditEntry

GOOD = "Tr0ng-Dong-Mua-Xuan"
OTHER = "Song-Cong-Mua-Thu-2026"


@pytest.fixture
def office(world):
    """District A as the demo's Sông Công: alice its Secret secretary (bithu.songcong), quan its Normal Unit
    administrator (quantri.songcong), mat a Secret account whose role quan could give (a viewer: only the clearance
    puts it out of quan's reach), thuong a Normal viewer quan manages. (An office-staff account carries Record, which
    an administrator does not hold: out of its reach whatever the clearance.)"""
    world.quan = make_user("quan", role=Role.ADMINISTRATOR, unit=world.district_a)
    world.mat = make_user("mat", role=Role.VIEWER, unit=world.district_a, clearance=Clearance.SECRET)
    world.thuong = make_user("thuong", role=Role.VIEWER, unit=world.district_a)
    return world


def _state(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return user.password, user.must_change_password, user.full_name, user.clearance, user.is_active


@pytest.mark.parametrize("who", ["alice", "mat", "office_staff"])
def test_a_normal_administrator_cannot_open_or_reset_a_secret_account(office, client_for, who):
    if who == "office_staff":
        office.office_staff = make_user(
            "vanphong", role=Role.OFFICE_STAFF, unit=office.district_a, clearance=Clearance.SECRET
        )
    target = getattr(office, who)
    before, audit_rows = _state(target), AuditEntry.objects.count()
    client = client_for(office.quan)
    for name in ["user_detail", "user_edit", "user_password", "second_factor_reset"]:
        assert client.get(reverse(f"accounts:{name}", args=[target.pk])).status_code == 404, name
    response = client.post(reverse("accounts:user_password", args=[target.pk]), {"password": GOOD, "password2": GOOD})
    assert response.status_code == 404
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert f">{target.username}<" not in page
    assert ">thuong<" in page  # a Normal account of the unit is still managed
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=office.quan, user=target, password=GOOD)
    assert not may_manage_user(office.quan, target)
    assert _state(target) == before and AuditEntry.objects.count() == audit_rows
    # so the administrator cannot sign in as it
    assert not User.objects.get(pk=target.pk).check_password(GOOD)


def test_the_api_hides_and_refuses_a_secret_account_to_a_normal_administrator(office, api_for):
    before = _state(office.mat)
    api = api_for(office.quan)
    listed = {u["username"] for u in api.get("/api/users/").json()["results"]}
    assert "mat" not in listed and "alice" not in listed and "thuong" in listed
    assert api.get(f"/api/users/{office.mat.pk}/").status_code == 404
    assert api.patch(f"/api/users/{office.mat.pk}/", {"is_active": False}, format="json").status_code == 404
    assert api.post(f"/api/users/{office.mat.pk}/password/", {"password": GOOD}, format="json").status_code == 404
    assert api.post(f"/api/users/{office.mat.pk}/second-factor/reset/").status_code == 404
    grant = {"unit": office.district_a.pk, "role": "viewer"}
    assert api.post(f"/api/users/{office.mat.pk}/roles/", grant, format="json").status_code == 404
    role = RoleAssignment.objects.get(user=office.mat)
    assert api.post(f"/api/roles/{role.pk}/revoke/").status_code == 404
    assert _state(office.mat) == before and RoleAssignment.objects.get(user=office.mat).revoked_at is None


def test_an_administrator_resets_a_normal_account_it_manages(office, client_for):
    client = client_for(office.quan)
    response = client.post(
        reverse("accounts:user_password", args=[office.thuong.pk]), {"password": GOOD, "password2": GOOD}
    )
    assert response.status_code == 302
    thuong = User.objects.get(pk=office.thuong.pk)
    assert thuong.check_password(GOOD) and thuong.must_change_password


@pytest.mark.parametrize("actor", ["quan", "alice"])
def test_no_one_grants_the_organisation_board_role_they_do_not_hold(office, client_for, api_for, actor):
    """The board carries Member records and Restructure, which neither an administrator nor a secretary holds."""
    manager = getattr(office, actor)
    roles_before, users_before = RoleAssignment.objects.count(), User.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.role_grant(actor=manager, user=office.thuong, unit=office.district_a, role=Role.ORGANISATION_BOARD)
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.user_create(
            actor=manager, username="board", password=GOOD, unit=office.commune_a, role=Role.ORGANISATION_BOARD
        )
    client = client_for(manager)
    client.post(reverse("accounts:role_grant", args=[office.thuong.pk]), {"unit": "HA", "role": "organisation_board"})
    form = client.get(reverse("accounts:user_create"))
    assert "organisation_board" not in dict(form.context["form"].fields["role"].choices)
    created = client.post(
        reverse("accounts:user_create"),
        {
            "username": "board",
            "full_name": "Ban Tổ chức",
            "clearance": 0,
            "unit": "XA1",
            "role": "organisation_board",
            "password": GOOD,
            "password2": GOOD,
        },
    )
    assert created.status_code == 200  # the form again, with the error
    api = api_for(manager)
    grant = {"unit": office.district_a.pk, "role": "organisation_board"}
    assert api.post(f"/api/users/{office.thuong.pk}/roles/", grant, format="json").status_code == 400
    new = {"username": "board", "password": GOOD, "unit": office.commune_a.pk, "role": "organisation_board"}
    assert api.post("/api/users/", new, format="json").status_code == 400
    assert not RoleAssignment.objects.filter(role=Role.ORGANISATION_BOARD).exists()
    assert (RoleAssignment.objects.count(), User.objects.count()) == (roles_before, users_before)


def test_the_organisation_board_grants_its_own_role_and_a_superuser_any(office, members_world):
    board = services.role_grant(
        actor=members_world.olga, user=office.thuong, unit=office.commune_a, role=Role.ORGANISATION_BOARD
    )
    assert board.role == Role.ORGANISATION_BOARD
    services.role_grant(actor=office.root, user=office.bob, unit=office.commune_a, role=Role.ORGANISATION_BOARD)


def test_an_administrator_cannot_take_over_an_organisation_board_account(office, members_world, client_for):
    """olga (Organisation board, Normal clearance) sees members' personal data the administrator's role hides."""
    before = _state(members_world.olga)
    assert members_world.olga not in users_for(office.quan)
    assert client_for(office.quan).get(reverse("accounts:user_detail", args=[members_world.olga.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=office.quan, user=members_world.olga, password=GOOD)
    assert _state(members_world.olga) == before


def test_no_one_gives_a_clearance_above_their_own(office):
    with pytest.raises(ValidationError):
        services.user_update(actor=office.quan, user=office.thuong, data={"clearance": Clearance.SECRET})
    assert User.objects.get(pk=office.thuong.pk).clearance == Clearance.NORMAL


def test_the_list_and_the_rule_agree(office, members_world):
    """users_for (SQL) and may_manage_user (Python) state one rule."""
    everyone = list(User.objects.all())
    for actor in everyone:
        listed = set(users_for(actor))
        for user in everyone:
            if user.pk != actor.pk:
                assert (user in listed) == may_manage_user(actor, user), (actor, user)


def test_own_password_change_asks_the_current_one(office, client_for):
    before = _state(office.bob)
    client = client_for(office.bob)
    response = client.post(
        reverse("accounts:own_password"), {"current_password": "not-my-password", "password": GOOD, "password2": GOOD}
    )
    assert response.status_code == 200 and response.context["form"].errors["current_password"]
    without = client.post(reverse("accounts:own_password"), {"password": GOOD, "password2": GOOD})
    assert without.status_code == 200 and without.context["form"].errors["current_password"]
    with pytest.raises(ValidationError):
        services.user_set_password(actor=office.bob, user=office.bob, password=GOOD)
    assert _state(office.bob) == before


def _token(username: str) -> str:
    response = APIClient().post("/api/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(token: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get("/api/me/").status_code


def test_a_token_issued_before_an_own_password_change_stops_working(office, client_for):
    token = _token("bob")
    assert _me(token) == 200
    client_for(office.bob).post(
        reverse("accounts:own_password"), {"current_password": PASSWORD, "password": GOOD, "password2": GOOD}
    )
    assert _me(token) in (401, 403)  # refused: DRF answers 403 when the first authenticator is the session
    assert not Token.objects.filter(user=office.bob).exists()
    with translation.override("vi"):
        note = translation.gettext("API tokens revoked: %(r)s") % {"r": translation.gettext("password changed")}
    assert AuditEntry.objects.filter(object_id=str(office.bob.pk), note=note).exists()


def test_a_token_issued_before_a_password_reset_stops_working(office):
    token = _token("thuong")
    services.user_set_password(actor=office.quan, user=office.thuong, password=GOOD)
    assert _me(token) in (401, 403)  # refused: DRF answers 403 when the first authenticator is the session


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(office, client_for, client):
    from django.test import Client

    other = Client()
    other.force_login(office.bob)
    assert other.get(reverse("org:unit_list")).status_code == 200
    this = client_for(office.bob)
    this.post(reverse("accounts:own_password"), {"current_password": PASSWORD, "password": GOOD, "password2": GOOD})
    assert this.get(reverse("org:unit_list")).status_code == 200, "this session stays signed in"
    ended = other.get(reverse("org:unit_list"))
    assert ended.status_code == 302 and ended.url.startswith(reverse("login"))


def test_a_reset_ends_the_holders_sessions(office, client_for):
    from django.test import Client

    holder = Client()
    holder.force_login(office.thuong)
    assert holder.get(reverse("org:unit_list")).status_code == 200
    client_for(office.quan).post(
        reverse("accounts:user_password", args=[office.thuong.pk]), {"password": GOOD, "password2": GOOD}
    )
    assert holder.get(reverse("org:unit_list")).url.startswith(reverse("login"))


def test_a_password_set_by_a_manager_must_be_changed_at_the_next_sign_in(office, client):
    services.user_set_password(actor=office.quan, user=office.thuong, password=GOOD)
    client.post(reverse("login"), {"username": "thuong", "password": GOOD})
    for url in [reverse("org:unit_list"), reverse("documents:document_list"), reverse("accounts:user_list")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:own_password")), url
    api = client.get("/api/me/")
    with translation.override("vi"):
        assert api.status_code == 403 and api.json()["detail"] == step_message("accounts:own_password")
    assert APIClient().post("/api/auth/token/", {"username": "thuong", "password": GOOD}).status_code == 403
    assert not Token.objects.filter(user=office.thuong).exists()
    form = client.get(reverse("accounts:own_password"))
    assert form.status_code == 200 and form.context["forced"]
    changed = client.post(
        reverse("accounts:own_password"), {"current_password": GOOD, "password": OTHER, "password2": OTHER}
    )
    assert changed.status_code == 302
    assert not User.objects.get(pk=office.thuong.pk).must_change_password
    assert client.get(reverse("org:unit_list")).status_code == 200


def test_an_account_created_by_a_manager_must_change_its_password(office):
    user = services.user_create(actor=office.quan, username="moi", password=GOOD, unit=office.commune_a, role="viewer")
    assert user.must_change_password


def test_revoking_a_role_of_an_account_out_of_reach_is_refused(office, client_for):
    role = RoleAssignment.objects.get(user=office.mat)
    client = client_for(office.quan)
    assert client.get(reverse("accounts:role_revoke", args=[role.pk])).status_code == 404
    assert client.post(reverse("accounts:role_revoke", args=[role.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=office.quan, assignment=role)
    assert RoleAssignment.objects.get(pk=role.pk).revoked_at is None


def test_on_the_demo_quantri_songcong_cannot_take_over_bithu_songcong(db, client_for):
    """The finding as reproduced on `make demo`."""
    from django.core.management import call_command

    from lanhdao.documents.models import Document
    from lanhdao.documents.selectors import documents_for

    call_command("demo", no_serve=True)
    quantri, bithu = User.objects.get(username="quantri.songcong"), User.objects.get(username="bithu.songcong")
    secret_document = Document.objects.get(symbol="09-NQ/ThU")
    assert not documents_for(quantri).filter(pk=secret_document.pk).exists()
    before = _state(bithu)
    client = client_for(quantri)
    assert client.get(reverse("accounts:user_password", args=[bithu.pk])).status_code == 404
    response = client.post(reverse("accounts:user_password", args=[bithu.pk]), {"password": GOOD, "password2": GOOD})
    assert response.status_code == 404 and _state(bithu) == before
    assert not users_for(quantri).filter(clearance__gt=Clearance.NORMAL).exists()
    # and no account it reaches can read the secret resolution, nor can it make one that reads members' data
    assert not any(documents_for(user).filter(pk=secret_document.pk).exists() for user in users_for(quantri))
    sc = RoleAssignment.objects.get(user=bithu).unit
    for role in [Role.ORGANISATION_BOARD, Role.SECRETARY, Role.OFFICE_STAFF]:
        with pytest.raises(ValidationError):
            services.user_create(actor=quantri, username=f"x-{role}", password=GOOD, unit=sc, role=role)


def test_a_password_set_in_the_django_admin_must_be_changed_and_revokes_tokens(office, client_for):
    token = Token.objects.create(user=office.thuong)
    client = client_for(office.root)
    url = reverse("admin:auth_user_password_change", args=[office.thuong.pk])  # Django names it so for any model
    response = client.post(url, {"password1": GOOD, "password2": GOOD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    thuong = User.objects.get(pk=office.thuong.pk)
    assert thuong.check_password(GOOD) and thuong.must_change_password
    assert not Token.objects.filter(pk=token.pk).exists()
