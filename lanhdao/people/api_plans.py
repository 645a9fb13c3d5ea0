"""Personal commitment plans over REST (for the signed-in: the public page has no API of its own)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.core.api import valid
from lanhdao.core.params import parse_year
from lanhdao.org.permissions import access_unit

from . import selectors, services_plans
from . import serializers as s
from .api import person
from .models import CommitmentPlan
from .permissions import access_plan


@extend_schema(tags=["people"])
class CommitmentPlanViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Leaders' personal plans to set an example: the caller's own, and those of the units in the caller's scope."""

    serializer_class = s.CommitmentPlanSerializer
    queryset = CommitmentPlan.objects.none()  # for the schema only: reads go through plans_for / access_plan

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="This unit's subtree"),
            OpenApiParameter("year", int),
            OpenApiParameter("published", bool),
            OpenApiParameter("mine", bool, description="Only the caller's own"),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.plans_for(request.user)
        if params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
        qs = selectors.plans_in_year(qs, parse_year(params.get("year"), "year"))
        if params.get("published") in {"1", "true"}:
            qs = qs.filter(published_at__isnull=False)
        elif params.get("published") in {"0", "false"}:
            qs = qs.filter(published_at__isnull=True)
        if params.get("mine") in {"1", "true"}:
            qs = qs.filter(leader=request.user)
        page = self.paginate_queryset(qs.prefetch_related("commitments").order_by("-year_end", "unit_path", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_plan(request.user, pk)).data)

    @extend_schema(request=s.PlanWriteSerializer, responses={201: s.CommitmentPlanSerializer})
    def create(self, request):
        fields = valid(s.PlanWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        fields["leader"] = person(request.user, fields["leader"])
        plan = services_plans.plan_create(actor=request.user, **fields)
        return Response(self.serializer_class(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanUpdateSerializer, responses=s.CommitmentPlanSerializer)
    def partial_update(self, request, pk=None):
        plan = access_plan(request.user, pk)
        data = valid(s.PlanUpdateSerializer, request)
        commitments = data.pop("commitments", None)
        plan = services_plans.plan_update(actor=request.user, plan=plan, data=data, commitments=commitments)
        return Response(self.serializer_class(plan).data)

    def _act(self, request, pk, function, **kwargs):
        plan = access_plan(request.user, pk)
        plan = function(actor=request.user, plan=plan, **kwargs)
        return Response(self.serializer_class(plan).data)

    @extend_schema(request=None, responses=s.CommitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Put the plan on the public page."""
        return self._act(request, pk, services_plans.plan_publish)

    @extend_schema(request=s.ArchiveSerializer, responses=s.CommitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        """Take the plan (and its self-assessment) off the public page."""
        note = valid(s.ArchiveSerializer, request)["note"]
        return self._act(request, pk, services_plans.plan_unpublish, note=note)

    @extend_schema(request=s.AssessSerializer, responses=s.CommitmentPlanSerializer)
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        """The self-assessment: a result for every commitment, and a summary (from 1 November of the last year)."""
        access_plan(request.user, pk)  # 404 for a plan out of scope before the body is read (as every other action)
        data = valid(s.AssessSerializer, request)
        results = {r["commitment"]: (r["result"], r["comment"]) for r in data["results"]}
        return self._act(request, pk, services_plans.plan_assess, summary=data["summary"], results=results)

    @extend_schema(request=None, responses=s.CommitmentPlanSerializer)
    @action(detail=True, methods=["post"], url_path="publish-assessment")
    def publish_assessment(self, request, pk=None):
        return self._act(request, pk, services_plans.plan_publish_assessment)

    def history_record(self, pk):
        return access_plan(self.request.user, pk)
