"""The indicators over REST: the catalogue, their values for a unit and period (with the unit's plan for the year and
the percentage of it reached), and per child unit (a unit's plan for a year: reports/plans/api.py).
Scoped like the pages: a unit outside the caller's scope answers 404 (the same as a unit that does not exist), a
change without the right 403. A value counts every record of the unit and period whoever asks, and `confidential`
says how many of them are confidential, never which (README, "Confidentiality")."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.core.params import parse_date
from lanhdao.org.permissions import access_unit

from . import indicators
from .plans import selectors as plans


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    group_label = serializers.CharField()
    measure = serializers.CharField(help_text="The unit of measure")
    summed = serializers.BooleanField(help_text="A sum over the records (else their count)")
    by_child = serializers.BooleanField(help_text="Compared across child units in one grouped query")


class ComputeSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    subtree = serializers.BooleanField()
    values = serializers.DictField(child=serializers.IntegerField())
    confidential = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="For each value, how many of the records it counts are confidential (Mật or above; 0 for records "
        "that carry no level). A value counts every record of the unit and period whoever asks, so that a review's "
        "figures are the same for every reader; which records are confidential is never said.",
    )
    plan_year = serializers.IntegerField(
        allow_null=True, help_text="The year whose plan the period is set against (null: the period spans two years)"
    )
    targets = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The unit's plan for `plan_year`: the target of each indicator asked for that has one (the whole "
        "year's, also for a shorter period; none for the unit alone, `subtree=false`)",
    )
    of_plan = serializers.DictField(
        child=serializers.IntegerField(), help_text="Each figure that has a target, as a percentage of it (rounded)"
    )


class ChildSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    own = serializers.BooleanField(help_text="The unit's own records, not a child's")
    values = serializers.DictField(child=serializers.IntegerField())
    confidential = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="For each value, how many of the records it counts are confidential (Mật or above; 0 for records "
        "that carry no level). A value counts every record of the unit and period whoever asks, so that a review's "
        "figures are the same for every reader; which records are confidential is never said.",
    )


class ChildrenSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    rows = ChildSerializer(many=True)


def _date(params, name: str, default: datetime.date) -> datetime.date:
    return parse_date(params.get(name), name) or default


def _period(params) -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year
    end = _date(params, "end", datetime.date(year, 12, 31))
    start = _date(params, "start", datetime.date(end.year, 1, 1))
    if end < start:
        raise ValidationError({"end": [_("The end may not be before the start.")]})
    return start, end


def _keys(params) -> list[str] | None:
    keys = [k for k in params.get("keys", "").split(",") if k]
    if not keys:
        return None
    unknown = sorted(set(keys) - indicators.BY_KEY.keys())
    if unknown:
        raise ValidationError({"keys": [_("Unknown indicators: %(keys)s") % {"keys": ", ".join(unknown)}]})
    return keys


PERIOD = [
    OpenApiParameter("unit", int, required=True),
    OpenApiParameter("start", datetime.date, description="First day (default: 1 January of the end's year)"),
    OpenApiParameter("end", datetime.date, description="Last day (default: 31 December of this year)"),
    OpenApiParameter("keys", str, description="Indicator keys, comma-separated (default: all)"),
]


@extend_schema(tags=["reports"], responses={200: IndicatorSerializer(many=True)})
@api_view(["GET"])
def indicator_catalogue(request):
    """The catalogue of indicators, in order and by group."""
    return Response(
        [
            {
                "key": i.key,
                "label": str(i.label),
                "group": i.group,
                "group_label": str(indicators.GROUPS[i.group]),
                "measure": str(i.measure),
                "summed": bool(i.sum_field),
                "by_child": i.path_field is not None,
            }
            for i in indicators.CATALOGUE
        ]
    )


@extend_schema(
    tags=["reports"],
    parameters=[
        *PERIOD,
        OpenApiParameter("subtree", bool, description="Include the units under it (default true)"),
        OpenApiParameter("predecessors", bool, description="Include the units it took over from in a restructuring"),
    ],
    responses={200: ComputeSerializer},
)
@api_view(["GET"])
def indicator_compute(request):
    """The indicators' values for a unit (with its subtree unless told) over a period."""
    params = request.query_params
    unit = access_unit(request.user, params.get("unit"))
    start, end = _period(params)
    subtree = params.get("subtree", "true").lower() not in {"0", "false", "no", ""}
    history = params.get("predecessors", "false").lower() in {"1", "true", "yes"}
    values = indicators.compute(unit, start, end, keys=_keys(params), subtree=subtree, include_predecessors=history)
    year = plans.plan_year(start, end)
    targets = plans.targets_of(unit, year) if year is not None and subtree else {}
    targets = {key: target for key, target in targets.items() if key in values}
    of_plan = {key: reached.percent for key, reached in plans.attainment(values, targets).items()}
    return Response(
        {
            "unit": unit.pk,
            "start": start,
            "end": end,
            "subtree": subtree,
            "values": dict(values),
            "confidential": values.confidential,
            "plan_year": year,
            "targets": targets,
            "of_plan": of_plan,
        }
    )


@extend_schema(tags=["reports"], parameters=PERIOD, responses={200: ChildrenSerializer})
@api_view(["GET"])
def indicator_children(request):
    """The indicators for each child unit (with its subtree), and for the unit's own records (`own`)."""
    params = request.query_params
    unit = access_unit(request.user, params.get("unit"))
    start, end = _period(params)
    keys = _keys(params) or [i.key for i in indicators.CATALOGUE]
    rows = [
        {
            "unit": row.unit.pk,
            "code": row.unit.code,
            "name": row.unit.name,
            "own": row.own,
            "values": row.values,
            "confidential": row.confidential,
        }
        for row in indicators.compare_children(unit, start, end, keys)
    ]
    return Response({"unit": unit.pk, "start": start, "end": end, "rows": rows})
