from django.urls import path

from . import views, views_disciplines, views_programmes

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="inspection_list"),
    path("new/", views.inspection_create, name="inspection_create"),
    path("<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("<int:pk>/findings/", views.inspection_findings, name="inspection_findings"),
    path("<int:pk>/conclude/", views.inspection_conclude, name="inspection_conclude"),
    path("<int:pk>/recommendations/", views.inspection_recommendations, name="inspection_recommendations"),
    path("<int:pk>/archive/", views.inspection_archive, name="inspection_archive"),
    path("recommendations/<int:pk>/task/", views.recommendation_task, name="recommendation_task"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("programmes/", views_programmes.programme_list, name="programme_list"),
    path("programmes/new/", views_programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views_programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views_programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/archive/", views_programmes.programme_archive, name="programme_archive"),
    path("disciplines/", views_disciplines.discipline_list, name="discipline_list"),
    path("disciplines/new/", views_disciplines.discipline_create, name="discipline_create"),
    path("disciplines/<int:pk>/", views_disciplines.discipline_detail, name="discipline_detail"),
    path("disciplines/<int:pk>/archive/", views_disciplines.discipline_archive, name="discipline_archive"),
    path("member/<int:pk>/", views_disciplines.member_panel, name="member_panel"),
]
