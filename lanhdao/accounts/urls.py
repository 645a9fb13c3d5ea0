from django.urls import path

from . import signin, views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("pick/", views.pick_users, name="pick_users"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("<int:pk>/password/", views.user_password, name="user_password"),
    path("<int:pk>/second-factor/reset/", views.second_factor_reset, name="second_factor_reset"),
    path("password/", signin.own_password, name="own_password"),
    path("second-factor/", signin.second_factor_step, name="second_factor"),
    path("second-factor/enrol/", signin.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", signin.recovery_codes_renew, name="recovery_codes_renew"),
    path("<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
