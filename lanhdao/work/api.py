"""Tasks over REST: list (filters), board counts, create, edit with version, report, propose, accept, return, cancel."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.audit.api import HistoryMixin
from lanhdao.core.params import parse_id_param
from lanhdao.documents.permissions import access_document
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import selectors, services
from .models import Priority, ProgressReport, Recurrence, Task
from .permissions import access_task, reporting_units
from .status import Status, derive


class TaskSerializer(serializers.ModelSerializer):
    """A task as the reader (context["request"].user) may see it: the document it implements is given by id only if
    they may open it; otherwise `document` is null and `document_hidden` true (README "Confidentiality")."""

    status = serializers.SerializerMethodField()
    coordinating_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    document = serializers.SerializerMethodField()
    document_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "document",
            "document_item",
            "assigning_unit",
            "lead_unit",
            "coordinating_units",
            "responsible",
            "parent",
            "series",
            "start_date",
            "deadline",
            "recurrence",
            "recurrence_until",
            "expected_output",
            "priority",
            "progress",
            "proposed_at",
            "completed_on",
            "accepted_at",
            "returned_at",
            "return_reason",
            "cancelled_at",
            "cancel_reason",
            "status",
            "version",
            "confidentiality",
            "document_hidden",
        ]

    def _openable_documents(self) -> set[int]:
        """The documents of the tasks being serialised (the whole page at once) that the reader may open."""
        seen = self.context.get("_openable_documents")
        if seen is None:
            instance = self.root.instance
            tasks = instance if isinstance(instance, list | tuple) else [instance]
            ids = {t.document_id for t in tasks if t is not None and t.document_id}
            request = self.context.get("request")
            visible = documents_for(getattr(request, "user", None), include_archived=True)
            seen = set(visible.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
            self.context["_openable_documents"] = seen
        return seen

    def get_document(self, task: Task) -> int | None:
        return task.document_id if task.document_id in self._openable_documents() else None

    def get_document_hidden(self, task: Task) -> bool:
        return bool(task.document_id) and task.document_id not in self._openable_documents()

    def get_status(self, task: Task) -> str:
        return getattr(task, "status", None) or derive(task, timezone.localdate()).value


class TaskWriteSerializer(serializers.Serializer):
    assigning_unit = UnitRef()
    lead_unit = UnitRef()
    coordinating_units = serializers.ListField(child=UnitRef(), required=False, default=list)
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    document_item = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)
    start_date = serializers.DateField()
    deadline = serializers.DateField(required=False, allow_null=True, default=None)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False, default="")
    recurrence_until = serializers.DateField(required=False, allow_null=True, default=None)
    expected_output = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, default=Priority.NORMAL)


class TaskUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read; a stale one is refused with 409.")
    lead_unit = UnitRef(required=False)
    coordinating_units = serializers.ListField(child=UnitRef(), required=False)
    title = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    document_item = serializers.CharField(max_length=200, required=False, allow_blank=True)
    start_date = serializers.DateField(required=False)
    deadline = serializers.DateField(required=False)
    expected_output = serializers.CharField(max_length=500, required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "unit", "author", "percent", "text", "evidence_name", "created_at"]
        read_only_fields = ["author", "evidence_name", "created_at"]


class ReportWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    percent = serializers.IntegerField(min_value=0, max_value=100)
    text = serializers.CharField()
    evidence = serializers.FileField(required=False)


class TransitionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    text = serializers.CharField(required=False, allow_blank=True, default="")


def _units(user, ids):
    visible = {u.pk: u for u in units_for(user, Perm.VIEW).filter(pk__in=ids)}
    missing = [i for i in ids if i not in visible]
    if missing:
        raise ValidationError({"units": [_("No unit %(id)s in your scope.") % {"id": i} for i in missing]})
    return [visible[i] for i in ids]


def task_filter(request) -> selectors.TaskFilter:
    """The list's filter from the query string (the page reads the same filter from its form): `unit` (its subtree;
    404 outside the caller's scope), `status`, `document` and `lead` (ids; 400 when malformed)."""
    params = request.query_params
    return selectors.TaskFilter(
        unit=access_unit(request.user, params["unit"]) if params.get("unit") else None,
        status=params.get("status") or "",
        document=parse_id_param(params.get("document"), "document"),
        lead=parse_id_param(params.get("lead"), "lead"),
    )


@extend_schema(tags=["work"])
class TaskViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Tasks the caller may see: led, coordinated or assigned by a unit in the caller's scope."""

    serializer_class = TaskSerializer
    queryset = Task.objects.none()  # for the schema only: reads go through tasks_for / access_task

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Board of this unit's subtree (lead units)"),
            OpenApiParameter("status", str, enum=["open", *Status.values]),
            OpenApiParameter("document", int),
            OpenApiParameter("lead", int),
        ]
    )
    def list(self, request):
        today = timezone.localdate()
        qs = selectors.filter_tasks(selectors.tasks_for(request.user), task_filter(request), today)
        page = self.paginate_queryset(
            selectors.with_status(qs, today).prefetch_related("coordinating_units").order_by("deadline", "pk")
        )
        return self.get_paginated_response(TaskSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("unit", int, required=True)], responses={200: dict})
    @action(detail=False)
    def board(self, request):
        """Counts by status for a unit's subtree, and by lead unit: every task, whatever its level; `confidential`
        says how many of them are confidential (the list shows only those the caller may open)."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        today = timezone.localdate()
        # Figures: every task of the subtree, and how many of them are confidential (README "Confidentiality").
        tasks = selectors.in_subtree(selectors.tasks_in_scope(request.user), unit)
        return Response(
            {
                "unit": unit.pk,
                "date": today,
                "by_status": selectors.status_counts(tasks, today),
                "by_lead_unit": selectors.counts_by_lead_unit(tasks, today),
                "confidential": selectors.confidential_count(tasks),
            }
        )

    def retrieve(self, request, pk=None):
        return Response(TaskSerializer(access_task(request.user, pk), context={"request": request}).data)

    @extend_schema(request=TaskWriteSerializer, responses={201: TaskSerializer})
    def create(self, request):
        data = TaskWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["assigning_unit"] = access_unit(request.user, fields["assigning_unit"])
        fields["lead_unit"] = access_unit(request.user, fields["lead_unit"])
        fields["coordinating_units"] = _units(request.user, fields["coordinating_units"])
        fields["document"] = access_document(request.user, fields["document"]) if fields["document"] else None
        fields["parent"] = access_task(request.user, fields["parent"]) if fields["parent"] else None
        task = services.task_create(actor=request.user, **fields)
        return Response(TaskSerializer(task, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskUpdateSerializer, responses={200: TaskSerializer, 409: None})
    def partial_update(self, request, pk=None):
        task = access_task(request.user, pk)
        data = TaskUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        seen = fields.pop("version")
        if "lead_unit" in fields:
            fields["lead_unit"] = access_unit(request.user, fields["lead_unit"])
        if "coordinating_units" in fields:
            fields["coordinating_units"] = _units(request.user, fields["coordinating_units"])
        task = services.task_update(actor=request.user, task=task, data=fields, seen_version=seen)
        return Response(TaskSerializer(task, context={"request": request}).data)

    @extend_schema(request=ReportWriteSerializer, responses={200: ReportSerializer(many=True), 201: ReportSerializer})
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def reports(self, request, pk=None):
        task = access_task(request.user, pk)
        if request.method == "GET":
            return Response(ReportSerializer(task.reports.all(), many=True).data)
        data = ReportWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        units = {u.pk: u for u in reporting_units(request.user, task)}
        if data.validated_data["unit"] not in units:
            raise PermissionDenied(_("You may not report for this unit."))
        report = services.report_progress(
            actor=request.user,
            task=task,
            unit=units[data.validated_data["unit"]],
            percent=data.validated_data["percent"],
            text=data.validated_data["text"],
            evidence=data.validated_data.get("evidence"),
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _transition(self, request, pk, function, **extra):
        task = access_task(request.user, pk)
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = function(
            actor=request.user,
            task=task,
            seen_version=data.validated_data.get("version"),
            **{k: data.validated_data[k] for k in extra},
        )
        return Response(TaskSerializer(task, context={"request": request}).data)

    @extend_schema(request=TransitionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """The lead unit proposes completion (with a completion report in `text`)."""
        return self._transition(request, pk, services.propose_completion, text=True)

    @extend_schema(request=TransitionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._transition(request, pk, services.accept)

    @extend_schema(request=TransitionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._transition(request, pk, services.return_task, reason=True)

    @extend_schema(request=TransitionSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, pk, services.cancel, reason=True)

    def history_record(self, pk):
        return access_task(self.request.user, pk)
