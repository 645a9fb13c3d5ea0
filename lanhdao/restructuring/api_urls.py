"""Restructuring endpoints, included under /api/ by the project."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("restructuring/operations", api.OperationViewSet, basename="restructuring-operation")

urlpatterns = [
    *router.urls,
    path("restructuring/preview/", api.preview, name="api-restructuring-preview"),
    path("restructuring/apply/", api.apply, name="api-restructuring-apply"),
    path("units/<int:pk>/children-on/", api.children_on, name="api-unit-children-on"),
]
