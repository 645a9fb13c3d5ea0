"""Pages of the reviews (namespace `reports`, under /reports/): the dashboard of a unit and the drill-down from a
figure to its records, a unit's plan for a year, and report files made in the background. The review campaigns, under
/reports/campaigns/, are an app of their own (lanhdao.campaigns)."""

from django.urls import path

from . import views_indicators, views_render
from .plans import views as plans

app_name = "reports"

urlpatterns = [
    path("", views_indicators.dashboard, name="dashboard"),
    path("drilldown/", views_indicators.drilldown, name="drilldown"),
    path("plan/<int:unit_pk>/<int:year>/", plans.targets_edit, name="targets_edit"),
    path("render/unit/<int:unit_pk>/", views_render.render_demo, name="render_demo"),
    path("render/jobs/<int:pk>/", views_render.render_job, name="render_job"),
    path("render/jobs/<int:pk>/download/", views_render.render_download, name="render_download"),
]
