"""The unit a page is about (org.permissions.unit_of_page), shared by every board, list and dashboard."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from conftest import make_user
from lanhdao.org.permissions import unit_of_page


def page(user, **query):
    request = RequestFactory().get("/", query)
    request.user = user
    return request


def test_the_unit_asked_for_or_else_the_top_of_the_users_scope(world):
    assert unit_of_page(page(world.bob, unit=world.commune_a.pk)) == world.commune_a
    assert unit_of_page(page(world.bob)) == world.district_a
    assert unit_of_page(page(world.bob, within=world.commune_a.pk), "within") == world.commune_a


@pytest.mark.parametrize("value", ["outside", "absent", "malformed"])
def test_a_unit_outside_the_scope_absent_or_malformed_is_not_found_alike(world, value):
    unit = {"outside": world.district_b.pk, "absent": 999_999, "malformed": "1e3"}[value]
    with pytest.raises(Http404):
        unit_of_page(page(world.bob, unit=unit))


def test_a_user_without_any_role_has_no_page_unit(world):
    with pytest.raises(Http404):
        unit_of_page(page(make_user("nobody")))
