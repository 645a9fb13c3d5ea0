"""The review campaigns' endpoints (under /api/)."""

from rest_framework.routers import SimpleRouter

from . import api_campaigns

router = SimpleRouter()
router.register("campaigns", api_campaigns.CampaignViewSet, basename="api-campaign")
router.register("campaign-reports", api_campaigns.CampaignReportViewSet, basename="api-campaign-report")

urlpatterns = router.urls
