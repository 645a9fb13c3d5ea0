from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import api, api_schedule, api_state

router = SimpleRouter()
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("meeting-frequencies", api_schedule.MeetingFrequencyViewSet, basename="meeting-frequency")
router.register("submissions", api_state.SubmissionViewSet, basename="submission")
router.register("responsibilities", api_state.ResponsibilityViewSet, basename="responsibility")

urlpatterns = [
    path("meeting-figures/", api_schedule.meeting_figures, name="api-meeting-figures"),
    path("", include(router.urls)),
]
