"""The people's endpoints, included under /api/ by the project. A SimpleRouter: the project's router serves the root."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, api_petitions, api_plans

router = SimpleRouter()
router.register("field-visits", api.FieldVisitViewSet, basename="people-visit")
router.register("dialogues", api.DialogueViewSet, basename="people-dialogue")
router.register("reception-schedules", api.ReceptionScheduleViewSet, basename="people-schedule")
router.register("reception-days", api.ReceptionDayViewSet, basename="people-reception-day")
router.register("petitions", api_petitions.PetitionViewSet, basename="people-petition")
router.register("commitment-plans", api_plans.CommitmentPlanViewSet, basename="people-plan")

urlpatterns = [
    *router.urls,
    path("findings/<int:pk>/task/", api.finding_task, name="api-people-finding-task"),
    path("people/figures/", api.people_figures, name="api-people-figures"),
]
