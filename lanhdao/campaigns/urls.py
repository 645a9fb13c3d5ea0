"""Pages of the review campaigns (namespace `campaigns`), under /reports/campaigns/: the addresses they had when they
were part of reports."""

from django.urls import path

from . import views as v

app_name = "campaigns"

urlpatterns = [
    path("unit/<int:unit_pk>/", v.campaign_list, name="list"),
    path("unit/<int:unit_pk>/open/", v.campaign_open, name="open"),
    path("<int:pk>/", v.campaign_detail, name="detail"),
    path("<int:pk>/aggregate.docx", v.aggregate_file, name="aggregate_docx"),
    path("<int:pk>/aggregate.<slug:fmt>", v.aggregate_file, name="aggregate_file"),
    path("report/<int:pk>/", v.report_detail, name="report"),
    path("report/<int:pk>/submit/", v.report_submit, name="report_submit"),
    path("report/<int:pk>/relay/", v.report_relay, name="report_relay"),
    path("report/<int:pk>/refresh/", v.report_refresh, name="report_refresh"),
    path("report/<int:pk>/report.docx", v.report_file, name="report_docx"),
    path("report/<int:pk>/report.<slug:fmt>", v.report_file, name="report_file"),
]
