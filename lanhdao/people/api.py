"""Field visits, dialogues (with their findings → tasks), citizen reception and the figures over REST.

Authenticated and scoped like the pages: a record outside the caller's scope answers 404, a write without RECORD on
its unit 403. Petitions are in api_petitions, personal plans in api_plans.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.audit.api import ScopedViewSet
from lanhdao.core.access import parse_id
from lanhdao.core.api import valid
from lanhdao.core.params import date_param, parse_year
from lanhdao.org.permissions import access_unit

from . import figures, selectors, services
from . import serializers as s
from .models import Dialogue, FieldVisit, ReceptionDay, ReceptionSchedule
from .permissions import (
    access_dialogue,
    access_field_visit,
    access_finding,
    access_reception_day,
    access_reception_schedule,
)

PERIOD_PARAMETERS = [
    OpenApiParameter("unit", int, description="This unit's subtree"),
    OpenApiParameter("start", datetime.date),
    OpenApiParameter("end", datetime.date),
    OpenApiParameter("include_archived", bool),
]


def person(user, pk):
    """A user named on a record: one of the people of the caller's units (400 otherwise)."""
    if pk is None:
        return None
    number = parse_id(pk)
    found = selectors.people_in_scope(user).filter(pk=number).first() if number else None
    if found is None:
        raise ValidationError({"detail": [_("No user %(id)s among the people of your units.") % {"id": pk}]})
    return found


def findings(user, items) -> list[dict]:
    return [
        {
            "text": i["text"],
            "deadline": i["deadline"],
            "lead_unit": access_unit(user, i["lead_unit"]) if i.get("lead_unit") else None,
        }
        for i in items
    ]


class EventViewSet(ScopedViewSet):
    """What visits and dialogues share: list, create with findings, retrieve, patch, findings, archive, history."""

    person_field = ""
    write_serializer = update_serializer = None

    def visible(self, unit=None):
        raise NotImplementedError

    def in_scope(self, request):
        params = request.query_params
        unit = access_unit(request.user, params["unit"]) if params.get("unit") else None
        qs = self.visible(unit, include_archived=params.get("include_archived") in {"1", "true"})
        qs = selectors.in_period(qs, self.date_field, date_param(params, "start"), date_param(params, "end"))
        return qs.prefetch_related("findings")

    def _resolve(self, request, fields: dict) -> dict:
        if self.person_field in fields:
            fields[self.person_field] = person(request.user, fields[self.person_field])
        if "place_unit" in fields:
            fields["place_unit"] = access_unit(request.user, fields["place_unit"]) if fields["place_unit"] else None
        return fields

    def create(self, request):
        fields = self._resolve(request, valid(self.write_serializer, request))
        fields["unit"] = access_unit(request.user, fields["unit"])
        fields["findings"] = findings(request.user, fields.get("findings", []))
        event = self.create_service(actor=request.user, **fields)
        return Response(self.serializer_class(event).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        event = self.access(pk)
        fields = self._resolve(request, valid(self.update_serializer, request))
        event = self.update_service(request.user, event, fields)
        return Response(self.serializer_class(event).data)

    @extend_schema(request=s.FindingsWriteSerializer, responses={201: s.FindingSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        """Add findings (issues raised); each with `lead_unit` and `deadline` becomes a task, all or none."""
        event = self.access(pk)
        items = findings(request.user, valid(s.FindingsWriteSerializer, request)["findings"])
        added = services.findings_add(actor=request.user, event=event, findings=items)
        return Response(s.FindingSerializer(added, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ArchiveSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive a record made by mistake (it leaves lists and figures; its tasks stay)."""
        event = self.access(pk)
        note = valid(s.ArchiveSerializer, request)["note"]
        event = services.archive(actor=request.user, obj=event, note=note)
        return Response(self.serializer_class(event).data)


@extend_schema(tags=["people"])
class FieldVisitViewSet(EventViewSet):
    """Field visits by leaders (đi cơ sở): who, where, when, findings → tasks of the visiting unit."""

    serializer_class = s.FieldVisitSerializer
    queryset = FieldVisit.objects.none()  # for the schema only
    date_field, person_field = "visited_on", "visitor"
    write_serializer, update_serializer = s.FieldVisitWriteSerializer, s.FieldVisitUpdateSerializer

    def access(self, pk, *, write=False):
        return access_field_visit(self.request.user, pk, write=write)

    def visible(self, unit=None, include_archived=False):
        qs = selectors.visits_for(self.request.user, include_archived=include_archived)
        return selectors.visits_in_subtree(qs, unit) if unit else qs

    @staticmethod
    def create_service(**kwargs):
        return services.field_visit_create(**kwargs)

    @staticmethod
    def update_service(actor, event, data):
        return services.field_visit_update(actor=actor, visit=event, data=data)

    @extend_schema(parameters=PERIOD_PARAMETERS)
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.FieldVisitWriteSerializer, responses={201: s.FieldVisitSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.FieldVisitUpdateSerializer, responses=s.FieldVisitSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)


@extend_schema(tags=["people"])
class DialogueViewSet(EventViewSet):
    """Dialogues with citizens: unit, who led, date, topic, participants, issues raised → tasks."""

    serializer_class = s.DialogueSerializer
    queryset = Dialogue.objects.none()  # for the schema only
    date_field, person_field = "held_on", "led_by"
    write_serializer, update_serializer = s.DialogueWriteSerializer, s.DialogueUpdateSerializer

    def access(self, pk, *, write=False):
        return access_dialogue(self.request.user, pk, write=write)

    def visible(self, unit=None, include_archived=False):
        qs = selectors.dialogues_for(self.request.user, include_archived=include_archived)
        return selectors.in_subtree(qs, unit) if unit else qs

    @staticmethod
    def create_service(**kwargs):
        return services.dialogue_create(**kwargs)

    @staticmethod
    def update_service(actor, event, data):
        return services.dialogue_update(actor=actor, dialogue=event, data=data)

    @extend_schema(parameters=PERIOD_PARAMETERS)
    def list(self, request):
        return super().list(request)

    @extend_schema(request=s.DialogueWriteSerializer, responses={201: s.DialogueSerializer})
    def create(self, request):
        return super().create(request)

    @extend_schema(request=s.DialogueUpdateSerializer, responses=s.DialogueSerializer)
    def partial_update(self, request, pk=None):
        return super().partial_update(request, pk)


@extend_schema(tags=["people"], request=s.FindingTaskSerializer, responses=s.FindingSerializer)
@api_view(["POST"])
def finding_task(request, pk):
    """Turn a finding recorded without a task into a task of its visit's (or dialogue's) unit."""
    finding = access_finding(request.user, pk)
    data = valid(s.FindingTaskSerializer, request)
    finding = services.finding_to_task(
        actor=request.user,
        finding=finding,
        lead_unit=access_unit(request.user, data["lead_unit"]),
        deadline=data["deadline"],
    )
    return Response(s.FindingSerializer(finding).data)


@extend_schema(tags=["people"])
class ReceptionScheduleViewSet(viewsets.GenericViewSet):
    """Regular citizen reception schedules (the 15th of each month, every Thursday …)."""

    serializer_class = s.ReceptionScheduleSerializer
    queryset = ReceptionSchedule.objects.none()  # for the schema only

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="This unit's subtree")])
    def list(self, request):
        qs = selectors.schedules_for(request.user)
        if request.query_params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, request.query_params["unit"]))
        page = self.paginate_queryset(qs.order_by("unit_path", "starts_on", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_reception_schedule(request.user, pk)).data)

    @extend_schema(request=s.ScheduleWriteSerializer, responses={201: s.ReceptionScheduleSerializer})
    def create(self, request):
        fields = valid(s.ScheduleWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        schedule = services.schedule_create(actor=request.user, **fields)
        return Response(self.serializer_class(schedule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ScheduleUpdateSerializer, responses=s.ReceptionScheduleSerializer)
    def partial_update(self, request, pk=None):
        schedule = access_reception_schedule(request.user, pk)
        schedule = services.schedule_update(
            actor=request.user, schedule=schedule, data=valid(s.ScheduleUpdateSerializer, request)
        )
        return Response(self.serializer_class(schedule).data)

    @extend_schema(request=s.EndScheduleSerializer, responses=s.ReceptionScheduleSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        schedule = access_reception_schedule(request.user, pk)
        ends_on = valid(s.EndScheduleSerializer, request)["ends_on"]
        schedule = services.schedule_end(actor=request.user, schedule=schedule, ends_on=ends_on)
        return Response(self.serializer_class(schedule).data)

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=s.ExpectedDaySerializer(many=True))
    @action(detail=True)
    def days(self, request, pk=None):
        """The days expected in a year (default: this year), each held, missed or upcoming."""
        schedule = access_reception_schedule(request.user, pk)
        today = timezone.localdate()
        year = parse_year(request.query_params.get("year"), "year") or today.year
        comparison = selectors.reception_comparison(
            schedule, datetime.date(year, 1, 1), datetime.date(year, 12, 31), today
        )
        return Response(s.ExpectedDaySerializer(comparison.rows, many=True).data)


@extend_schema(tags=["people"])
class ReceptionDayViewSet(viewsets.GenericViewSet):
    """Citizen reception days held: date, who received, number of cases, notes."""

    serializer_class = s.ReceptionDaySerializer
    queryset = ReceptionDay.objects.none()  # for the schema only

    @extend_schema(parameters=PERIOD_PARAMETERS)
    def list(self, request):
        params = request.query_params
        archived = params.get("include_archived") in {"1", "true"}
        qs = selectors.reception_days_for(request.user, include_archived=archived)
        if params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
        qs = selectors.in_period(qs, "held_on", date_param(params, "start"), date_param(params, "end"))
        page = self.paginate_queryset(qs.order_by("-held_on", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_reception_day(request.user, pk)).data)

    @extend_schema(request=s.ReceptionDayWriteSerializer, responses={201: s.ReceptionDaySerializer})
    def create(self, request):
        fields = valid(s.ReceptionDayWriteSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        fields["received_by"] = person(request.user, fields["received_by"])
        if fields["schedule"]:
            fields["schedule"] = access_reception_schedule(request.user, fields["schedule"])
        day = services.reception_day_create(actor=request.user, **fields)
        return Response(self.serializer_class(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReceptionDayUpdateSerializer, responses=s.ReceptionDaySerializer)
    def partial_update(self, request, pk=None):
        day = access_reception_day(request.user, pk)
        fields = valid(s.ReceptionDayUpdateSerializer, request)
        if "received_by" in fields:
            fields["received_by"] = person(request.user, fields["received_by"])
        day = services.reception_day_update(actor=request.user, day=day, data=fields)
        return Response(self.serializer_class(day).data)

    @extend_schema(request=s.ArchiveSerializer, responses=s.ReceptionDaySerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        day = access_reception_day(request.user, pk)
        day = services.archive(actor=request.user, obj=day, note=valid(s.ArchiveSerializer, request)["note"])
        return Response(self.serializer_class(day).data)


@extend_schema(
    tags=["people"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("start", datetime.date, required=True),
        OpenApiParameter("end", datetime.date, required=True),
        OpenApiParameter("subtree", bool, description="Include the units below (default true)"),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def people_figures(request):
    """The figures of the work with the people for a unit (and its subtree) over a period, as the reports use them."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    start, end = date_param(request.query_params, "start"), date_param(request.query_params, "end")
    if start is None or end is None or end < start:
        raise ValidationError({"detail": [_("Give a period: start and end, the end not before the start.")]})
    subtree = request.query_params.get("subtree", "true").lower() not in {"0", "false", "no"}
    return Response(
        {"unit": unit.pk, "start": start, "end": end, "subtree": subtree}
        | figures.summary(unit, start, end, subtree=subtree)
    )
