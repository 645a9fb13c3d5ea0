"""Pages of members: each part keeps its own URL module; the names live in the `members` namespace. The cadre work
(lanhdao.cadres) keeps /members/cadres/, included before these by the project."""

from django.urls import include, path

app_name = "members"

urlpatterns = [
    path("", include("lanhdao.members.urls_members")),
    path("", include("lanhdao.members.urls_data")),
]
