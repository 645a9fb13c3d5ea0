"""The organisation tree over REST. Every object comes through org.permissions / accounts.selectors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.audit.api import HistoryMixin
from lanhdao.org.picker import UnitRef

from . import selectors, services
from .kinds import UnitKind
from .models import Unit
from .permissions import access_unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_archived = serializers.BooleanField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "is_archived",
            "archived_at",
        ]
        read_only_fields = ["depth", "archived_at"]

    def get_parent(self, unit: Unit) -> int | None:
        parent_path = unit.path[: -Unit.steplen]
        return self.context.get("parent_ids", {}).get(parent_path)


class UnitDetailSerializer(UnitSerializer):
    subtree_counts = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "subtree_counts"]

    def get_subtree_counts(self, unit: Unit) -> dict[str, int]:
        return selectors.subtree_counts(unit)


class UnitWriteSerializer(serializers.Serializer):
    parent = UnitRef(required=False, allow_null=True)
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)


class UnitUpdateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, required=False)
    name = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)


@extend_schema(tags=["org"])
class UnitViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Units the caller may see. A unit outside the caller's scope answers 404, like one that does not exist."""

    serializer_class = UnitSerializer
    queryset = Unit.objects.none()  # for the schema only: every read goes through access_unit / units_for

    def _page(self, request, qs):
        page = self.paginate_queryset(qs)
        ctx = {"parent_ids": selectors.parent_ids(page), "request": request}
        return self.get_paginated_response(UnitSerializer(page, many=True, context=ctx).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Name or code, with or without diacritics"),
            OpenApiParameter("kind", str, enum=UnitKind.values),
            OpenApiParameter("include_archived", bool),
        ],
        responses=UnitSerializer(many=True),
    )
    def list(self, request):
        qs = units_for(request.user, include_archived=request.query_params.get("include_archived") in {"1", "true"})
        if q := request.query_params.get("q"):
            qs = selectors.search(qs, q)
        if kind := request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        return self._page(request, qs.order_by("path"))

    @extend_schema(responses=UnitDetailSerializer)
    def retrieve(self, request, pk=None):
        unit = access_unit(request.user, pk)
        return Response(UnitDetailSerializer(unit, context={"parent_ids": selectors.parent_ids([unit])}).data)

    @extend_schema(request=UnitWriteSerializer, responses={201: UnitSerializer})
    def create(self, request):
        data = UnitWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        parent_id = fields.pop("parent", None)
        parent = access_unit(request.user, parent_id, write=True) if parent_id is not None else None
        unit = services.unit_create(actor=request.user, parent=parent, **fields)
        return Response(
            UnitSerializer(unit, context={"parent_ids": selectors.parent_ids([unit])}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=UnitUpdateSerializer, responses=UnitSerializer)
    def partial_update(self, request, pk=None):
        unit = access_unit(request.user, pk, write=True)
        data = UnitUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.unit_update(actor=request.user, unit=unit, data=dict(data.validated_data))
        return Response(UnitSerializer(unit, context={"parent_ids": selectors.parent_ids([unit])}).data)

    @extend_schema(request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        unit = access_unit(request.user, pk, write=True)
        services.unit_archive(actor=request.user, unit=unit, note=str(request.data.get("note", "")))
        return Response(UnitSerializer(unit, context={"parent_ids": selectors.parent_ids([unit])}).data)

    @extend_schema(request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        unit = access_unit(request.user, pk, write=True)
        services.unit_restore(actor=request.user, unit=unit)
        return Response(UnitSerializer(unit, context={"parent_ids": selectors.parent_ids([unit])}).data)

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=True)
    def children(self, request, pk=None):
        return self._page(request, selectors.children(access_unit(request.user, pk)))

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=True)
    def subtree(self, request, pk=None):
        return self._page(request, selectors.subtree(access_unit(request.user, pk)))

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=True)
    def ancestors(self, request, pk=None):
        unit = access_unit(request.user, pk)
        visible = [a for a in selectors.ancestors(unit) if has_perm(request.user, Perm.VIEW, a)]
        return Response(UnitSerializer(visible, many=True, context={"parent_ids": selectors.parent_ids(visible)}).data)

    def history_record(self, pk):
        return access_unit(self.request.user, pk)
