"""Cadre endpoints under /api/cadres/. A SimpleRouter: the project's router serves the root."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("cadres/positions", api.PositionViewSet, basename="cadre-position")
router.register("cadres/succession-entries", api.SuccessionViewSet, basename="cadre-succession")
router.register("cadres/trainings", api.TrainingViewSet, basename="cadre-training")
router.register("cadres/movements", api.MovementViewSet, basename="cadre-movement")
router.register("cadres/nominations", api.NominationViewSet, basename="cadre-nomination")

urlpatterns = [
    *router.urls,
    path("cadres/figures/", api.cadre_figures, name="api-cadre-figures"),
    # Beside the members' exports, where API users know it.
    path("member-positions-export/", api.position_export, name="api-member-positions-export"),
]
