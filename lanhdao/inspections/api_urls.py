"""The inspection endpoints, included under /api/ by the project (a SimpleRouter: the project's router serves the
root)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_disciplines

router = SimpleRouter()
router.register("inspection-programmes", api.ProgrammeViewSet, basename="inspection-programme")
router.register("inspections", api.InspectionViewSet, basename="inspection")
router.register("disciplines", api_disciplines.DisciplineViewSet, basename="discipline")

urlpatterns = [
    *router.urls,
    path("recommendations/<int:pk>/task/", api.recommendation_task, name="api-recommendation-task"),
    path("inspection-follow-up/", api.follow_up, name="api-inspection-follow-up"),
    path("inspection-figures/", api.inspection_figures, name="api-inspection-figures"),
]
