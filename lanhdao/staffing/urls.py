"""Staffing pages, included by org.urls under "staffing/" (no app_name: the names live in the `org` namespace)."""

from django.urls import path

from . import views_staffing as views

urlpatterns = [
    path("<int:pk>/", views.staffing_unit, name="staffing_unit"),
    path("<int:pk>/units/", views.staffing_subtree, name="staffing_subtree"),
    path("<int:pk>/over-quota/", views.staffing_over, name="staffing_over"),
    path("<int:pk>/<int:year>/edit/", views.staffing_edit, name="staffing_edit"),
    path("<int:pk>/<int:year>/units/edit/", views.staffing_grid, name="staffing_grid"),
    path("<int:pk>/targets/new/", views.target_create, name="staffing_target_create"),
    path("targets/<int:pk>/edit/", views.target_edit, name="staffing_target_edit"),
    path("targets/<int:pk>/archive/", views.target_archive, name="staffing_target_archive"),
]
