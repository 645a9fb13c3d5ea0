"""Staffing pages, mounted under /units/staffing/ (lanhdao/urls.py): the paths users know from the unit pages."""

from django.urls import path

from . import views

app_name = "staffing"
urlpatterns = [
    path("<int:pk>/", views.staffing_unit, name="unit"),
    path("<int:pk>/units/", views.staffing_subtree, name="subtree"),
    path("<int:pk>/over-quota/", views.staffing_over, name="over"),
    path("<int:pk>/<int:year>/edit/", views.staffing_edit, name="edit"),
    path("<int:pk>/<int:year>/units/edit/", views.staffing_grid, name="grid"),
    path("<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/archive/", views.target_archive, name="target_archive"),
]
