from django.urls import path

from . import views, views_reform

app_name = "restructuring"

urlpatterns = [
    path("", views.operation_list, name="operation_list"),
    path("<int:pk>/", views.operation_detail, name="operation_detail"),
    path("<int:pk>/cancel/", views.operation_cancel, name="operation_cancel"),
    path("tree/", views.tree, name="tree"),
    path("units/<int:pk>/", views.start, name="start"),
    path("units/<int:pk>/panel/", views.unit_panel, name="unit_panel"),
    path("units/<int:pk>/reform2025/", views_reform.reform2025, name="reform2025"),
    path("units/<int:pk>/reform2025/place/", views_reform.reform2025_place, name="reform2025_place"),
    path("reform2025/runs/<int:pk>/", views_reform.reform2025_run, name="reform2025_run"),
    path("units/<int:pk>/<str:kind>/", views.operate, name="operate"),
]
