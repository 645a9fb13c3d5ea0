"""Pages of the members' data: statistics, Excel imports and exports (in the `members` namespace)."""

from django.urls import path

from . import views_data

urlpatterns = [
    path("statistics/", views_data.statistics, name="statistics"),
    path("import/", views_data.import_data, {"kind": "members"}, name="import"),
    path("import/template.xlsx", views_data.import_template, name="import_template"),
    path("export/", views_data.export_page, name="export"),
    path("export/members.xlsx", views_data.export_members, name="export_members"),
]
