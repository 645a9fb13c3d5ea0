"""The second factor, through the real sign-in pages: the password, then the authenticator's code (computed from the
device's key with django_otp.oath, as the phone app would), enrolment at the first sign-in, recovery codes, throttling,
the API's token, and a manager's reset."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import PASSWORD, authenticator_for, current_code, make_user
from lanhdao.accounts import services
from lanhdao.accounts.middleware import step_message
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.accounts.selectors import needs_second_factor
from lanhdao.audit.models import Action, AuditEntry

STEP = reverse("accounts:second_factor")
ENROL = reverse("accounts:second_factor_enrol")


def _password(client, username: str, next_url: str = ""):
    data = {"username": username, "password": PASSWORD} | ({"next": next_url} if next_url else {})
    response = client.post(reverse("login"), data)
    assert response.status_code == 302, "the password is right"
    return response


def _notes(user) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(user.pk)).order_by("id").values_list("note", flat=True))


def _vi(message: str, **params) -> str:
    """`message` as the product writes it: notes and API messages are in the language of the request (Vietnamese
    unless chosen otherwise), so the test does not depend on whether the catalogue has the message yet."""
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


def _noted(user, message: str, **params) -> bool:
    return any(_vi(message, **params) in note for note in _notes(user))


def _owes_second_factor(response) -> bool:
    with translation.override("vi"):
        return response.status_code == 403 and response.json()["detail"] == step_message("accounts:second_factor")


def _unlock(user) -> None:
    """Let the throttled devices check again (as if the wait after a wrong code were over)."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)


def test_who_needs_a_second_factor(world):
    secret_viewer = make_user("mat", role=Role.VIEWER, unit=world.district_a, clearance=Clearance.SECRET)
    administrator = make_user("quan", role=Role.ADMINISTRATOR, unit=world.district_a)
    assert needs_second_factor(world.alice)  # Secret, and manages users
    assert needs_second_factor(secret_viewer)  # cleared above Normal
    assert needs_second_factor(administrator)  # manages users, Normal clearance
    assert needs_second_factor(world.root)  # superuser
    assert not needs_second_factor(world.bob)  # a Normal viewer


def test_an_account_without_one_signs_in_with_its_password_alone(world, client):
    _password(client, "bob")
    assert client.get(reverse("org:unit_list")).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.bob).exists()


def test_after_the_password_only_the_code_page_and_sign_out_are_reachable(world, client):
    device = authenticator_for(world.alice)
    _password(client, "alice", next_url=reverse("documents:document_list"))
    for url in [
        reverse("org:unit_list"),
        reverse("documents:document_list"),
        reverse("accounts:user_list"),
        reverse("accounts:own_password"),  # the password alone must not change the password
        ENROL,  # nor replace the authenticator
        "/admin/",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(STEP), url
    assert _owes_second_factor(client.get("/api/me/"))
    page = client.get(STEP)
    assert page.status_code == 200
    assert reverse("org:unit_list") not in page.content.decode(), "no menu before the second factor"
    response = client.post(STEP, {"token": current_code(device), "next": reverse("documents:document_list")})
    assert response.status_code == 302 and response.url == reverse("documents:document_list")
    assert client.get(reverse("org:unit_list")).status_code == 200
    assert client.get("/api/me/").status_code == 200
    assert _vi("Second factor verified") in _notes(world.alice)[-1]
    assert AuditEntry.objects.filter(object_id=str(world.alice.pk), action=Action.LOGIN).count() == 1


def test_a_wrong_code_is_refused_audited_and_makes_the_device_wait(world, client):
    device = authenticator_for(world.alice)
    _password(client, "alice")
    right = current_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    refused = client.post(STEP, {"token": wrong})
    assert refused.status_code == 200 and refused.context["form"].errors["token"]
    assert client.get(reverse("org:unit_list")).status_code == 302
    assert AuditEntry.objects.filter(object_id=str(world.alice.pk), action=Action.LOGIN).count() == 1
    # at once even the right code waits: django-otp's throttling
    locked = client.post(STEP, {"token": right})
    assert locked.status_code == 200 and client.get(reverse("org:unit_list")).status_code == 302
    _unlock(world.alice)
    assert client.post(STEP, {"token": current_code(device)}).status_code == 302
    assert client.get(reverse("org:unit_list")).status_code == 200


def test_five_wrong_codes_end_the_session(world, client):
    authenticator_for(world.alice)
    _password(client, "alice")
    for _i in range(5):
        _unlock(world.alice)
        response = client.post(STEP, {"token": "000000"})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert _noted(world.alice, "Session ended after too many wrong codes")
    assert _notes(world.alice).count(_vi("Wrong second-factor code")) == 5


def test_first_sign_in_enrols_the_authenticator_and_shows_recovery_codes_once(world, client):
    _password(client, "alice")
    step = client.get(reverse("org:unit_list"))
    assert step.url.startswith(STEP)
    enrol = client.get(step.url, follow=True)
    assert enrol.redirect_chain[-1][0].startswith(ENROL)
    html = enrol.content.decode()
    assert "<svg" in html and "https://" not in html, "the QR code is drawn by the server, nothing from a CDN"
    device = TOTPDevice.objects.get(user=world.alice)
    assert not device.confirmed
    assert enrol.context["secret"].replace(" ", "") in html.replace(" ", "")
    again = client.get(ENROL)  # a reload shows the same key
    assert (
        again.context["secret"] == enrol.context["secret"] and TOTPDevice.objects.filter(user=world.alice).count() == 1
    )
    wrong = client.post(ENROL, {"token": "123456" if current_code(device) != "123456" else "654321"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["token"]
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    _unlock(world.alice)
    done = client.post(ENROL, {"token": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert StaticToken.objects.filter(device__user=world.alice).count() == 10
    assert client.get(reverse("org:unit_list")).status_code == 200
    # enrolled: the page cannot be used again to replace the authenticator, nor show the codes again
    assert client.get(ENROL).status_code == 302
    assert TOTPDevice.objects.filter(user=world.alice).count() == 1
    assert _noted(world.alice, "Second factor enrolled (authenticator app)")
    assert _noted(world.alice, "%(n)d new recovery codes", n=10)
    assert _noted(world.alice, "Wrong code while enrolling a second factor")


def test_a_recovery_code_works_once(world, client):
    authenticator_for(world.alice)
    static = StaticDevice.objects.create(user=world.alice, name="recovery")
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="efgh6723")
    _password(client, "alice")
    assert client.post(STEP, {"token": "ABCD 2345"}).status_code == 302
    assert client.get(reverse("org:unit_list")).status_code == 200
    assert _noted(world.alice, "Signed in with a recovery code; %(n)d left", n=1)
    client.post(reverse("logout"))
    _password(client, "alice")
    refused = client.post(STEP, {"token": "abcd2345"})
    assert refused.status_code == 200 and client.get(reverse("org:unit_list")).status_code == 302
    assert list(StaticToken.objects.filter(device=static).values_list("token", flat=True)) == ["efgh6723"]


def test_new_recovery_codes_replace_the_old_ones(world, client_for):
    client = client_for(world.alice)
    old = StaticDevice.objects.create(user=world.alice, name="recovery")
    old.token_set.create(token="abcd2345")
    response = client.post(reverse("accounts:recovery_codes_renew"))
    assert len(response.context["codes"]) == 10
    assert not StaticToken.objects.filter(token="abcd2345").exists()


def test_the_api_token_needs_the_code_for_such_accounts(world):
    api = APIClient()
    credentials = {"username": "alice", "password": PASSWORD}
    no_device = api.post("/api/auth/token/", credentials)
    assert _owes_second_factor(no_device)
    device = authenticator_for(world.alice)
    assert api.post("/api/auth/token/", credentials).status_code == 400
    assert api.post("/api/auth/token/", credentials | {"otp": "000000"}).status_code == 400
    assert not Token.objects.filter(user=world.alice).exists()
    _unlock(world.alice)
    issued = api.post("/api/auth/token/", credentials | {"otp": current_code(device)})
    assert issued.status_code == 200
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert token.get("/api/me/").json()["username"] == "alice"
    assert _noted(world.alice, "Wrong second-factor code") and _noted(world.alice, "Second factor verified")
    assert _noted(world.alice, "API token")


def test_a_token_issued_before_the_second_factor_is_refused(world):
    old = Token.objects.create(user=world.alice)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old.key}")
    assert _owes_second_factor(api.get("/api/me/"))
    authenticator_for(world.alice)  # enrolled later: the old token still stands for a password alone
    assert api.get("/api/me/").status_code == 403


def test_a_new_right_to_manage_users_revokes_the_tokens_issued_without_a_second_factor(world):
    token = Token.objects.create(user=world.bob)
    services.role_grant(actor=world.root, user=world.bob, unit=world.commune_a, role=Role.ADMINISTRATOR)
    assert not Token.objects.filter(pk=token.pk).exists()


def test_the_account_page_shows_the_second_factor_and_a_manager_resets_it(world, client_for):
    dung = make_user("dung", role=Role.CELL_SECRETARY, unit=world.cell_a, clearance=Clearance.SECRET)
    device = authenticator_for(dung)
    StaticDevice.objects.create(user=dung, name="recovery").token_set.create(token="abcd2345")
    Token.objects.create(user=dung)
    from django.test import Client

    dung_client = Client()
    dung_client.force_login(dung)
    session = dung_client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    assert dung_client.get(reverse("org:unit_list")).status_code == 200

    client = client_for(world.alice)
    page = client.get(reverse("accounts:user_detail", args=[dung.pk]))
    assert page.context["has_second_factor"]
    assert reverse("accounts:second_factor_reset", args=[dung.pk]) in page.content.decode()
    assert client.post(reverse("accounts:second_factor_reset", args=[dung.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=dung).exists() and not StaticDevice.objects.filter(user=dung).exists()
    assert not Token.objects.filter(user=dung).exists()
    assert not client.get(reverse("accounts:user_detail", args=[dung.pk])).context["has_second_factor"]
    assert _noted(dung, "Second factor reset; to be enrolled again")
    assert _noted(dung, "API tokens revoked: %(r)s", r=_vi("second factor reset"))
    # dung's open session has ended: dung signs in again, and enrols a new authenticator
    response = dung_client.get(reverse("org:unit_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("org:unit_list")).status_code == 200, "the manager's own session goes on"
    _password(dung_client, "dung")
    assert dung_client.get(STEP, follow=True).redirect_chain[-1][0].startswith(ENROL)


def test_a_normal_administrator_cannot_reset_the_second_factor_of_a_secret_account(world, client_for, api_for):
    quan = make_user("quan", role=Role.ADMINISTRATOR, unit=world.district_a)
    device = authenticator_for(world.alice)
    client = client_for(quan)
    assert client.post(reverse("accounts:second_factor_reset", args=[world.alice.pk])).status_code == 404
    assert api_for(quan).post(f"/api/users/{world.alice.pk}/second-factor/reset/").status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_the_api_says_whether_an_account_has_a_second_factor(world, api_for):
    authenticator_for(world.alice)
    data = api_for(world.alice).get("/api/me/").json()
    assert data["second_factor"] is True and data["needs_second_factor"] is True
    bob = api_for(world.bob).get("/api/me/").json()
    assert bob["second_factor"] is False and bob["needs_second_factor"] is False


@pytest.mark.parametrize("url_name", ["second_factor", "second_factor_enrol"])
def test_an_account_without_the_need_is_sent_on(world, client_for, url_name):
    client = client_for(world.bob)
    assert client.get(reverse(f"accounts:{url_name}")).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.bob).exists()


def test_the_secret_key_is_shown_for_manual_entry(world, client):
    _password(client, "alice")
    page = client.get(ENROL)
    assert re.fullmatch(r"[A-Z2-7 ]+", page.context["secret"])


def test_the_user_list_states_the_second_factor_without_a_query_per_user(world, api_for, django_assert_max_num_queries):
    authenticator_for(world.alice)
    for n in range(6):
        make_user(f"user{n}", role=Role.VIEWER, unit=world.commune_a, clearance=Clearance.SECRET if n % 2 else 0)
    api = api_for(world.root)
    with django_assert_max_num_queries(30) as first:
        rows = {u["username"]: u for u in api.get("/api/users/").json()["results"]}
    make_user("user9", role=Role.VIEWER, unit=world.commune_a)
    with django_assert_max_num_queries(len(first.captured_queries) + 1):  # one more user: its roles, nothing more
        api.get("/api/users/")
    assert rows["alice"]["second_factor"] and rows["alice"]["needs_second_factor"]
    assert not rows["bob"]["second_factor"] and not rows["bob"]["needs_second_factor"]
    assert rows["user1"]["needs_second_factor"] and not rows["user0"]["needs_second_factor"]
    assert rows["root"]["needs_second_factor"] and rows["charlie"]["needs_second_factor"]


def test_deploying_ends_no_session_and_a_reset_ends_them_all(world):
    from django.contrib.auth.base_user import AbstractBaseUser

    bob = world.bob
    assert bob.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(bob)  # Django's own, as before
    bob.session_generation = 1
    ended = bob.get_session_auth_hash()
    assert ended != AbstractBaseUser._get_session_auth_hash(bob)
    bob.set_password("another-long-password")
    assert bob.get_session_auth_hash() != ended, "a password change still ends the sessions"


def test_the_admin_does_not_offer_second_factor_devices(world, client_for):
    client = client_for(world.root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
