from django.urls import path

from . import views

app_name = "restructuring"

urlpatterns = [
    path("", views.operation_list, name="operation_list"),
    path("<int:pk>/", views.operation_detail, name="operation_detail"),
    path("<int:pk>/cancel/", views.operation_cancel, name="operation_cancel"),
    path("tree/", views.tree, name="tree"),
    path("units/<int:pk>/", views.start, name="start"),
    path("units/<int:pk>/panel/", views.unit_panel, name="unit_panel"),
    path("units/<int:pk>/<str:kind>/", views.operate, name="operate"),
]
