"""The members' data over REST: figures by unit, subtree, child unit and period (for the reports), the Excel
imports (all or nothing, every bad row reported) and the exports. Scoped like the pages: a unit outside the caller's
scope answers 404; an import by someone who may record nowhere 403."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from lanhdao.core.params import date_param
from lanhdao.core.xlsx import xlsx_response
from lanhdao.org.permissions import access_unit

from . import excel, excel_export, figures
from .imports import KINDS
from .stages import Stage


def _flag(params, name: str, default: bool) -> bool:
    value = params.get(name)
    return default if value is None else value.lower() not in {"0", "false", "no", ""}


@extend_schema(
    tags=["members"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("start", datetime.date, description="First day (default: 1 January of the end's year)"),
        OpenApiParameter("end", datetime.date, description="Last day, the day members are counted on (default: today)"),
        OpenApiParameter("year", int, description="Year of the classifications and badges (default: the end's)"),
        OpenApiParameter("subtree", bool, description="Include the units under it (default true)"),
        OpenApiParameter("by_child", bool, description="Add the same figures for each child unit (default false)"),
    ],
    responses={200: dict},
)
@api_view(["GET"])
def member_figures(request):
    """Member figures of a unit (and its subtree) for a period, from the recorded facts (members.figures): members on
    the last day (probationary, full, by gender, age band, political theory, qualification), admissions,
    recognitions as full members, departures by reason, transfers in and out, badges due, classifications, awards."""
    params = request.query_params
    unit = access_unit(request.user, params.get("unit"))
    end = date_param(params, "end", timezone.localdate())
    start = date_param(params, "start", datetime.date(end.year, 1, 1))
    if end < start:
        raise ValidationError({"detail": [_("Give a period: start and end, the end not before the start.")]})
    year = params.get("year")
    if year is not None and not (year.isdigit() and 1930 <= int(year) <= 2100):
        raise ValidationError({"year": [_("Give a year.")]})
    year = int(year) if year else end.year
    subtree = _flag(params, "subtree", True)
    body = {"unit": unit.pk, "start": start, "end": end, "year": year, "subtree": subtree}
    body |= figures.summary(unit, start, end, subtree=subtree, year=year)
    if _flag(params, "by_child", False):
        body["children"] = [
            {"unit": row.unit.pk, "code": row.unit.code, "name": row.unit.name, "own": row.own} | row.figures
            for row in figures.by_child(unit, start, end, year=year)
        ]
    return Response(body)


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The filled template (.xlsx)")
    kind = serializers.ChoiceField(choices=[], default="members", help_text="members, or positions (held by cadres)")
    dry_run = serializers.BooleanField(default=False, help_text="Only check the file: report what would be created")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(KINDS)  # the members' own, and those the apps above add (imports.py)


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Row in the sheet; 0 for the file as a whole")
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)


@extend_schema(
    tags=["members"],
    request={"multipart/form-data": ImportRequestSerializer},
    responses={200: ImportResultSerializer, 400: ImportResultSerializer, 403: OpenApiResponse(description="forbidden")},
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def member_import(request):
    """Import members (or cadres' positions) from the Excel template: every row or none. A file with any bad row
    writes nothing and answers 400 with every error (row, column, message); `dry_run` only checks."""
    if not excel.may_import(request.user):
        raise PermissionDenied
    data = ImportRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    run = KINDS[data.validated_data["kind"]].run
    result = run(data.validated_data["file"], actor=request.user, dry_run=data.validated_data["dry_run"])
    errors = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
    body = {"rows": len(result.rows), "created": result.created, "errors": errors}
    return Response(body, status=status.HTTP_400_BAD_REQUEST if errors else status.HTTP_200_OK)


@extend_schema(
    tags=["members"],
    parameters=[
        OpenApiParameter("unit", int, required=True),
        OpenApiParameter("stage", str, enum=Stage.values),
        OpenApiParameter("as_of", datetime.date, description="The members in the Party on that day, where they were"),
    ],
    responses={(200, excel.CONTENT_TYPE): OpenApiTypes.BINARY},
)
@api_view(["GET"])
def member_export(request):
    """The members of a unit's subtree as .xlsx; personal columns only for the members whose personal data the caller
    may see, and such an export is recorded in the audit trail."""
    unit = access_unit(request.user, request.query_params.get("unit"))
    stage = request.query_params.get("stage", "")
    if stage and stage not in Stage.values:
        raise ValidationError({"stage": [_("Not one of the stages.")]})
    as_of = date_param(request.query_params, "as_of")
    if as_of and stage and stage not in excel_export.AS_OF_STAGES:
        raise ValidationError({"stage": [_("On a past day, choose probationary or full members (or all).")]})
    export = excel_export.export_members(request.user, unit, stage_value=stage, as_of=as_of)
    return xlsx_response(export.content, export.filename)
