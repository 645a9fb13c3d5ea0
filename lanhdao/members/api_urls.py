"""The members' and cadres' endpoints, included under /api/ by the project."""

from django.urls import include, path

urlpatterns = [
    path("", include("lanhdao.members.api_urls_members")),
    path("", include("lanhdao.members.api_urls_cadres")),
    path("", include("lanhdao.members.api_urls_data")),
]
