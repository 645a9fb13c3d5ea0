"""The reviews' endpoints, included under /api/ by the project: the indicators and a unit's plan. The review
campaigns' are lanhdao.campaigns.api_urls."""

from django.urls import path

from . import api_indicators
from .plans import api as plans

urlpatterns = [
    path("indicators/", api_indicators.indicator_catalogue, name="api-indicators"),
    path("indicators/compute/", api_indicators.indicator_compute, name="api-indicators-compute"),
    path("indicators/children/", api_indicators.indicator_children, name="api-indicators-children"),
    path("indicator-targets/<int:unit_pk>/<int:year>/", plans.indicator_targets, name="api-indicator-targets"),
]
