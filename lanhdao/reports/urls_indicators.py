"""The dashboard of a unit and the drill-down from a figure to its records (namespace `reports`)."""

from django.urls import path

from . import views_indicators

urlpatterns = [
    path("", views_indicators.dashboard, name="dashboard"),
    path("drilldown/", views_indicators.drilldown, name="drilldown"),
]
