"""A unit's plan for a year over REST: read it, and change it (those who may). Scoped like the page: a unit outside
the caller's scope answers 404 (the same as a unit that does not exist), a change without the right 403."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from lanhdao.reports import indicators

from . import selectors as plans
from . import services
from .permissions import access_targets, may_set_targets, plan_year_or_404


class IndicatorTargetRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(help_text="The target for the whole year")
    note = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField()


class IndicatorPlanSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    year = serializers.IntegerField()
    may_change = serializers.BooleanField(help_text="Whether the caller may change this plan")
    targets = IndicatorTargetRowSerializer(many=True)


class IndicatorPlanChangeSerializer(serializers.Serializer):
    targets = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        required=False,
        help_text="{indicator key: target} to set (a whole number above zero), or null to remove that target; the "
        "keys not given are left as they are",
    )
    notes = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text="{indicator key: note} of targets set or being set",
    )


def _plan(user, unit, year: int) -> dict:
    rows = [
        {
            "key": row.key,
            "label": str(indicators.BY_KEY[row.key].label) if row.key in indicators.BY_KEY else row.key,
            "value": row.value,
            "note": row.note,
            "updated_at": row.updated_at,
        }
        for row in plans.target_rows(unit, year)
    ]
    return {"unit": unit.pk, "year": year, "may_change": may_set_targets(user, unit), "targets": rows}


@extend_schema(tags=["reports"], responses={200: IndicatorPlanSerializer}, methods=["GET"])
@extend_schema(
    tags=["reports"], request=IndicatorPlanChangeSerializer, responses={200: IndicatorPlanSerializer}, methods=["PATCH"]
)
@api_view(["GET", "PATCH"])
def indicator_targets(request, unit_pk: int, year: int):
    """The plan of a unit for a year: a target per indicator. `PATCH` sets, changes or (with null) removes targets,
    all of them or none; it needs the Record right on the unit or on a unit above it."""
    unit = access_targets(request.user, unit_pk, write=request.method == "PATCH")
    year = plan_year_or_404(year)
    if request.method == "PATCH":
        data = IndicatorPlanChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.targets_set(
            actor=request.user,
            unit=unit,
            year=year,
            values=data.validated_data.get("targets", {}),
            notes=data.validated_data.get("notes", {}),
        )
    return Response(_plan(request.user, unit, year))
