"""Pages of party members: records and the admission pipeline, transfers, classifications, awards, badges."""

from django.urls import path

from . import views, views_evaluations, views_transfers

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("new/", views.member_create, name="member_create"),
    path("pick/", views.pick_members, name="pick_members"),
    path("<int:pk>/", views.member_detail, name="member_detail"),
    path("<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/step/<slug:key>/", views.member_step, name="member_step"),
    path("<int:pk>/not-recognised/", views.member_not_recognise, name="member_not_recognise"),
    path("<int:pk>/end/", views.member_end, name="member_end"),
    path("<int:pk>/transfer/", views_transfers.transfer_send, name="transfer_send"),
    path("<int:pk>/award/", views_evaluations.member_award, name="member_award"),
    path("transfers/", views_transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", views_transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/receive/", views_transfers.transfer_receive, name="transfer_receive"),
    path("transfers/<int:pk>/cancel/", views_transfers.transfer_cancel, name="transfer_cancel"),
    path("classification/", views_evaluations.member_classification, name="member_classification"),
    path(
        "classification/organisations/",
        views_evaluations.organisation_classification,
        name="organisation_classification",
    ),
    path("excellent/", views_evaluations.excellent, name="excellent"),
    path("awards/", views_evaluations.award_list, name="award_list"),
    path("badges/", views_evaluations.badges, name="badges"),
]
