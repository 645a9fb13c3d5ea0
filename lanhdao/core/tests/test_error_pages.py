"""The error pages speak Vietnamese in the site's layout with a way home, and the demo never shows Django's debug
pages (issue 15, item 4)."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import shown
from lanhdao.core.errors import server_error
from lanhdao.core.management.commands import demo


def _in_layout(response):
    body = response.content.decode()
    assert 'class="topbar"' in body
    assert f'href="{reverse("home")}"' in body
    assert shown(response, "Back to the start page") in body
    return body


def test_an_unknown_address_answers_the_product_s_not_found_page(world, client_for):
    response = client_for(world.bob).get("/no-such-page/")
    assert response.status_code == 404
    body = _in_layout(response)
    assert "<h1>Không tìm thấy</h1>" in body
    assert shown(response, "There is no such page, or you may not see it.") in body
    assert "Resolver404" not in body
    assert "Not Found" not in body


def test_the_not_found_page_is_the_same_for_a_visitor_not_signed_in(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Không tìm thấy</h1>" in _in_layout(response)


@pytest.mark.urls("lanhdao.core.tests.error_urls")
def test_a_refusal_answers_the_product_s_403_page(world, client_for):
    response = client_for(world.bob).get("/test-refused/")
    assert response.status_code == 403
    body = _in_layout(response)
    assert shown(response, "Not allowed") in body
    assert "Forbidden" not in body


def test_a_form_sent_from_a_stale_page_says_so_in_the_product_s_language(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bob)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = _in_layout(response)
    assert shown(response, "The page has expired") in body
    assert "CSRF cookie not set" not in body  # Django's reason, for the log only
    assert "_auth_user_id" in client.session  # nothing happened: still signed in


@pytest.mark.urls("lanhdao.core.tests.error_urls")
def test_a_bug_answers_the_product_s_500_page_without_the_debug_page(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.bob)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Đã có lỗi xảy ra</h1>" in body
    assert 'class="topbar"' in body
    assert "a bug" not in body
    assert "Traceback" not in body


def test_the_500_page_needs_neither_the_request_nor_the_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")  # no user, no session: the middleware may be what failed
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


@pytest.fixture
def no_demo_data(monkeypatch, settings, tmp_path):
    """The demo command with nothing to load and its data directory in a temporary one."""
    settings.STATIC_ROOT = tmp_path / "static"
    monkeypatch.setattr(demo, "demo_modules", lambda: [])


def test_the_demo_serves_with_debug_off_and_its_static_files_found(no_demo_data, monkeypatch, db, client):
    served = []

    def call_command(name, *args, **kwargs):
        if name == "runserver":
            served.append(settings.DEBUG)

    monkeypatch.setattr(demo, "call_command", call_command)
    demo.Command().handle(no_serve=False, addrport="127.0.0.1:0")
    assert served == [False]
    # With DEBUG off the stylesheet still comes from the product itself (WhiteNoise, from the apps).
    response = client.get(settings.STATIC_URL + "core/app.css")
    assert response.status_code == 200


def test_the_demo_shows_debug_pages_only_when_asked(no_demo_data, monkeypatch, db):
    served = []
    monkeypatch.setattr(demo, "call_command", lambda name, *a, **k: served.append(settings.DEBUG))
    demo.Command().handle(no_serve=False, addrport="127.0.0.1:0", debug=True)
    assert served[-1] is True
