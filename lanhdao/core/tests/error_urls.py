"""The product's routes plus two that fail on purpose, for the error pages' tests (test_error_pages.py)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from lanhdao.urls import handler400, handler500
from lanhdao.urls import urlpatterns as product_urls

__all__ = ["handler400", "handler500", "urlpatterns"]


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-refused/", refused), path("test-broken/", broken), *product_urls]
