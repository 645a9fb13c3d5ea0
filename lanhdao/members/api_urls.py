"""The members' endpoints (the cadres' are lanhdao.cadres.api_urls), included under /api/ by the project."""

from django.urls import include, path

urlpatterns = [
    path("", include("lanhdao.members.api_urls_members")),
    path("", include("lanhdao.members.api_urls_data")),
]
