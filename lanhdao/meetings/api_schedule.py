"""Meeting frequencies, the schedule (meetings expected vs held) and the figures for reports, over REST."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.core.params import parse_date
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import figures, selectors, services
from .api import choice_field
from .models import Frequency, MeetingFrequency, MeetingKind


class FrequencySerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id")
    kind = choice_field(MeetingKind.choices, read_only=True)
    frequency = choice_field(Frequency.choices, read_only=True)

    class Meta:
        model = MeetingFrequency
        fields = ["id", "unit", "kind", "frequency", "effective_from", "note"]


class FrequencyWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    kind = choice_field(MeetingKind.choices)
    frequency = choice_field(Frequency.choices)
    effective_from = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _window(params):
    today = timezone.localdate()
    start = parse_date(params.get("start"), "start") or today.replace(month=1, day=1)
    end = parse_date(params.get("end"), "end") or today.replace(month=12, day=31)
    if end < start:
        raise ValidationError({"end": [_("The end is before the start.")]})
    return today, start, end


@extend_schema(tags=["meetings"])
class MeetingFrequencyViewSet(viewsets.GenericViewSet):
    """How often the bodies of a unit's subtree meet, and meetings expected vs held."""

    serializer_class = FrequencySerializer
    queryset = MeetingFrequency.objects.none()

    @extend_schema(parameters=[OpenApiParameter("unit", int, required=True)])
    def list(self, request):
        unit = access_unit(request.user, request.query_params.get("unit"))
        qs = selectors.frequencies_in_subtree(unit).order_by("unit__path", "kind", "effective_from")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(FrequencySerializer(page, many=True).data)

    @extend_schema(request=FrequencyWriteSerializer, responses={201: FrequencySerializer})
    def create(self, request):
        data = FrequencyWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["unit"] = access_unit(request.user, fields["unit"])
        setting = services.frequency_set(actor=request.user, **fields)
        return Response(FrequencySerializer(setting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("start", datetime.date),
            OpenApiParameter("end", datetime.date),
        ],
        responses={200: dict},
    )
    @action(detail=False)
    def schedule(self, request):
        """For each body with a frequency: meetings expected (periods begun) and held in [start, end]."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        today, start, end = _window(request.query_params)
        rows = selectors.schedule(unit, start, end, today)
        return Response(
            [
                {
                    "unit": r["unit"].pk,
                    "kind": r["kind"],
                    "frequency": r["setting"].frequency,
                    "expected": r["expected"],
                    "held": r["held"],
                    "confidential": r["confidential"],
                    "missed": [{"start": p["start"], "end": p["end"]} for p in r["missed"]],
                }
                for r in rows
            ]
        )


@extend_schema(
    tags=["meetings"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("start", datetime.date, description="First day (default: 1 January this year)"),
        OpenApiParameter("end", datetime.date, description="Last day (default: 31 December this year)"),
        OpenApiParameter("subtree", bool, description="Include the units under it (default true)"),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def meeting_figures(request):
    """Figures of a unit (and its subtree) for a period, from recorded events: meetings held by kind, submissions
    received, answered and decided without the required opinion, tasks given by conclusions. They count confidential
    meetings too, whoever asks; `confidential` says how many of the meetings (and of the conclusions' tasks) are
    confidential, never which."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    today, start, end = _window(request.query_params)
    subtree = request.query_params.get("subtree", "true").lower() not in {"0", "false", "no"}
    held = figures.held_by_kind(unit, start, end, subtree=subtree, as_of=today)
    tasks, secret_tasks = figures.conclusion_tasks_counts(unit, start, end, subtree=subtree)
    return Response(
        {
            "unit": unit.pk,
            "start": start,
            "end": end,
            "subtree": subtree,
            "meetings_held": {kind: n for kind, (n, _secret) in held.items()},
            "confidential": {
                "meetings_held": {kind: secret for kind, (_n, secret) in held.items()},
                "conclusion_tasks": secret_tasks,
            },
            "submissions": figures.submissions_count(unit, start, end, subtree=subtree),
            "submissions_answered": figures.submissions_answered(unit, start, end, subtree=subtree),
            "submissions_without_opinion": figures.submissions_without_opinion(unit, start, end, subtree=subtree),
            "conclusion_tasks": tasks,
        }
    )
