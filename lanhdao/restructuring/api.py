"""Restructuring over REST: preview and apply an operation, the operations applied, the tree as of a date.

A unit outside the caller's scope answers 404, a caller who is not the organisation board of the parent 403, an
incomplete or invalid request 400 with the engine's messages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from lanhdao.core.params import parse_date
from lanhdao.documents.permissions import access_document
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import services
from .forms import build_plan, operations_visible, tree_rows
from .models import Kind, Operation
from .permissions import access_operation


@extend_schema_field({"type": "string", "pattern": "^(" + "|".join(Kind.values) + ")$", "example": Kind.MERGE.value})
class KindField(serializers.ChoiceField):
    """merge, split, move, rename or dissolve; described by a pattern, as an enum would collide with the other `kind`
    enums (a named enum needs an ENUM_NAME_OVERRIDES entry in the settings)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Kind.choices, **kwargs)


class NewUnitSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True)
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class RequestSerializer(serializers.Serializer):
    """An operation: `kind`, `unit`, `effective_on`, a legal basis (for apply) and the kind's fields."""

    kind = KindField()
    unit = UnitRef()
    effective_on = serializers.DateField()
    legal_basis = serializers.IntegerField(required=False, allow_null=True, help_text="A document id")
    legal_basis_text = serializers.CharField(required=False, allow_blank=True, max_length=500)
    units = serializers.ListField(child=UnitRef(), required=False, help_text="merge: the other units")
    survivor = UnitRef(required=False, allow_null=True, help_text="merge: the surviving unit")
    new = NewUnitSerializer(required=False, help_text="merge: the new unit (when no survivor)")
    parent = UnitRef(required=False, allow_null=True, help_text="merge: the new unit's parent; move: the new parent")
    parts = NewUnitSerializer(many=True, required=False, help_text="split: the new units")
    mapping = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="split: child id → part key; dissolve: child id → unit id or 'dissolve'",
    )
    own = serializers.CharField(required=False, allow_blank=True, help_text="split: the part taking the unit's work")
    name = serializers.CharField(required=False, allow_blank=True, help_text="rename: the new name")
    receiver = UnitRef(required=False, allow_null=True, help_text="dissolve: takes over the work")


class PreviewSerializer(serializers.Serializer):
    units_closed = serializers.IntegerField()
    units_created = serializers.IntegerField()
    renamed = serializers.IntegerField()
    members = serializers.IntegerField()
    posts = serializers.IntegerField()
    tasks = serializers.IntegerField()
    roles = serializers.IntegerField()
    quotas = serializers.IntegerField()
    frequencies = serializers.IntegerField()
    schedules = serializers.IntegerField()
    responsibilities = serializers.IntegerField()
    commitment_plans = serializers.IntegerField()
    targets = serializers.IntegerField()


class LineageSerializer(serializers.Serializer):
    predecessor = serializers.IntegerField(source="predecessor_id")
    successor = serializers.IntegerField(source="successor_id")
    effective_on = serializers.DateField()


class OperationSerializer(serializers.ModelSerializer):
    kind = KindField(read_only=True)
    lineage = LineageSerializer(many=True, read_only=True)

    class Meta:
        model = Operation
        fields = [
            "id",
            "kind",
            "effective_on",
            "legal_basis",
            "legal_basis_text",
            "batch",
            "spec",
            "summary",
            "status",
            "applied_at",
            "applied_by",
            "scheduled_at",
            "cancelled_at",
            "failure",
            "lineage",
        ]


class TreeUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="unit.pk")
    code = serializers.CharField(source="unit.code")
    name = serializers.CharField(help_text="The name it bore on that day")
    kind = serializers.CharField(source="unit.kind")
    valid_from = serializers.DateField(source="unit.valid_from", allow_null=True)
    valid_to = serializers.DateField(source="unit.valid_to", allow_null=True)
    successors = serializers.SerializerMethodField()

    def get_successors(self, row) -> list[int]:
        return [u.pk for u in row["successors"]]


def _plan(request):
    """The plan the request asks for and its legal basis (a document fetched in the caller's scope, or a text)."""
    data = RequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    plan = build_plan(request.user, fields)
    if not services.may_restructure(request.user, plan):
        raise PermissionDenied(_("Only the organisation board of the parent unit may restructure it."))
    document = access_document(request.user, fields["legal_basis"]) if fields.get("legal_basis") else None
    return plan, {"legal_basis": document, "legal_basis_text": fields.get("legal_basis_text") or ""}


@extend_schema(tags=["restructuring"], request=RequestSerializer, responses=PreviewSerializer)
@api_view(["POST"])
def preview(request):
    """What the operation would do, counted, after every check the apply makes (the legal basis included);
    nothing is written."""
    plan, basis = _plan(request)
    return Response(services.preview(plan, actor=request.user, **basis))


@extend_schema(tags=["restructuring"], request=RequestSerializer, responses={201: OperationSerializer})
@api_view(["POST"])
def apply(request):
    """Apply the operation, all or nothing (the request is validated again). Dated after today, it is only
    scheduled (`status` "scheduled"): applied on its date by the background job, cancellable until then."""
    plan, basis = _plan(request)
    operation = services.apply(actor=request.user, plan=plan, **basis)
    return Response(OperationSerializer(operation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["restructuring"])
class OperationViewSet(viewsets.ReadOnlyModelViewSet):
    """Operations that closed or created a unit the caller may see."""

    serializer_class = OperationSerializer
    queryset = Operation.objects.none()  # for the schema only

    def get_queryset(self):
        return operations_visible(self.request.user).prefetch_related("lineage")

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_operation(request.user, pk)).data)


@extend_schema(
    tags=["restructuring"],
    responses=TreeUnitSerializer(many=True),
    parameters=[OpenApiParameter("on", datetime.date, description="The day (today when absent)")],
)
@api_view(["GET"])
def children_on(request, pk):
    """The units directly under a unit on a day, with the names they bore then and their successors if closed."""
    unit = access_unit(request.user, pk)
    day = parse_date(request.query_params.get("on"), "on") or timezone.localdate()
    return Response(TreeUnitSerializer(tree_rows(unit, day), many=True).data)
