"""Cadre work over REST: positions held, succession plan entries, trainings, rotations and transfers, nominations,
and the figures of a unit over a period.

Scoped like the pages: a row outside the caller's scope (or naming a member or unit outside it) answers 404, a write
without the right to manage the member and RECORD on the row's unit 403, a refused rule 400 with the field's message.
"""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.audit.api import ScopedViewSet
from lanhdao.core.api import valid
from lanhdao.core.params import date_param
from lanhdao.core.uploads import XLSX
from lanhdao.core.xlsx import xlsx_response
from lanhdao.members.permissions import access_member
from lanhdao.org.permissions import access_unit

from . import excel
from . import permissions as perms
from . import selectors as sel
from . import serializers as s
from . import services as svc
from .models import Movement, Nomination, PositionHeld, SuccessionEntry, Training

LIST_PARAMETERS = [
    OpenApiParameter("unit", int, description="Rows placed in this unit's subtree"),
    OpenApiParameter("member", int, description="Rows of this member"),
    OpenApiParameter("start", datetime.date, description="From this day (the row's main date)"),
    OpenApiParameter("end", datetime.date, description="Until this day, included"),
    OpenApiParameter("kind", str),
]


def _unit(user, pk):
    return access_unit(user, pk) if pk is not None else None


class CadreViewSet(ScopedViewSet):
    """What the five kinds of cadre rows share: list with filters, retrieve, create, patch, history."""

    related: tuple[str, ...] = ("member", "unit")
    write_serializer = update_serializer = None
    unit_fields: tuple[str, ...] = ()  # unit ids taken by create and update

    def visible(self):
        raise NotImplementedError

    def filter_extra(self, qs, params):
        return qs

    def in_scope(self, request):
        params = request.query_params
        qs = self.visible()
        if params.get("unit"):
            qs = sel.in_subtree(qs, access_unit(request.user, params["unit"]))
        if params.get("member"):
            qs = qs.filter(member=access_member(request.user, params["member"]))
        # Only some kinds of row have a kind (trainings, movements): the others ignore the filter, not fail on it.
        if params.get("kind") and any(field.name == "kind" for field in qs.model._meta.get_fields()):
            qs = qs.filter(kind=params["kind"])
        qs = sel.in_period(qs, self.date_field, date_param(params, "start"), date_param(params, "end"))
        return self.filter_extra(qs, params).select_related(*self.related)

    def _units(self, fields: dict) -> dict:
        for name in self.unit_fields:
            if name in fields:
                fields[name] = _unit(self.request.user, fields[name])
        return fields

    def create(self, request):
        fields = self._units(valid(self.write_serializer, request))
        fields["member"] = access_member(request.user, fields["member"], write=True)
        row = self.create_service(actor=request.user, **self.prepare(fields))
        return Response(self.serializer_class(row).data, status=status.HTTP_201_CREATED)

    def prepare(self, fields: dict) -> dict:
        return fields

    def partial_update(self, request, pk=None):
        row = self.access(pk, write=True)
        data = self._units(valid(self.update_serializer, request))
        row = self.update_service(actor=request.user, row=row, data=data)
        return Response(self.serializer_class(row).data)


def _bool(params, name):
    value = params.get(name, "").lower()
    return None if value == "" else value in {"1", "true", "yes"}


@extend_schema(tags=["cadres"])
class PositionViewSet(CadreViewSet):
    """Posts held by members in bodies (which body, which post, from–to)."""

    serializer_class = s.PositionSerializer
    queryset = PositionHeld.objects.none()  # for the schema only
    date_field = "started_on"
    write_serializer, update_serializer = s.PositionWriteSerializer, s.PositionUpdateSerializer
    unit_fields = ("unit",)

    def visible(self):
        return sel.positions_for(self.request.user)

    def access(self, pk, *, write=False):
        return perms.access_position(self.request.user, pk, write=write)

    def filter_extra(self, qs, params):
        held = _bool(params, "open")
        return qs if held is None else qs.filter(ended_on__isnull=held)

    @staticmethod
    def create_service(**kwargs):
        return svc.position_start(**kwargs)

    @staticmethod
    def update_service(*, actor, row, data):
        return svc.position_update(actor=actor, position=row, data=data)

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("open", bool, description="Only posts held")])
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.PositionWriteSerializer, responses={201: s.PositionSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.PositionUpdateSerializer, responses=s.PositionSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)

    @extend_schema(request=s.PositionEndSerializer, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The last day in the post."""
        row = self.access(pk, write=True)
        row = svc.position_end(actor=request.user, position=row, **valid(s.PositionEndSerializer, request))
        return Response(self.serializer_class(row).data)


@extend_schema(tags=["cadres"])
class SuccessionViewSet(CadreViewSet):
    """Names on the succession plans (quy hoạch) of bodies, per term and post."""

    serializer_class = s.SuccessionSerializer
    queryset = SuccessionEntry.objects.none()  # for the schema only
    date_field = "added_on"
    write_serializer, update_serializer = s.SuccessionWriteSerializer, s.SuccessionUpdateSerializer
    unit_fields = ("unit",)

    def visible(self):
        return sel.succession_for(self.request.user)

    def access(self, pk, *, write=False):
        return perms.access_succession(self.request.user, pk, write=write)

    def filter_extra(self, qs, params):
        if params.get("term"):
            qs = qs.filter(term=params["term"])
        removed = _bool(params, "removed")
        return qs if removed is None else qs.filter(removed_on__isnull=not removed)

    @staticmethod
    def create_service(**kwargs):
        return svc.succession_add(**kwargs)

    @staticmethod
    def update_service(*, actor, row, data):
        return svc.succession_update(actor=actor, entry=row, data=data)

    @extend_schema(
        parameters=[
            *LIST_PARAMETERS,
            OpenApiParameter("term", str, description="e.g. 2025-2030"),
            OpenApiParameter("removed", bool, description="Names taken off (true) or on the plan (false)"),
        ]
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.SuccessionWriteSerializer, responses={201: s.SuccessionSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.SuccessionUpdateSerializer, responses=s.SuccessionSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)

    @extend_schema(request=s.SuccessionRemoveSerializer, responses=s.SuccessionSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take the name off the plan (it stays in the history)."""
        row = self.access(pk, write=True)
        row = svc.succession_remove(actor=request.user, entry=row, **valid(s.SuccessionRemoveSerializer, request))
        return Response(self.serializer_class(row).data)


@extend_schema(tags=["cadres"])
class TrainingViewSet(CadreViewSet):
    """Courses attended by members (political theory, expertise, State management, refresher courses)."""

    serializer_class = s.TrainingSerializer
    queryset = Training.objects.none()  # for the schema only
    date_field = "started_on"
    write_serializer, update_serializer = s.TrainingWriteSerializer, s.TrainingUpdateSerializer

    def visible(self):
        return sel.trainings_for(self.request.user)

    def access(self, pk, *, write=False):
        return perms.access_training(self.request.user, pk, write=write)

    def filter_extra(self, qs, params):
        completed = _bool(params, "completed")
        return qs if completed is None else qs.filter(completed=completed)

    @staticmethod
    def create_service(**kwargs):
        return svc.training_record(**kwargs)

    @staticmethod
    def update_service(*, actor, row, data):
        return svc.training_update(actor=actor, training=row, data=data)

    @extend_schema(parameters=[*LIST_PARAMETERS, OpenApiParameter("completed", bool)])
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.TrainingWriteSerializer, responses={201: s.TrainingSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.TrainingUpdateSerializer, responses=s.TrainingSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)

    @extend_schema(request=s.TrainingCompleteSerializer, responses=s.TrainingSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The course is completed; a course of political theory above the member's level raises it."""
        row = self.access(pk, write=True)
        row = svc.training_complete(actor=request.user, training=row, **valid(s.TrainingCompleteSerializer, request))
        return Response(self.serializer_class(row).data)


@extend_schema(tags=["cadres"])
class MovementViewSet(CadreViewSet):
    """Rotations (luân chuyển), transfers (điều động) and secondments, decided by a unit."""

    serializer_class = s.MovementSerializer
    queryset = Movement.objects.none()  # for the schema only
    date_field = "decided_on"
    related = ("member", "unit", "from_unit", "to_unit")
    write_serializer, update_serializer = s.MovementWriteSerializer, s.MovementUpdateSerializer
    unit_fields = ("unit", "from_unit", "to_unit")

    def visible(self):
        return sel.movements_for(self.request.user)

    def access(self, pk, *, write=False):
        return perms.access_movement(self.request.user, pk, write=write)

    def prepare(self, fields: dict) -> dict:
        if fields.get("end_position") is not None:
            fields["end_position"] = perms.access_position(self.request.user, fields["end_position"])
        return fields

    @staticmethod
    def create_service(**kwargs):
        return svc.movement_record(**kwargs)

    @staticmethod
    def update_service(*, actor, row, data):
        return svc.movement_update(actor=actor, movement=row, data=data)

    @extend_schema(parameters=LIST_PARAMETERS)
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.MovementWriteSerializer, responses={201: s.MovementSerializer})
    def create(self, request):
        """With `end_position` and `start_position` the positions change in the same transaction."""
        return super().create(request)

    @extend_schema(request=s.MovementUpdateSerializer, responses=s.MovementSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)


@extend_schema(tags=["cadres"])
class NominationViewSet(CadreViewSet):
    """Nominations for election and introductions for appointment, by a unit, and their outcome."""

    serializer_class = s.NominationSerializer
    queryset = Nomination.objects.none()  # for the schema only
    date_field = "nominated_on"
    related = ("member", "unit", "body")
    write_serializer, update_serializer = s.NominationWriteSerializer, s.NominationUpdateSerializer
    unit_fields = ("unit", "body")

    def visible(self):
        return sel.nominations_for(self.request.user)

    def access(self, pk, *, write=False):
        return perms.access_nomination(self.request.user, pk, write=write)

    def filter_extra(self, qs, params):
        outcome = params.get("outcome")
        if outcome:
            qs = qs.filter(outcome="" if outcome == "pending" else outcome)
        return qs

    @staticmethod
    def create_service(**kwargs):
        return svc.nomination_record(**kwargs)

    @staticmethod
    def update_service(*, actor, row, data):
        return svc.nomination_update(actor=actor, nomination=row, data=data)

    @extend_schema(
        parameters=[
            *LIST_PARAMETERS,
            OpenApiParameter("outcome", str, description="pending, elected, not_elected, withdrawn"),
        ]
    )
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.NominationWriteSerializer, responses={201: s.NominationSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.NominationUpdateSerializer, responses=s.NominationSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)

    @extend_schema(request=s.NominationOutcomeSerializer, responses=s.NominationSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        """Elected (appointed), not elected or withdrawn, on a day."""
        row = self.access(pk, write=True)
        row = svc.nomination_outcome(
            actor=request.user, nomination=row, **valid(s.NominationOutcomeSerializer, request)
        )
        return Response(self.serializer_class(row).data)


@extend_schema(
    tags=["cadres"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("start", datetime.date, required=True),
        OpenApiParameter("end", datetime.date, required=True),
        OpenApiParameter("subtree", bool, description="Include the units below (default true)"),
    ],
    responses=s.CadreFiguresSerializer,
)
@api_view(["GET"])
def cadre_figures(request):
    """The figures of cadre work for a unit (and its subtree) over a period, as the reviews quote them."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    start, end = date_param(request.query_params, "start"), date_param(request.query_params, "end")
    if start is None or end is None or end < start:
        raise ValidationError({"detail": [_("Give a period: start and end, the end not before the start.")]})
    subtree = request.query_params.get("subtree", "true").lower() not in {"0", "false", "no"}
    figures = sel.cadre_figures(unit=unit, start=start, end=end, subtree=subtree)
    return Response({"unit": unit.pk, "start": start, "end": end, "subtree": subtree} | figures)


@extend_schema(
    tags=["members"],
    parameters=[OpenApiParameter("unit", int, required=True), OpenApiParameter("held_on", datetime.date)],
    responses={(200, XLSX): OpenApiTypes.BINARY},
)
@api_view(["GET"])
def position_export(request):
    """The positions held in the bodies of a unit's subtree as .xlsx (optionally those held on a day)."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    export = excel.export_positions(request.user, unit, held_on=date_param(request.query_params, "held_on"))
    return xlsx_response(export.content, export.filename)
