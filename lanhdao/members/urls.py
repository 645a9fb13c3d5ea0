"""Pages of members and cadre work: each part keeps its own URL module; the names live in the `members` namespace."""

from django.urls import include, path

app_name = "members"

urlpatterns = [
    path("", include("lanhdao.members.urls_members")),
    path("cadres/", include("lanhdao.members.urls_cadres")),
    path("", include("lanhdao.members.urls_data")),
]
