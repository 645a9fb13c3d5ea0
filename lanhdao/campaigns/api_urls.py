"""The review campaigns' endpoints, under /api/ as when they were part of reports (/api/campaigns/,
/api/campaign-reports/)."""

from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("campaigns", api.CampaignViewSet, basename="api-campaign")
router.register("campaign-reports", api.CampaignReportViewSet, basename="api-campaign-report")

urlpatterns = router.urls
