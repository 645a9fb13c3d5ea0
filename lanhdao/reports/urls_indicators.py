"""The dashboard of a unit, the drill-down from a figure to its records, and a unit's plan (namespace `reports`)."""

from django.urls import path

from . import views_indicators

urlpatterns = [
    path("", views_indicators.dashboard, name="dashboard"),
    path("drilldown/", views_indicators.drilldown, name="drilldown"),
    path("plan/<int:unit_pk>/<int:year>/", views_indicators.targets_edit, name="targets_edit"),
]
