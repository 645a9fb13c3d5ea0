"""Members' endpoints, under /api/: a SimpleRouter (the project's router serves the root)."""

from rest_framework.routers import SimpleRouter

from . import api_evaluations, api_members

router = SimpleRouter()
router.register("members", api_members.MemberViewSet, basename="members-member")
router.register("transfers", api_members.TransferViewSet, basename="members-transfer")
router.register("member-evaluations", api_evaluations.MemberEvaluationViewSet, basename="members-evaluation")
router.register(
    "organisation-evaluations", api_evaluations.OrganisationEvaluationViewSet, basename="members-org-evaluation"
)
router.register("awards", api_evaluations.AwardViewSet, basename="members-award")
router.register("badges", api_evaluations.BadgeViewSet, basename="members-badge")

urlpatterns = router.urls
