"""Staffing over REST, under /api/staffing/: quotas and headcounts (list, one row, create, change, a year's rows in
one all-or-nothing call, history), streamlining targets, and the summary of a unit's subtree.

Scoped like the pages: a unit or row outside the caller's scope answers 404; a change without the right 403 (the
quota and targets of a unit belong to the level above it, the headcount to the unit).
"""

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from lanhdao.accounts.selectors import units_for
from lanhdao.audit.api import HistoryMixin
from lanhdao.core.api import valid
from lanhdao.org.permissions import access_unit

from . import selectors as sel
from . import serializers as s
from . import services
from .models import StaffCategory, StaffingQuota, StreamliningTarget
from .permissions import access_quota, access_target

MAX_YEARS = 20
OVER_QUOTA_ROWS = 50


def int_param(request, name: str, default: int | None = None) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValidationError({name: [_("Give a whole number.")]}) from error


def category_param(request) -> str:
    category = request.query_params.get("category", "")
    if category and category not in StaffCategory.values:
        raise ValidationError({"category": [_("Unknown staff category.")]})
    return category


def truthy(request, name: str) -> bool:
    return request.query_params.get(name) in {"1", "true", "yes"}


def unit_filter(request, qs):
    """`unit`: that unit's subtree (or the unit alone with `subtree=false`), 404 outside the caller's scope."""
    if request.query_params.get("unit"):
        unit = access_unit(request.user, request.query_params["unit"])
        if request.query_params.get("subtree") in {"0", "false", "no"}:
            return qs.filter(unit=unit)
        return sel.in_subtree(qs, unit)
    return qs


UNIT_PARAMETERS = [
    OpenApiParameter("unit", int, description="This unit and every unit under it"),
    OpenApiParameter("subtree", bool, description="false: the unit alone"),
    OpenApiParameter("category", str, enum=StaffCategory.values),
]


@extend_schema(tags=["staffing"])
class QuotaViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Staffing rows: one per unit, year and category — the quota assigned to the unit's own staff, its headcount."""

    serializer_class = s.StaffingQuotaSerializer
    queryset = StaffingQuota.objects.none()  # for the schema only: reads go through quotas_for / access_quota

    @extend_schema(parameters=[*UNIT_PARAMETERS, OpenApiParameter("year", int)])
    def list(self, request):
        qs = unit_filter(request, sel.quotas_for(request.user))
        year, category = int_param(request, "year"), category_param(request)
        if year is not None:
            qs = qs.filter(year=year)
        if category:
            qs = qs.filter(category=category)
        page = self.paginate_queryset(qs.select_related("unit").order_by("unit_path", "-year", "category", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_quota(request.user, pk)).data)

    @extend_schema(request=s.StaffingQuotaCreateSerializer, responses={201: s.StaffingQuotaSerializer})
    def create(self, request):
        data = valid(s.StaffingQuotaCreateSerializer, request)
        data["unit"] = access_unit(request.user, data["unit"])
        quota = services.quota_create(actor=request.user, **data)
        return Response(self.serializer_class(quota).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StaffingQuotaValuesSerializer, responses=s.StaffingQuotaSerializer)
    def partial_update(self, request, pk=None):
        quota = access_quota(request.user, pk)
        data = valid(s.StaffingQuotaValuesSerializer, request)
        quota = services.quota_update(actor=request.user, quota=quota, data=data)
        return Response(self.serializer_class(quota).data)

    @extend_schema(request=s.StaffingQuotaBulkSerializer, responses=s.StaffingQuotaSerializer(many=True))
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Set many rows of one year at once: all of them or none, every bad value reported (by
        `<field>-<unit id>-<category>`). Answers the rows written."""
        data = valid(s.StaffingQuotaBulkSerializer, request)
        ids = {row["unit"] for row in data["rows"]}
        units = units_for(request.user, include_archived=True).in_bulk(ids)
        if len(units) != len(ids):
            raise Http404(_("No such unit, or you may not see it."))
        entries = [services.Entry(units[row.pop("unit")], row.pop("category"), row) for row in data["rows"]]
        rows = services.staffing_save(actor=request.user, year=data["year"], entries=entries)
        return Response(self.serializer_class(rows, many=True).data)

    def history_record(self, pk):
        return access_quota(self.request.user, pk)


@extend_schema(tags=["staffing"])
class TargetViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Streamlining targets: a unit's subtree to bring its quota at least a percentage below a base year's."""

    serializer_class = s.StaffingTargetSerializer
    queryset = StreamliningTarget.objects.none()  # for the schema only

    @extend_schema(parameters=[*UNIT_PARAMETERS, OpenApiParameter("include_archived", bool)])
    def list(self, request):
        qs = unit_filter(request, sel.targets_for(request.user, include_archived=truthy(request, "include_archived")))
        if request.query_params.get("category") is not None:
            qs = qs.filter(category=category_param(request))
        page = self.paginate_queryset(qs.select_related("unit").order_by("unit_path", "target_year", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_target(request.user, pk)).data)

    @extend_schema(request=s.StaffingTargetCreateSerializer, responses={201: s.StaffingTargetSerializer})
    def create(self, request):
        data = valid(s.StaffingTargetCreateSerializer, request)
        data["unit"] = access_unit(request.user, data["unit"])
        target = services.target_create(actor=request.user, **data)
        return Response(self.serializer_class(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.StaffingTargetUpdateSerializer, responses=s.StaffingTargetSerializer)
    def partial_update(self, request, pk=None):
        target = access_target(request.user, pk)
        data = valid(s.StaffingTargetUpdateSerializer, request)
        target = services.target_update(actor=request.user, target=target, data=data)
        return Response(self.serializer_class(target).data)

    @extend_schema(request=s.StaffingArchiveSerializer, responses=s.StaffingTargetSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        target = access_target(request.user, pk)
        note = valid(s.StaffingArchiveSerializer, request)["note"]
        target = services.target_archive(actor=request.user, target=target, note=note)
        return Response(self.serializer_class(target).data)

    def history_record(self, pk):
        return access_target(self.request.user, pk)


@extend_schema(
    tags=["staffing"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("year", int, description="Default: this year"),
        OpenApiParameter("category", str, enum=StaffCategory.values, description="Default: all categories"),
        OpenApiParameter("years", int, description=f"Years of the trend, ending with `year` (1–{MAX_YEARS}; 6)"),
    ],
    responses=s.StaffingSummarySerializer,
)
@api_view(["GET"])
def staffing_summary(request):
    """A unit's subtree in a year: its totals and streamlining target, one line per child (and one for the unit's own
    rows) with its target and distance, the trend, and the rows over quota (the first 50, the largest excess
    first). A fixed number of queries whatever the size of the subtree."""
    if not request.query_params.get("unit"):
        raise ValidationError({"unit": [_("Name the unit.")]})
    unit = access_unit(request.user, request.query_params["unit"])
    year = int_param(request, "year", timezone.localdate().year)
    services.check_year(year)
    years = int_param(request, "years", 6)
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": [_("Between 1 and %(n)d.") % {"n": MAX_YEARS}]})
    category = category_param(request)
    summary = sel.summary(unit, year, category, years=years)
    over = sel.over_quota(unit, year, category)
    data = {
        "unit": unit,
        "year": summary.year,
        "category": summary.category,
        "totals": summary.totals,
        "progress": summary.progress,
        "lines": summary.lines,
        "series": summary.series,
        "over_quota": list(over[:OVER_QUOTA_ROWS]),
        "over_quota_count": over.count(),
    }
    return Response(s.StaffingSummarySerializer(data).data)


router = SimpleRouter()
router.register("quotas", QuotaViewSet, basename="staffing-quota")
router.register("targets", TargetViewSet, basename="staffing-target")

urlpatterns = [
    *router.urls,
    path("summary/", staffing_summary, name="api-staffing-summary"),
]
