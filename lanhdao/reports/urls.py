"""Pages of the reviews: each part keeps its own URL module; the names live in the `reports` namespace."""

from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("lanhdao.reports.urls_indicators")),
    path("render/", include("lanhdao.reports.urls_render")),
    path("campaigns/", include("lanhdao.reports.urls_campaigns")),
]
