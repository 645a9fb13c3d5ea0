from django.urls import path

from . import views, views_schedule, views_state

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/participants/", views.participants_add, name="participants_add"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="participant_remove"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/conclusion/", views.conclusion, name="conclusion"),
    path("schedule/", views_schedule.schedule, name="schedule"),
    path("schedule/frequency/", views_schedule.frequency_set, name="frequency_set"),
    path("units/<int:pk>/", views_schedule.unit_panel, name="unit_panel"),
    path("submissions/", views_state.submission_list, name="submission_list"),
    path("submissions/without-opinion/", views_state.decided_without_opinion, name="decided_without_opinion"),
    path("submissions/new/", views_state.submission_create, name="submission_create"),
    path("submissions/<int:pk>/", views_state.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views_state.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/opinion/", views_state.submission_opinion, name="submission_opinion"),
    path("submissions/<int:pk>/decision/", views_state.submission_decision, name="submission_decision"),
    path("submissions/<int:pk>/withdraw/", views_state.submission_withdraw, name="submission_withdraw"),
    path("responsibility/", views_state.responsibility_list, name="responsibility_list"),
    path("responsibility/new/", views_state.responsibility_create, name="responsibility_create"),
    path("responsibility/<int:pk>/end/", views_state.responsibility_end, name="responsibility_end"),
    path("responsibility/mine/", views_state.my_organisations, name="my_organisations"),
    path("responsibility/members/<int:user_pk>/", views_state.member_organisations, name="member_organisations"),
]
