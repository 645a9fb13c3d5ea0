"""Inspection and supervision over REST: programmes, inspections (findings, conclusion, recommendations → tasks),
the follow-up of recommendations and the figures. Discipline decisions are in api_disciplines.

Authenticated and scoped like the pages: a record outside the caller's scope or above their clearance answers 404,
a write without RECORD on its unit 403.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.core.api import Pagination, valid
from lanhdao.core.params import date_param, parse_year
from lanhdao.documents.permissions import access_document
from lanhdao.members.permissions import access_member
from lanhdao.org.permissions import access_unit

from . import figures, selectors, services, services_programmes
from . import serializers as s
from .models import Inspection, Programme
from .permissions import access_inspection, access_programme, access_recommendation


def flag(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in {"1", "true", "yes"}


def member_in_scope(user, pk):
    """A member named on a record or a filter: one the caller may see (404 otherwise, as for a unit)."""
    return access_member(user, pk) if pk else None


def recommendation_specs(user, items) -> list[dict]:
    return [
        {
            "text": i["text"],
            "deadline": i["deadline"],
            "lead_unit": access_unit(user, i["lead_unit"]) if i.get("lead_unit") else None,
        }
        for i in items
    ]


@extend_schema(tags=["inspections"])
class ProgrammeViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Inspection and supervision programmes of a committee, for a full term or a year."""

    serializer_class = s.ProgrammeSerializer
    queryset = Programme.objects.none()  # for the schema only

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="This unit's subtree"),
            OpenApiParameter("span", str),
            OpenApiParameter("year", int, description="Programmes covering this year"),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.programmes_for(request.user, include_archived=flag(request, "include_archived"))
        if params.get("unit"):
            qs = selectors.programmes_in_subtree(qs, access_unit(request.user, params["unit"]))
        qs = selectors.filter_programmes(qs, span=params.get("span") or "", year=parse_year(params.get("year"), "year"))
        page = self.paginate_queryset(selectors.with_progress(qs).order_by("-starts_on", "unit_path", "pk"))
        return self.get_paginated_response(self._shape(request, page, many=True))

    def _shape(self, request, programmes, *, many: bool = False):
        rows = programmes if many else [programmes]
        visible = selectors.visible_document_ids(request.user, [p.document_id for p in rows])
        return self.serializer_class(programmes, many=many, context={"visible_documents": visible}).data

    def retrieve(self, request, pk=None):
        return Response(self._shape(request, selectors.progress_of(access_programme(request.user, pk))))

    @extend_schema(request=s.ProgrammeWriteSerializer, responses={201: s.ProgrammeSerializer})
    def create(self, request):
        fields = valid(s.ProgrammeWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        fields["document"] = access_document(request.user, fields["document"]) if fields["document"] else None
        programme = services_programmes.programme_create(actor=request.user, **fields)
        return Response(self._shape(request, programme), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProgrammeUpdateSerializer, responses=s.ProgrammeSerializer)
    def partial_update(self, request, pk=None):
        programme = access_programme(request.user, pk)
        data = valid(s.ProgrammeUpdateSerializer, request)
        if data.get("document"):
            data["document"] = access_document(request.user, data["document"])
        programme = services_programmes.programme_update(actor=request.user, programme=programme, data=data)
        return Response(self._shape(request, programme))

    @extend_schema(request=s.RecordArchiveSerializer, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a programme (its inspections stay, with their link to it)."""
        programme = access_programme(request.user, pk)
        note = valid(s.RecordArchiveSerializer, request)["note"]
        programme = services_programmes.programme_archive(actor=request.user, programme=programme, note=note)
        return Response(self._shape(request, programme))

    def history_record(self, pk):
        return access_programme(self.request.user, pk)


INSPECTION_FILTERS = [
    OpenApiParameter("unit", int, description="Made by or about this unit's subtree"),
    OpenApiParameter("kind", str, description="A kind, or `supervision` for both kinds of supervision"),
    OpenApiParameter("subject_kind", str, description="organisation or member"),
    OpenApiParameter("state", str, description="open or concluded"),
    OpenApiParameter("violations", bool, description="Only those with violations found"),
    OpenApiParameter("q", str, description="Words of the content or scope, with or without diacritics"),
    OpenApiParameter("start", datetime.date, description="Started on or after"),
    OpenApiParameter("end", datetime.date, description="Started on or before"),
    OpenApiParameter("programme", int),
    OpenApiParameter("include_archived", bool),
]


@extend_schema(tags=["inspections"])
class InspectionViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Inspections and supervisions of Party organisations and members: subject, scope, team, dates, findings,
    conclusion, recommendations (each with a lead unit and a deadline is a task of the conducting unit)."""

    serializer_class = s.InspectionSerializer
    queryset = Inspection.objects.none()  # for the schema only

    def _data(self, request, inspections, *, many: bool = False):
        """As the caller may see them: a recommendation's task above the caller's clearance is not named."""
        return self.serializer_class(inspections, many=many, context={"user": request.user}).data

    @extend_schema(parameters=INSPECTION_FILTERS)
    def list(self, request):
        params = request.query_params
        qs = selectors.inspections_for(request.user, include_archived=flag(request, "include_archived"))
        if params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
        programme = access_programme(request.user, params["programme"]) if params.get("programme") else None
        qs = selectors.filter_inspections(
            qs,
            kind=params.get("kind", ""),
            subject_kind=params.get("subject_kind", ""),
            state=params.get("state", ""),
            violations=flag(request, "violations"),
            query=params.get("q", ""),
            start=date_param(params, "start"),
            end=date_param(params, "end"),
            programme=programme,
        )
        page = self.paginate_queryset(qs.prefetch_related("recommendations__task").order_by("-starts_on", "-pk"))
        return self.get_paginated_response(self._data(request, page, many=True))

    def retrieve(self, request, pk=None):
        return Response(self._data(request, access_inspection(request.user, pk)))

    @extend_schema(request=s.InspectionWriteSerializer, responses={201: s.InspectionSerializer})
    def create(self, request):
        fields = valid(s.InspectionWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        if fields["subject_unit"]:
            fields["subject_unit"] = access_unit(request.user, fields["subject_unit"])
        fields["subject_member"] = member_in_scope(request.user, fields["subject_member"])
        if fields["programme"]:
            fields["programme"] = access_programme(request.user, fields["programme"])
        inspection = services.inspection_create(actor=request.user, **fields)
        return Response(self._data(request, inspection), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.InspectionUpdateSerializer, responses=s.InspectionSerializer)
    def partial_update(self, request, pk=None):
        inspection = access_inspection(request.user, pk)
        data = valid(s.InspectionUpdateSerializer, request)
        if data.get("programme"):
            data["programme"] = access_programme(request.user, data["programme"])
        inspection = services.inspection_update(actor=request.user, inspection=inspection, data=data)
        return Response(self._data(request, inspection))

    @extend_schema(request=s.FindingsSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        """Record (or rewrite) the findings, once the inspection has started and until it is concluded."""
        inspection = access_inspection(request.user, pk)
        data = valid(s.FindingsSerializer, request)
        inspection = services.findings_record(actor=request.user, inspection=inspection, **data)
        return Response(self._data(request, inspection))

    @extend_schema(request=s.ConcludeSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        """Conclude (on or after the start, not in the future) with recommendations: each with `lead_unit` and
        `deadline` becomes a task of the conducting unit; if one cannot, 400 and nothing is saved."""
        inspection = access_inspection(request.user, pk)
        data = valid(s.ConcludeSerializer, request)
        data["recommendations"] = recommendation_specs(request.user, data["recommendations"])
        inspection = services.inspection_conclude(actor=request.user, inspection=inspection, **data)
        return Response(self._data(request, access_inspection(request.user, inspection.pk)))

    @extend_schema(methods=["GET"], responses=s.RecommendationSerializer(many=True), description="The recommendations.")
    @extend_schema(
        methods=["POST"],
        request=s.RecommendationsWriteSerializer,
        responses={201: s.RecommendationSerializer(many=True)},
        description="Add recommendations to a concluded inspection (tasks start today), all or none.",
    )
    @action(detail=True, methods=["get", "post"])
    def recommendations(self, request, pk=None):
        inspection = access_inspection(request.user, pk)
        if request.method == "GET":
            shown = selectors.without_hidden_tasks(request.user, selectors.recommendations_of(inspection))
            return Response(s.RecommendationSerializer(shown, many=True).data)
        items = recommendation_specs(request.user, valid(s.RecommendationsWriteSerializer, request)["recommendations"])
        added = services.recommendations_add(actor=request.user, inspection=inspection, recommendations=items)
        return Response(s.RecommendationSerializer(added, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RecordArchiveSerializer, responses=s.InspectionSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive an inspection recorded by mistake (it leaves lists and figures; its tasks stay)."""
        inspection = access_inspection(request.user, pk)
        note = valid(s.RecordArchiveSerializer, request)["note"]
        inspection = services.archive(actor=request.user, obj=inspection, note=note)
        return Response(self._data(request, inspection))

    def history_record(self, pk):
        return access_inspection(self.request.user, pk)


@extend_schema(tags=["inspections"], request=s.RecommendationTaskSerializer, responses=s.RecommendationSerializer)
@api_view(["POST"])
def recommendation_task(request, pk):
    """Turn a recommendation recorded without a task into a task of the conducting unit."""
    recommendation = access_recommendation(request.user, pk)
    data = valid(s.RecommendationTaskSerializer, request)
    recommendation = services.recommendation_to_task(
        actor=request.user,
        recommendation=recommendation,
        lead_unit=access_unit(request.user, data["lead_unit"]),
        deadline=data["deadline"],
    )
    return Response(s.RecommendationSerializer(recommendation).data)


@extend_schema(
    tags=["inspections"],
    parameters=[
        OpenApiParameter("unit", int, description="Made by or about this unit's subtree"),
        OpenApiParameter("state", str, description=s.FOLLOW_UP_HELP),
    ],
    responses=s.FollowUpSerializer(many=True),
)
@api_view(["GET"])
def follow_up(request):
    """Recommendations of concluded inspections with the derived status of their tasks, the latest first."""
    params = request.query_params
    unit = access_unit(request.user, params["unit"]) if params.get("unit") else None
    qs = selectors.follow_up(selectors.recommendations_for(request.user), unit)
    qs = selectors.filter_follow_up(qs, params.get("state", ""), timezone.localdate())
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request)
    page = selectors.without_hidden_tasks(request.user, page)
    return paginator.get_paginated_response(s.FollowUpSerializer(page, many=True).data)


@extend_schema(
    tags=["inspections"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("start", datetime.date, required=True),
        OpenApiParameter("end", datetime.date, required=True),
        OpenApiParameter("subtree", bool, description="Include the units below (default true)"),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def inspection_figures(request):
    """The figures of inspection and supervision for a unit (and its subtree) over a period, as the reports use
    them: by conducting (or deciding) unit; overdue recommendations as on `end` (or today if `end` is later). They
    count confidential inspections too, whoever asks; `confidential` has the same keys and says how many of the records
    of each figure are confidential, never which."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    start, end = date_param(request.query_params, "start"), date_param(request.query_params, "end")
    if start is None or end is None or end < start:
        raise ValidationError({"detail": [_("Give a period: start and end, the end not before the start.")]})
    subtree = request.query_params.get("subtree", "true").lower() not in {"0", "false", "no"}
    return Response(
        {"unit": unit.pk, "start": start, "end": end, "subtree": subtree}
        | figures.summary(unit, start, end, subtree=subtree)
        | {"confidential": figures.confidential_summary(unit, start, end, subtree=subtree)}
    )
