"""The review campaigns over REST: campaigns (list, open, retrieve with the status of each addressed unit, the
aggregate) and their reports (retrieve, patch the sections, submit). Scoped like the pages: 404 outside the caller's
view, 403 on a write without RECORD (on the issuing unit to open, on the report's unit to write a report)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.core.api import Pagination
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import selectors as sel
from . import services
from .models import CampaignKind
from .permissions import access_campaign, access_report


@extend_schema_field({"type": "string", "description": "`interim` or `final` review"})
class KindField(serializers.ChoiceField):
    """The kind of review, a plain string in the schema: as an enum, its component would collide with the other `kind`
    enums of the API (an ENUM_NAME_OVERRIDES entry in the settings would allow the enum)."""

    def __init__(self, **kwargs):
        super().__init__(choices=CampaignKind.choices, **kwargs)


class CampaignSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    hint = serializers.CharField(required=False, allow_blank=True)


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    kind = KindField()
    title = serializers.CharField(max_length=300)
    document = serializers.IntegerField(source="document_id", allow_null=True, required=False)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()
    outline = CampaignSectionSerializer(many=True, required=False)
    indicator_keys = serializers.ListField(child=serializers.CharField(), required=False)
    opened_at = serializers.DateTimeField(read_only=True)
    relay_of = serializers.IntegerField(
        source="relay_of_id",
        read_only=True,
        allow_null=True,
        help_text="The report (in the campaign above) this campaign relays to the units under its unit",
    )


class CampaignCreateSerializer(CampaignSerializer):
    unit = UnitRef(help_text="The issuing unit")


class CampaignStatusRowSerializer(serializers.Serializer):
    report = serializers.IntegerField(source="report.pk")
    unit = serializers.IntegerField(source="report.unit_id")
    unit_name = serializers.CharField(source="report.unit.name")
    status = serializers.ChoiceField(choices=[(k, str(v)) for k, v in sel.STATUS_LABELS.items()])
    submitted_at = serializers.DateTimeField(source="report.submitted_at", allow_null=True)
    late_submission = serializers.BooleanField()
    relay = serializers.IntegerField(
        source="relay.campaign_id", allow_null=True, default=None, help_text="The campaign the unit relayed this to"
    )
    relay_submitted = serializers.IntegerField(source="relay.submitted", allow_null=True, default=None)
    relay_total = serializers.IntegerField(source="relay.total", allow_null=True, default=None)


class CampaignDetailSerializer(CampaignSerializer):
    status = CampaignStatusRowSerializer(many=True, read_only=True)


class CampaignReportSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    campaign = serializers.IntegerField(source="campaign_id", read_only=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True)
    figures = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    figures_confidential = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="For each figure, how many of the records it counts are confidential (never which): a figure counts "
        "every record of the unit and period, whoever reads it",
    )
    figures_at = serializers.DateTimeField(read_only=True)
    sections = serializers.DictField(child=serializers.CharField(allow_blank=True))
    submitted_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(help_text="The version you read; a stale one answers 409")


class CampaignSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class CampaignRelaySerializer(serializers.Serializer):
    deadline = serializers.DateField(help_text="No later than the deadline of the campaign above")


class CampaignSumSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()
    confidential = serializers.IntegerField(help_text="How many of the records summed are confidential (never which)")


class CampaignSectionTextsSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    texts = serializers.DictField(child=serializers.CharField(), help_text="{unit id: text}")


class CampaignAggregateSerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    total = serializers.IntegerField()
    sums = CampaignSumSerializer(many=True)
    sections = CampaignSectionTextsSerializer(many=True)


def _campaign_data(campaign, *, with_status: bool = False) -> dict:
    data = CampaignSerializer(campaign).data
    if with_status:
        data["status"] = CampaignStatusRowSerializer(sel.campaign_status(campaign), many=True).data
    return data


@extend_schema(tags=["reports"])
class CampaignViewSet(viewsets.GenericViewSet):
    pagination_class = Pagination
    serializer_class = CampaignSerializer

    def get_queryset(self):
        return sel.campaigns_for(self.request.user).select_related("unit").order_by("-opened_at", "-id")

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="Issued by or addressed to this unit")])
    def list(self, request):
        qs = self.get_queryset()
        if request.query_params.get("unit"):
            issued, addressed = sel.campaigns_of_unit(
                request.user, access_unit(request.user, request.query_params["unit"])
            )
            qs = (issued | addressed).distinct().order_by("-opened_at", "-id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response([_campaign_data(c) for c in page])

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignDetailSerializer})
    def create(self, request):
        given = CampaignCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        unit = access_unit(request.user, data.pop("unit"))
        document_id = data.pop("document_id", None)
        document = documents_for(request.user).filter(pk=document_id).first() if document_id else None
        if document_id and document is None:
            raise serializers.ValidationError({"document": ["No such document, or you may not see it."]})
        campaign = services.campaign_open(actor=request.user, unit=unit, document=document, **data)
        return Response(_campaign_data(campaign, with_status=True), status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CampaignDetailSerializer})
    def retrieve(self, request, pk=None):
        return Response(_campaign_data(access_campaign(request.user, pk), with_status=True))

    @extend_schema(responses={200: CampaignAggregateSerializer})
    @action(detail=True, methods=["get"])
    def aggregate(self, request, pk=None):
        found = sel.aggregate(access_campaign(request.user, pk))
        return Response(
            {
                "submitted": found.submitted,
                "total": found.total,
                "sums": [
                    {"key": i.key, "label": str(i.label), "value": v, "confidential": c} for i, v, c in found.rows
                ],
                "sections": [
                    {"key": s["key"], "title": s["title"], "texts": {str(u.pk): t for u, t in texts}}
                    for s, texts in found.sections
                ],
            }
        )


@extend_schema(tags=["reports"])
class CampaignReportViewSet(viewsets.GenericViewSet):
    serializer_class = CampaignReportSerializer

    def get_queryset(self):
        return sel.reports_for(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(CampaignReportSerializer(access_report(request.user, pk)).data)

    def partial_update(self, request, pk=None):
        report = access_report(request.user, pk, write=True)
        given = CampaignReportSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        report = services.report_save_sections(
            actor=request.user,
            report=report,
            sections=given.validated_data.get("sections", {}),
            version=given.validated_data.get("version"),
        )
        return Response(CampaignReportSerializer(report).data)

    @extend_schema(request=CampaignSubmitSerializer, responses={200: CampaignReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = access_report(request.user, pk, write=True)
        given = CampaignSubmitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        report = services.report_submit(actor=request.user, report=report, version=given.validated_data.get("version"))
        return Response(CampaignReportSerializer(report).data)

    @extend_schema(request=CampaignRelaySerializer, responses={201: CampaignDetailSerializer})
    @action(detail=True, methods=["post"])
    def relay(self, request, pk=None):
        """Relay the review to the Party organisations under the report's unit (level by level)."""
        report = access_report(request.user, pk, write=True)
        given = CampaignRelaySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        relay = services.report_relay(actor=request.user, report=report, deadline=given.validated_data["deadline"])
        return Response(_campaign_data(relay, with_status=True), status=status.HTTP_201_CREATED)
