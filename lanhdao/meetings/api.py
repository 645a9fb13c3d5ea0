"""Meetings over REST: list (filters), record, edit, cancel; agenda, participants, attendance with the quorum; the
conclusion notice whose points become tasks; frequencies and the schedule; figures for reports."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.accounts.roles import Clearance, Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.audit.api import HistoryMixin
from lanhdao.core.access import parse_id
from lanhdao.core.params import parse_date
from lanhdao.documents.permissions import access_document
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import selectors, services
from .models import AgendaItem, Meeting, MeetingKind, Participant
from .permissions import access_meeting, access_submission, agenda_item_of, participant_of
from .rules import MeetingState, meeting_state


def choice_field(choices, **kwargs) -> serializers.CharField:
    """A choice, validated, shown in the schema as text listing its values. The field names `kind` and `frequency`
    are used by other apps with other choices: as enums they would collide in drf-spectacular's enum naming (a
    warning that fails `check --deploy`)."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "One of: " + ", ".join(values))
    if kwargs.get("read_only"):
        return serializers.CharField(**kwargs)

    def valid(value):
        if value not in values:
            raise ValidationError(_("Not one of the choices: %(v)s") % {"v": value})

    return serializers.CharField(validators=[valid], **kwargs)


class QuorumSerializer(serializers.Serializer):
    applies = serializers.BooleanField()
    members = serializers.IntegerField()
    present = serializers.IntegerField()
    required = serializers.IntegerField()
    met = serializers.BooleanField()
    taken = serializers.BooleanField(help_text="The attendance has been recorded (until then `met` means nothing)")


def quorum_data(q) -> dict:
    fields = ("applies", "members", "present", "required", "met", "taken")
    return {name: getattr(q, name) for name in fields}


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting as its reader may see it: a document or a task the reader may not open is not named (README
    "Confidentiality"); the context gives `visible_documents` and `visible_tasks` (see `shape`)."""

    kind = choice_field(MeetingKind.choices, read_only=True)
    state = serializers.SerializerMethodField()
    conclusion_document = serializers.SerializerMethodField(help_text="The registered notice, if you may open it")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "unit",
            "kind",
            "title",
            "date",
            "location",
            "chair",
            "chair_name",
            "member_count",
            "minutes",
            "confidentiality",
            "conclusion_text",
            "conclusion_document",
            "conclusion_issued_on",
            "cancelled_at",
            "cancel_reason",
            "state",
        ]

    def get_state(self, meeting: Meeting) -> str:
        return meeting_state(meeting, timezone.localdate()).value

    def get_conclusion_document(self, meeting: Meeting) -> int | None:
        pk = meeting.conclusion_document_id
        return pk if pk in self.context.get("visible_documents", ()) else None


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "text", "document", "submission"]


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["id", "user", "name", "is_member", "present"]


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "agenda", "participants", "quorum", "tasks"]

    @extend_schema_field(QuorumSerializer)
    def get_quorum(self, meeting: Meeting) -> dict:
        q = selectors.quorum_of(meeting)
        return quorum_data(q)

    def get_tasks(self, meeting: Meeting) -> list[int]:
        visible = self.context.get("visible_tasks", ())
        return [pk for pk in meeting.points.order_by("position").values_list("task_id", flat=True) if pk in visible]

    def to_representation(self, meeting: Meeting) -> dict:
        data = super().to_representation(meeting)
        for item in data["agenda"]:
            if item["document"] not in self.context.get("visible_documents", ()):
                item["document"] = None
        return data


def shape(request, meetings, *, many: bool = False, detail: bool = True):
    """Meetings as the caller may see them, with the documents and tasks it may open (two or three queries)."""
    rows = meetings if many else [meetings]
    documents = [m.conclusion_document_id for m in rows]
    if detail:
        documents += [item.document_id for m in rows for item in m.agenda.all()]
    context = {"visible_documents": selectors.visible_document_ids(request.user, documents)}
    if detail:
        tasks = [pk for m in rows for pk in m.points.values_list("task_id", flat=True)]
        context["visible_tasks"] = selectors.visible_task_ids(request.user, tasks)
    serializer = MeetingDetailSerializer if detail else MeetingSerializer
    return serializer(meetings, many=many, context=context).data


class MeetingWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    kind = choice_field(MeetingKind.choices)
    date = serializers.DateField()
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    chair = serializers.IntegerField(required=False, allow_null=True, default=None)
    chair_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    member_count = serializers.IntegerField(required=False, allow_null=True, default=None)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False, default=Clearance.NORMAL)


class MeetingUpdateSerializer(serializers.Serializer):
    kind = choice_field(MeetingKind.choices, required=False)
    date = serializers.DateField(required=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    chair = serializers.IntegerField(required=False, allow_null=True)
    chair_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    member_count = serializers.IntegerField(required=False, allow_null=True)
    minutes = serializers.CharField(required=False, allow_blank=True)
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AgendaWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    submission = serializers.IntegerField(required=False, allow_null=True, default=None)


class ParticipantsWriteSerializer(serializers.Serializer):
    users = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    names = serializers.ListField(child=serializers.CharField(max_length=150), required=False, default=list)
    is_member = serializers.BooleanField(required=False, default=True)


class AttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the participants present.")


class PointSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    lead_unit = UnitRef()
    deadline = serializers.DateField()
    expected_output = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ConclusionSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    points = PointSerializer(many=True, required=False, default=list)


def _chair(user, unit, pk):
    if pk is None:
        return None
    number = parse_id(pk)
    chair = selectors.candidate_participants(unit).filter(pk=number).first() if number else None
    if chair is None:
        raise ValidationError({"chair": [_("No user %(id)s in this committee.") % {"id": pk}]})
    return chair


def point_specs(user, rows: list[dict]) -> list[services.PointSpec]:
    """Points of a request: each lead unit must be a unit the caller may see (400 otherwise)."""
    ids = {r["lead_unit"] for r in rows}
    visible = {u.pk: u for u in units_for(user, Perm.VIEW).filter(pk__in=ids)}
    missing = sorted(ids - set(visible))
    if missing:
        raise ValidationError({"points": [_("No unit %(id)s in your scope.") % {"id": i} for i in missing]})
    return [
        services.PointSpec(
            title=r["title"],
            lead_unit=visible[r["lead_unit"]],
            deadline=r["deadline"],
            expected_output=r.get("expected_output", ""),
        )
        for r in rows
    ]


def _document(user, pk):
    return access_document(user, pk) if pk else None


def meeting_filter(request) -> selectors.MeetingFilter:
    """The list's filter from the query string (the page reads the same filter from its form): `unit` (its subtree;
    404 outside the caller's scope), `kind`, `state`, `date_from` and `date_to` (400 when malformed)."""
    params = request.query_params
    return selectors.MeetingFilter(
        unit=access_unit(request.user, params["unit"]) if params.get("unit") else None,
        kind=params.get("kind") or "",
        state=params.get("state") or "",
        date_from=parse_date(params.get("date_from"), "date_from"),
        date_to=parse_date(params.get("date_to"), "date_to"),
    )


@extend_schema(tags=["meetings"])
class MeetingViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Meetings of the units in the caller's scope (a role on a unit covers its subtree)."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema only: reads go through meetings_for / access_meeting

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Meetings of this unit's subtree"),
            OpenApiParameter("kind", str, enum=MeetingKind.values),
            OpenApiParameter("state", str, enum=MeetingState.values),
            OpenApiParameter("date_from", datetime.date),
            OpenApiParameter("date_to", datetime.date),
        ]
    )
    def list(self, request):
        qs = selectors.filter_meetings(
            selectors.meetings_for(request.user), meeting_filter(request), timezone.localdate()
        )
        page = self.paginate_queryset(qs.order_by("-date", "-pk"))
        return self.get_paginated_response(shape(request, page, many=True, detail=False))

    @extend_schema(responses=MeetingDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(shape(request, access_meeting(request.user, pk)))

    @extend_schema(request=MeetingWriteSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request):
        data = MeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        unit = access_unit(request.user, fields.pop("unit"))
        fields["chair"] = _chair(request.user, unit, fields["chair"])
        meeting = services.meeting_create(actor=request.user, unit=unit, **fields)
        return Response(shape(request, meeting), status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingDetailSerializer)
    def partial_update(self, request, pk=None):
        meeting = access_meeting(request.user, pk, write=True)
        data = MeetingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "chair" in fields:
            fields["chair"] = _chair(request.user, meeting.unit, fields["chair"])
        meeting = services.meeting_update(actor=request.user, meeting=meeting, data=fields)
        return Response(shape(request, meeting))

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        meeting = access_meeting(request.user, pk, write=True)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_cancel(actor=request.user, meeting=meeting, **data.validated_data)
        return Response(shape(request, meeting, detail=False))

    @extend_schema(request=AgendaWriteSerializer, responses={201: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Add an agenda item, optionally linked to a document and/or a submission the caller may see."""
        meeting = access_meeting(request.user, pk, write=True)
        data = AgendaWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["document"] = _document(request.user, fields["document"])
        fields["submission"] = access_submission(request.user, fields["submission"]) if fields["submission"] else None
        item = services.agenda_add(actor=request.user, meeting=meeting, **fields)
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"agenda/(?P<item_pk>\d+)")
    def agenda_remove(self, request, pk=None, item_pk=None):
        meeting = access_meeting(request.user, pk, write=True)
        services.agenda_remove(actor=request.user, meeting=meeting, item=agenda_item_of(meeting, item_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ParticipantsWriteSerializer, responses={201: ParticipantSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def participants(self, request, pk=None):
        """Invite users (ids of users holding a role in the committee) and people named in free text."""
        meeting = access_meeting(request.user, pk, write=True)
        data = ParticipantsWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        wanted = set(fields["users"])
        users = list(selectors.candidate_participants(meeting.unit).filter(pk__in=wanted))
        if len(users) != len(wanted):
            raise ValidationError({"users": [_("Some users are not of this committee.")]})
        fields["users"] = users
        created = services.participants_add(actor=request.user, meeting=meeting, **fields)
        return Response(ParticipantSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"participants/(?P<participant_pk>\d+)")
    def participant_remove(self, request, pk=None, participant_pk=None):
        meeting = access_meeting(request.user, pk, write=True)
        participant = participant_of(meeting, participant_pk)
        services.participant_remove(actor=request.user, meeting=meeting, participant=participant)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AttendanceSerializer, responses=QuorumSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Who was present; answers the quorum (`met` false is a warning: the attendance is saved all the same)."""
        meeting = access_meeting(request.user, pk, write=True)
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        q = services.attendance_record(actor=request.user, meeting=meeting, present_ids=data.validated_data["present"])
        return Response(quorum_data(q))

    @extend_schema(request=ConclusionSerializer, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclusion(self, request, pk=None):
        """The conclusion notice; each point becomes a task, all in one transaction (400 and nothing saved if one
        point is refused)."""
        meeting = access_meeting(request.user, pk, write=True)
        data = ConclusionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["document"] = _document(request.user, fields["document"])
        fields["points"] = point_specs(request.user, fields["points"])
        services.conclusion_record(actor=request.user, meeting=meeting, **fields)
        return Response(shape(request, meeting))

    def history_record(self, pk):
        return access_meeting(self.request.user, pk)
