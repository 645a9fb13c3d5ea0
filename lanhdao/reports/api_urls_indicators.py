"""The indicators' endpoints (under /api/)."""

from django.urls import path

from . import api_indicators

urlpatterns = [
    path("indicators/", api_indicators.indicator_catalogue, name="api-indicators"),
    path("indicators/compute/", api_indicators.indicator_compute, name="api-indicators-compute"),
    path("indicators/children/", api_indicators.indicator_children, name="api-indicators-children"),
    path("indicator-targets/<int:unit_pk>/<int:year>/", api_indicators.indicator_targets, name="api-indicator-targets"),
]
