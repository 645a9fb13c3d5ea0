"""Cadre pages, under /members/cadres/ in the `members` namespace (names start with `cadre_`)."""

from django.urls import path

from . import views_cadres as views

urlpatterns = [
    path("member/<int:pk>/", views.cadre_record, name="cadre_record"),
    path("succession/", views.succession_list, name="cadre_succession_list"),
    path("movements/", views.movement_list, name="cadre_movement_list"),
    path("trainings/", views.training_list, name="cadre_training_list"),
    path("nominations/", views.nomination_list, name="cadre_nomination_list"),
]

for _key, _section in views.SECTIONS.items():
    urlpatterns += [
        path(
            f"member/<int:pk>/{_section.anchor}/new/", views.row_create, {"section": _key}, name=f"cadre_{_key}_create"
        ),
        path(f"{_section.anchor}/<int:pk>/edit/", views.row_edit, {"section": _key}, name=f"cadre_{_key}_edit"),
    ]
    if _section.close:
        urlpatterns.append(
            path(
                f"{_section.anchor}/<int:pk>/{_section.close}/",
                views.row_close,
                {"section": _key},
                name=f"cadre_{_key}_{_section.close}",
            )
        )
