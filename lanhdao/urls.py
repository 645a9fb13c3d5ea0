from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from lanhdao.accounts import api as accounts_api
from lanhdao.cadres import urls_members as cadres_on_members
from lanhdao.documents import api as documents_api
from lanhdao.home.views import home
from lanhdao.members import urls as members_urls
from lanhdao.org import api as org_api
from lanhdao.work import api as work_api

router = DefaultRouter()
# No `.json`-suffixed twin of every route: the viewsets' actions take no `format` argument, so each twin answered 500
# (found by the permission matrix); the API speaks JSON by content negotiation, and the schema never listed them.
router.include_format_suffixes = False
router.register("units", org_api.UnitViewSet, basename="unit")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("documents", documents_api.DocumentViewSet, basename="document")
router.register("tasks", work_api.TaskViewSet, basename="task")

api_patterns = [
    path("", include(router.urls)),
    path("", include("lanhdao.meetings.api_urls")),
    path("", include("lanhdao.people.api_urls")),
    path("", include("lanhdao.members.api_urls")),
    path("", include("lanhdao.cadres.api_urls")),
    path("", include("lanhdao.inspections.api_urls")),
    path("staffing/", include("lanhdao.staffing.api")),
    path("", include("lanhdao.restructuring.api_urls")),
    path("", include("lanhdao.reports.api_urls")),
    path("", include("lanhdao.campaigns.api_urls")),
    path("me/", accounts_api.me, name="api-me"),
    path("symbols/parse/", documents_api.symbol_parse, name="api-symbol-parse"),
    path("references/read/", documents_api.references_read, name="api-references-read"),
    path("attachments/<int:pk>/download/", documents_api.attachment_download, name="api-attachment-download"),
    path("roles/<int:pk>/revoke/", accounts_api.role_revoke, name="api-role-revoke"),
    path("auth/token/", accounts_api.ThrottledObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("", home, name="home"),
    path(
        "login/",
        login_not_required(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Staffing lives in its own app but keeps the paths users know, under the units.
    path("units/staffing/", include("lanhdao.staffing.urls")),
    path("units/", include("lanhdao.org.urls")),
    path("users/", include("lanhdao.accounts.urls")),
    path("documents/", include("lanhdao.documents.urls")),
    path("work/", include("lanhdao.work.urls")),
    path("notifications/", include("lanhdao.notifications.urls")),
    path("meetings/", include("lanhdao.meetings.urls")),
    path("people/", include("lanhdao.people.urls")),
    # The cadre work lives in its own app but keeps the paths users know, under the members.
    path("members/cadres/", include("lanhdao.cadres.urls")),
    # The cadres' positions held on the members' data pages keep their paths and `members:` names.
    path("members/", include(([*members_urls.urlpatterns, *cadres_on_members.urlpatterns], "members"))),
    path("inspections/", include("lanhdao.inspections.urls")),
    path("restructuring/", include("lanhdao.restructuring.urls")),
    # The review campaigns live in their own app but keep the paths users know, under the reports.
    path("reports/campaigns/", include("lanhdao.campaigns.urls")),
    path("reports/", include("lanhdao.reports.urls")),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

# Every error page speaks the product's language in its layout (core/errors.py); 403 and 404 are Django's handlers with
# the product's 403.html and 404.html.
handler400 = "lanhdao.core.errors.bad_request"
handler500 = "lanhdao.core.errors.server_error"
