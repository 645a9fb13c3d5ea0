"""Petitions over REST: list (by status — `status=overdue` for the overdue ones), record, edit, assign, answer,
archive, history."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.core.api import valid
from lanhdao.core.params import date_param
from lanhdao.org.permissions import access_unit

from . import selectors, services, services_petitions
from . import serializers as s
from .api import PERIOD_PARAMETERS
from .models import Petition
from .permissions import access_petition, access_reception_day
from .status import PetitionStatus


@extend_schema(tags=["people"])
class PetitionViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Petitions (đơn thư, kiến nghị) received by, or assigned to, a unit in the caller's scope."""

    serializer_class = s.PetitionSerializer
    queryset = Petition.objects.none()  # for the schema only: reads go through petitions_for / access_petition

    @extend_schema(
        parameters=[*PERIOD_PARAMETERS, OpenApiParameter("status", str, enum=["unanswered", *PetitionStatus.values])]
    )
    def list(self, request):
        params = request.query_params
        today = timezone.localdate()
        qs = selectors.petitions_for(request.user, include_archived=params.get("include_archived") in {"1", "true"})
        if params.get("unit"):
            qs = selectors.petitions_in_subtree(qs, access_unit(request.user, params["unit"]))
        start, end = date_param(params, "start"), date_param(params, "end")
        qs = selectors.filter_petitions(qs, status=params.get("status") or "", start=start, end=end, today=today)
        page = self.paginate_queryset(selectors.with_status(qs, today).order_by("deadline", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_petition(request.user, pk)).data)

    @extend_schema(request=s.PetitionWriteSerializer, responses={201: s.PetitionSerializer})
    def create(self, request):
        fields = valid(s.PetitionWriteSerializer, request)
        fields["receiving_unit"] = access_unit(request.user, fields["receiving_unit"])
        if fields["assigned_unit"]:
            fields["assigned_unit"] = access_unit(request.user, fields["assigned_unit"])
        if fields["reception_day"]:
            fields["reception_day"] = access_reception_day(request.user, fields["reception_day"])
        petition = services_petitions.petition_create(actor=request.user, **fields)
        return Response(self.serializer_class(petition).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PetitionUpdateSerializer, responses=s.PetitionSerializer)
    def partial_update(self, request, pk=None):
        petition = access_petition(request.user, pk)
        data = valid(s.PetitionUpdateSerializer, request)
        petition = services_petitions.petition_update(actor=request.user, petition=petition, data=data)
        return Response(self.serializer_class(petition).data)

    @extend_schema(request=s.AssignSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign to the receiving unit or a unit below it, to answer."""
        petition = access_petition(request.user, pk)
        unit = access_unit(request.user, valid(s.AssignSerializer, request)["unit"])
        petition = services_petitions.petition_assign(actor=request.user, petition=petition, unit=unit)
        return Response(self.serializer_class(petition).data)

    @extend_schema(request=s.AnswerSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Record the answer given (once)."""
        petition = access_petition(request.user, pk)
        data = valid(s.AnswerSerializer, request)
        petition = services_petitions.petition_answer(actor=request.user, petition=petition, **data)
        return Response(self.serializer_class(petition).data)

    @extend_schema(request=s.ArchiveSerializer, responses=s.PetitionSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        petition = access_petition(request.user, pk)
        note = valid(s.ArchiveSerializer, request)["note"]
        petition = services.archive(actor=request.user, obj=petition, unit=petition.receiving_unit, note=note)
        return Response(self.serializer_class(petition).data)

    def history_record(self, pk):
        return access_petition(self.request.user, pk)
