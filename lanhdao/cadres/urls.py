"""Cadre pages, under /members/cadres/ where users know them, in the `cadres` namespace."""

from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("member/<int:pk>/", views.cadre_record, name="record"),
    path("succession/", views.succession_list, name="succession_list"),
    path("movements/", views.movement_list, name="movement_list"),
    path("trainings/", views.training_list, name="training_list"),
    path("nominations/", views.nomination_list, name="nomination_list"),
]

for _key, _section in views.SECTIONS.items():
    urlpatterns += [
        path(f"member/<int:pk>/{_section.anchor}/new/", views.row_create, {"section": _key}, name=f"{_key}_create"),
        path(f"{_section.anchor}/<int:pk>/edit/", views.row_edit, {"section": _key}, name=f"{_key}_edit"),
    ]
    if _section.close:
        urlpatterns.append(
            path(
                f"{_section.anchor}/<int:pk>/{_section.close}/",
                views.row_close,
                {"section": _key},
                name=f"{_key}_{_section.close}",
            )
        )
