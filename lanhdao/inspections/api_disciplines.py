"""Discipline decisions over REST: list (a subtree, a form, a member, a period), record (an expulsion ends the
membership in the same step), detail, archive, history. Scoped like the pages."""

import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.core.api import valid
from lanhdao.core.params import date_param
from lanhdao.org.permissions import access_unit

from . import selectors, services_disciplines
from . import serializers as s
from .api import flag, member_in_scope
from .models import Discipline
from .permissions import access_discipline, access_inspection


@extend_schema(tags=["inspections"])
class DisciplineViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Discipline decisions on party members (reprimand, warning, dismissal, expulsion) and on Party organisations
    (reprimand, warning, dissolution), possibly following an inspection."""

    serializer_class = s.DisciplineSerializer
    queryset = Discipline.objects.none()  # for the schema only

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Decided by or about this unit's subtree"),
            OpenApiParameter("form", str),
            OpenApiParameter("subject_kind", str, description="organisation or member"),
            OpenApiParameter("member", int, description="One member's discipline history"),
            OpenApiParameter("start", datetime.date),
            OpenApiParameter("end", datetime.date),
            OpenApiParameter("include_archived", bool),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.disciplines_for(request.user, include_archived=flag(request, "include_archived"))
        if params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
        if params.get("member"):
            qs = qs.filter(subject_member=member_in_scope(request.user, params["member"]))
        qs = selectors.filter_disciplines(
            qs,
            form=params.get("form", ""),
            subject_kind=params.get("subject_kind", ""),
            start=date_param(params, "start"),
            end=date_param(params, "end"),
        )
        page = self.paginate_queryset(qs.order_by("-decided_on", "-pk"))
        return self.get_paginated_response(self._shape(request, page, many=True))

    def _shape(self, request, disciplines, *, many: bool = False):
        """The decisions as the caller may see them: the inspection each follows only if the caller may open it."""
        rows = disciplines if many else [disciplines]
        visible = selectors.visible_inspection_ids(request.user, [d.inspection_id for d in rows])
        return self.serializer_class(disciplines, many=many, context={"visible_inspections": visible}).data

    def retrieve(self, request, pk=None):
        return Response(self._shape(request, access_discipline(request.user, pk)))

    @extend_schema(request=s.DisciplineWriteSerializer, responses={201: s.DisciplineSerializer})
    def create(self, request):
        """Record a decision; an expulsion ends the member's membership on the day of the decision."""
        fields = valid(s.DisciplineWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        if fields["subject_unit"]:
            fields["subject_unit"] = access_unit(request.user, fields["subject_unit"])
        fields["subject_member"] = member_in_scope(request.user, fields["subject_member"])
        if fields["inspection"]:
            fields["inspection"] = access_inspection(request.user, fields["inspection"])
        discipline = services_disciplines.discipline_create(actor=request.user, **fields)
        return Response(self._shape(request, discipline), status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RecordArchiveSerializer, responses=s.DisciplineSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a decision recorded by mistake (an expulsion's end of membership is corrected on the member)."""
        discipline = access_discipline(request.user, pk)
        note = valid(s.RecordArchiveSerializer, request)["note"]
        discipline = services_disciplines.discipline_archive(actor=request.user, discipline=discipline, note=note)
        return Response(self._shape(request, discipline))

    def history_record(self, pk):
        return access_discipline(self.request.user, pk)
