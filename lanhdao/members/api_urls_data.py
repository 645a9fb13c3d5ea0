"""The members' data endpoints: figures, Excel import and exports (under /api/).

Not under `members/…`: the members' router gives `members/<pk>/` to MemberViewSet, whose default lookup pattern
would take `members/figures/` for a member whose id is "figures" (the meetings use `meeting-figures/` likewise)."""

from django.urls import path

from . import api_data

urlpatterns = [
    path("member-figures/", api_data.member_figures, name="api-member-figures"),
    path("member-import/", api_data.member_import, name="api-member-import"),
    path("member-export/", api_data.member_export, name="api-member-export"),
]
