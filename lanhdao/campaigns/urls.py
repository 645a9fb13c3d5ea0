"""Pages of the review campaigns (namespace `reports`, under /reports/campaigns/)."""

from django.urls import path

from . import views_campaigns as v

urlpatterns = [
    path("unit/<int:unit_pk>/", v.campaign_list, name="campaign_list"),
    path("unit/<int:unit_pk>/open/", v.campaign_open, name="campaign_open"),
    path("<int:pk>/", v.campaign_detail, name="campaign_detail"),
    path("<int:pk>/aggregate.docx", v.aggregate_file, name="campaign_aggregate_docx"),
    path("<int:pk>/aggregate.<slug:fmt>", v.aggregate_file, name="campaign_aggregate_file"),
    path("report/<int:pk>/", v.report_detail, name="campaign_report"),
    path("report/<int:pk>/submit/", v.report_submit, name="campaign_report_submit"),
    path("report/<int:pk>/relay/", v.report_relay, name="campaign_report_relay"),
    path("report/<int:pk>/refresh/", v.report_refresh, name="campaign_report_refresh"),
    path("report/<int:pk>/report.docx", v.report_file, name="campaign_report_docx"),
    path("report/<int:pk>/report.<slug:fmt>", v.report_file, name="campaign_report_file"),
]
