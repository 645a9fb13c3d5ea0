"""The reviews' endpoints, included under /api/ by the project."""

from django.urls import include, path

urlpatterns = [
    path("", include("lanhdao.reports.api_urls_indicators")),
    path("", include("lanhdao.reports.api_urls_campaigns")),
]
