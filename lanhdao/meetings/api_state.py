"""Submissions to the Standing Board and responsibility assignments over REST."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.core.params import parse_id_param
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef
from lanhdao.work.selectors import tasks_for

from . import selectors, services_state
from .api import PointSerializer, _document, point_specs
from .models import Matter, Outcome, Responsibility, Submission
from .permissions import access_meeting, access_responsibility, access_submission, opinion_hidden
from .rules import SubmissionState, submission_state, submission_state_q

HIDDEN_OPINION = {"opinion_on": None, "outcome": "", "opinion_text": "", "opinion_document": None}


class SubmissionSerializer(serializers.ModelSerializer):
    """A submission as its reader may see it (README "Confidentiality"): an opinion given at a meeting above the
    reader's clearance shows only that it exists (`opinion_hidden`), without its date, outcome, text, document,
    meeting or tasks; a meeting or a task the reader may not open is not named. The context gives `user`,
    `visible_meetings` and `visible_tasks`."""

    state = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()
    opinion_meeting = serializers.SerializerMethodField(help_text="The meeting it was given at, if you may open it")
    opinion_hidden = serializers.SerializerMethodField(
        help_text="The opinion was given at a confidential meeting you may not open: nothing of it is shown"
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "from_unit",
            "to_unit",
            "matter",
            "title",
            "symbol",
            "document",
            "summary",
            "sent_on",
            "opinion_due",
            "opinion_on",
            "outcome",
            "opinion_text",
            "opinion_document",
            "opinion_meeting",
            "opinion_hidden",
            "decided_on",
            "withdrawn_at",
            "withdraw_reason",
            "state",
            "tasks",
        ]

    def to_representation(self, submission: Submission) -> dict:
        data = super().to_representation(submission)
        if data["opinion_hidden"]:
            data |= HIDDEN_OPINION
        return data

    def get_state(self, submission: Submission) -> str:
        return submission_state(submission, timezone.localdate()).value

    def get_opinion_hidden(self, submission: Submission) -> bool:
        return opinion_hidden(self.context.get("user"), submission)

    def get_opinion_meeting(self, submission: Submission) -> int | None:
        visible = submission.opinion_meeting_id in self.context.get("visible_meetings", ())
        return submission.opinion_meeting_id if visible and not self.get_opinion_hidden(submission) else None

    def get_tasks(self, submission: Submission) -> list[int]:
        if self.get_opinion_hidden(submission):
            return []
        visible = self.context.get("visible_tasks", ())
        return [p.task_id for p in submission.points.all() if p.task_id in visible]


def shape(request, submissions, *, many: bool = False):
    """Submissions as the caller may see them (SubmissionSerializer), with what its context needs in two queries."""
    rows = submissions if many else [submissions]
    context = {
        "user": request.user,
        "visible_meetings": selectors.visible_meeting_ids(request.user, [s.opinion_meeting_id for s in rows]),
        "visible_tasks": selectors.visible_task_ids(request.user, [p.task_id for s in rows for p in s.points.all()]),
    }
    return SubmissionSerializer(submissions, many=many, context=context).data


class SubmissionWriteSerializer(serializers.Serializer):
    from_unit = UnitRef()
    to_unit = UnitRef()
    matter = serializers.ChoiceField(choices=Matter.choices)
    title = serializers.CharField(max_length=500)
    symbol = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    sent_on = serializers.DateField()
    opinion_due = serializers.DateField()


class SubmissionUpdateSerializer(serializers.Serializer):
    matter = serializers.ChoiceField(choices=Matter.choices, required=False)
    title = serializers.CharField(max_length=500, required=False)
    symbol = serializers.CharField(max_length=80, required=False, allow_blank=True)
    document = serializers.IntegerField(required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    sent_on = serializers.DateField(required=False)
    opinion_due = serializers.DateField(required=False)


class OpinionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    given_on = serializers.DateField()
    text = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)
    points = PointSerializer(many=True, required=False, default=list)


class DecisionSerializer(serializers.Serializer):
    decided_on = serializers.DateField()


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema(tags=["submissions"])
class SubmissionViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Submissions sent by or addressed to a unit in the caller's scope."""

    serializer_class = SubmissionSerializer
    queryset = Submission.objects.none()  # for the schema only: reads go through submissions_for / access_submission

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Sent from or addressed to this unit's subtree"),
            OpenApiParameter("state", str, enum=SubmissionState.values),
            OpenApiParameter("matter", str, enum=Matter.values),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.submissions_for(request.user)
        if params.get("unit"):
            qs = selectors.submissions_in_subtree(qs, access_unit(request.user, params["unit"]))
        if params.get("state"):
            if params["state"] not in SubmissionState.values:
                raise ValidationError({"state": [_("Unknown state.")]})
            qs = qs.filter(submission_state_q(params["state"], timezone.localdate()))
        if params.get("matter"):
            qs = qs.filter(matter=params["matter"])
        page = self.paginate_queryset(
            qs.select_related("opinion_meeting").prefetch_related("points").order_by("-sent_on", "-pk")
        )
        return self.get_paginated_response(shape(request, page, many=True))

    def retrieve(self, request, pk=None):
        return Response(shape(request, access_submission(request.user, pk)))

    @extend_schema(request=SubmissionWriteSerializer, responses={201: SubmissionSerializer})
    def create(self, request):
        data = SubmissionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        from_unit = access_unit(request.user, fields.pop("from_unit"))
        to_unit = access_unit(request.user, fields.pop("to_unit"))
        fields["document"] = _document(request.user, fields["document"])
        submission = services_state.submission_create(
            actor=request.user, from_unit=from_unit, to_unit=to_unit, **fields
        )
        return Response(shape(request, submission), status=status.HTTP_201_CREATED)

    @extend_schema(request=SubmissionUpdateSerializer, responses=SubmissionSerializer)
    def partial_update(self, request, pk=None):
        submission = access_submission(request.user, pk, write=True)
        data = SubmissionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "document" in fields:
            fields["document"] = _document(request.user, fields["document"])
        submission = services_state.submission_update(actor=request.user, submission=submission, data=fields)
        return Response(shape(request, submission))

    @extend_schema(request=OpinionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def opinion(self, request, pk=None):
        """The Standing Board's opinion or conclusion; its points become tasks in the same transaction."""
        submission = access_submission(request.user, pk)
        data = OpinionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["document"] = _document(request.user, fields["document"])
        fields["meeting"] = access_meeting(request.user, fields["meeting"]) if fields["meeting"] else None
        fields["points"] = point_specs(request.user, fields["points"])
        submission = services_state.opinion_give(actor=request.user, submission=submission, **fields)
        return Response(shape(request, submission))

    @extend_schema(request=DecisionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """The State body decided the matter (before an opinion: listed as decided without the required opinion)."""
        submission = access_submission(request.user, pk, write=True)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services_state.decision_record(actor=request.user, submission=submission, **data.validated_data)
        return Response(shape(request, submission))

    @extend_schema(request=WithdrawSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        submission = access_submission(request.user, pk, write=True)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services_state.submission_withdraw(
            actor=request.user, submission=submission, **data.validated_data
        )
        return Response(shape(request, submission))

    def history_record(self, pk):
        return access_submission(self.request.user, pk)


class ResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["id", "committee", "member", "unit", "starts_on", "ends_on", "note"]


class ResponsibilityWriteSerializer(serializers.Serializer):
    committee = UnitRef()
    member = serializers.IntegerField()
    unit = UnitRef()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer):
    ends_on = serializers.DateField()


@extend_schema(tags=["responsibilities"])
class ResponsibilityViewSet(viewsets.GenericViewSet):
    """Members assigned to follow grassroots organisations (phân công phụ trách)."""

    serializer_class = ResponsibilitySerializer
    queryset = Responsibility.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Assignments of the committees of this unit's subtree"),
            OpenApiParameter("member", int),
            OpenApiParameter("current", bool, description="Only those in force today"),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.responsibilities_for(request.user)
        if params.get("unit"):
            unit = access_unit(request.user, params["unit"])
            qs = selectors.responsibilities_in_subtree(qs, unit)
        if (member := parse_id_param(params.get("member"), "member")) is not None:
            qs = qs.filter(member_id=member)
        if params.get("current", "").lower() in {"1", "true", "yes"}:
            qs = selectors.current(qs, timezone.localdate())
        page = self.paginate_queryset(qs.order_by("member_id", "pk"))
        return self.get_paginated_response(ResponsibilitySerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ResponsibilitySerializer(access_responsibility(request.user, pk)).data)

    @extend_schema(request=ResponsibilityWriteSerializer, responses={201: ResponsibilitySerializer})
    def create(self, request):
        data = ResponsibilityWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["committee"] = access_unit(request.user, fields["committee"])
        fields["unit"] = access_unit(request.user, fields["unit"])
        member = selectors.role_holders_for(request.user).filter(pk=fields["member"]).first()
        if member is None:
            raise ValidationError({"member": [_("No active user %(id)s in your scope.") % {"id": fields["member"]}]})
        fields["member"] = member
        responsibility = services_state.responsibility_assign(actor=request.user, **fields)
        return Response(ResponsibilitySerializer(responsibility).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EndSerializer, responses=ResponsibilitySerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        responsibility = access_responsibility(request.user, pk, write=True)
        data = EndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        responsibility = services_state.responsibility_end(
            actor=request.user, responsibility=responsibility, **data.validated_data
        )
        return Response(ResponsibilitySerializer(responsibility).data)

    @extend_schema(
        parameters=[OpenApiParameter("member", int, description="Another member (default: the caller)")],
        responses={200: dict},
    )
    @action(detail=False)
    def organisations(self, request):
        """The organisations a member follows today, each with its tasks by status and its last meetings."""
        today = timezone.localdate()
        member_id = parse_id_param(request.query_params.get("member"), "member")
        qs = selectors.responsibilities_for(request.user)
        qs = qs.filter(member_id=member_id) if member_id is not None else qs.filter(member=request.user)
        assigned = list(selectors.current(qs, today).select_related("committee", "unit").order_by("unit__path"))
        rows = selectors.organisations_state(
            assigned, tasks_for(request.user), selectors.meetings_for(request.user), today
        )
        return Response(
            [
                {
                    "responsibility": r["responsibility"].pk,
                    "unit": r["responsibility"].unit_id,
                    "tasks_by_status": r["counts"],
                    "last_meetings": [{"id": m.pk, "date": m.date, "kind": m.kind} for m in r["meetings"]],
                }
                for r in rows
            ]
        )
