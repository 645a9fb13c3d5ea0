import os
import subprocess
import sys

from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD
from lanhdao.settings import base


def test_sign_in_with_the_right_password(world, client):
    # bob (a Normal-cleared viewer) needs no second factor; test_second_factor.py signs in those who do
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("org:unit_list")).status_code == 200


def test_login_page_is_vietnamese_by_default_whatever_the_browser_asks(db, client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_english_is_selectable(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


def test_five_failed_sign_ins_lock_the_account_even_for_the_right_password(world, client):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_api_token_endpoint_counts_towards_the_lockout(world, client):
    from rest_framework.test import APIClient

    api = APIClient()
    ok = api.post("/api/auth/token/", {"username": "bob", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["token"]
    for _ in range(5):
        api.post("/api/auth/token/", {"username": "bob", "password": "wrong"})
    assert api.post("/api/auth/token/", {"username": "bob", "password": PASSWORD}).status_code != 200
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {ok.json()['token']}")
    assert token_client.get("/api/me/").json()["username"] == "bob"


def test_passwords_are_hashed_with_argon2_in_the_product_settings(world):
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        world.alice.set_password("a-new-long-password")
        assert identify_hasher(world.alice.password).algorithm == "argon2"


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_SETTINGS_MODULE": "lanhdao.settings.production",
        "LANHDAO_SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-test-only-0123456789",
        "LANHDAO_ALLOWED_HOSTS": "lanhdao.example.vn",
        "LANHDAO_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "lanhdao", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "LANHDAO_SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "lanhdao.settings.production",
        "LANHDAO_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "lanhdao", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "LANHDAO_SECRET_KEY" in result.stderr


def test_pages_carry_security_headers_and_forms_carry_csrf(db, client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "https://" not in response.content.decode(), "pages load nothing from the internet"
