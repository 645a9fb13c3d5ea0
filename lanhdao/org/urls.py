from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("pick/", views.pick_units, name="pick_units"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/children/", views.unit_children, name="unit_children"),
    path("<int:pk>/history/", views.unit_history, name="unit_history"),
    path("<int:pk>/new/", views.unit_create, name="unit_create"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/archive/", views.unit_archive, name="unit_archive"),
    path("<int:pk>/restore/", views.unit_restore, name="unit_restore"),
]
