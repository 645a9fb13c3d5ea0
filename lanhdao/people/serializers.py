"""REST shapes of the work with the people: what the API answers, and what it takes (ids, checked in the caller's
scope by the endpoints before any service runs)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from lanhdao.org.picker import UnitRef

from .models import (
    Channel,
    Commitment,
    CommitmentPlan,
    Dialogue,
    FieldVisit,
    Finding,
    Frequency,
    PeriodKind,
    Petition,
    PetitionKind,
    ReceptionDay,
    ReceptionSchedule,
    Result,
    Weekday,
)
from .status import derive


def choice_text(choices, **kwargs) -> serializers.CharField:
    """A choice validated like a ChoiceField but shown in the schema as text listing its values: `kind` names other
    choice sets elsewhere in the API (units' kinds), and two enums of one field name collide in drf-spectacular's
    naming (a warning that fails `check --deploy`)."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "One of: " + ", ".join(values))
    if kwargs.get("read_only"):
        return serializers.CharField(**kwargs)

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(_("Not one of the choices: %(v)s") % {"v": value})

    return serializers.CharField(validators=[one_of], **kwargs)


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "position", "text", "task"]


class FieldVisitSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = FieldVisit
        fields = [
            "id",
            "unit",
            "visited_on",
            "visitor",
            "visitor_name",
            "place_unit",
            "place",
            "purpose",
            "summary",
            "findings",
            "archived_at",
            "created_at",
        ]


class DialogueSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "unit",
            "held_on",
            "led_by",
            "led_by_name",
            "topic",
            "participants",
            "place",
            "summary",
            "findings",
            "archived_at",
            "created_at",
        ]


class FindingWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    lead_unit = UnitRef(required=False, allow_null=True, default=None, help_text="Makes it a task")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class FindingsWriteSerializer(serializers.Serializer):
    findings = FindingWriteSerializer(many=True)


class FindingTaskSerializer(serializers.Serializer):
    lead_unit = UnitRef()
    deadline = serializers.DateField()


class FieldVisitWriteSerializer(serializers.Serializer):
    unit = UnitRef(help_text="The visiting unit (whose leaders went); assigns the tasks")
    visited_on = serializers.DateField()
    visitor = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user's id")
    visitor_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    place_unit = UnitRef(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    purpose = serializers.CharField(max_length=500)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    findings = FindingWriteSerializer(many=True, required=False, default=list)


class FieldVisitUpdateSerializer(serializers.Serializer):
    visited_on = serializers.DateField(required=False)
    visitor = serializers.IntegerField(required=False, allow_null=True)
    visitor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    place_unit = UnitRef(required=False, allow_null=True)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=500, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)


class DialogueWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    held_on = serializers.DateField()
    led_by = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user's id")
    led_by_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    topic = serializers.CharField(max_length=500)
    participants = serializers.IntegerField(min_value=0, required=False, default=0)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    findings = FindingWriteSerializer(many=True, required=False, default=list)


class DialogueUpdateSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False)
    led_by = serializers.IntegerField(required=False, allow_null=True)
    led_by_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    topic = serializers.CharField(max_length=500, required=False)
    participants = serializers.IntegerField(min_value=0, required=False)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)


class ArchiveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReceptionScheduleSerializer(serializers.ModelSerializer):
    rule = serializers.CharField(read_only=True)

    class Meta:
        model = ReceptionSchedule
        fields = [
            "id",
            "unit",
            "frequency",
            "day_of_month",
            "weekday",
            "rule",
            "receivers",
            "place",
            "starts_on",
            "ends_on",
        ]


class ScheduleWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    day_of_month = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True, default=None)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True, default=None)
    receivers = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)


class ScheduleUpdateSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    day_of_month = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True)
    weekday = serializers.ChoiceField(choices=Weekday.choices, required=False, allow_null=True)
    receivers = serializers.CharField(max_length=300, required=False, allow_blank=True)
    place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)


class EndScheduleSerializer(serializers.Serializer):
    ends_on = serializers.DateField()


class ExpectedDaySerializer(serializers.Serializer):
    expected_on = serializers.DateField()
    state = serializers.ChoiceField(choices=["held", "missed", "upcoming"])
    held = serializers.SerializerMethodField(help_text="The id of the reception day held for this period")

    def get_held(self, row) -> int | None:
        return row.held.pk if row.held else None


class ReceptionDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceptionDay
        fields = [
            "id",
            "unit",
            "schedule",
            "held_on",
            "received_by",
            "received_by_name",
            "cases",
            "notes",
            "archived_at",
        ]


class ReceptionDayWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    schedule = serializers.IntegerField(required=False, allow_null=True, default=None)
    held_on = serializers.DateField()
    received_by = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user's id")
    received_by_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    cases = serializers.IntegerField(min_value=0, required=False, default=0)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class ReceptionDayUpdateSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False)
    received_by = serializers.IntegerField(required=False, allow_null=True)
    received_by_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    cases = serializers.IntegerField(min_value=0, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class PetitionSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    kind = choice_text(PetitionKind.choices, read_only=True)

    class Meta:
        model = Petition
        fields = [
            "id",
            "receiving_unit",
            "assigned_unit",
            "assigned_at",
            "received_on",
            "sender",
            "sender_contact",
            "subject",
            "content",
            "kind",
            "channel",
            "reception_day",
            "deadline",
            "answered_on",
            "answer",
            "answered_by",
            "status",
            "archived_at",
        ]

    def get_status(self, petition: Petition) -> str:
        return getattr(petition, "status", None) or derive(petition, timezone.localdate()).value


class PetitionWriteSerializer(serializers.Serializer):
    receiving_unit = UnitRef()
    received_on = serializers.DateField()
    sender = serializers.CharField(max_length=300)
    sender_contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    subject = serializers.CharField(max_length=500)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    kind = choice_text(PetitionKind.choices, required=False, default=PetitionKind.RECOMMENDATION)
    channel = serializers.ChoiceField(choices=Channel.choices)
    deadline = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Empty: LANHDAO_PETITION_ANSWER_DAYS after receipt"
    )
    reception_day = serializers.IntegerField(required=False, allow_null=True, default=None)
    assigned_unit = UnitRef(required=False, allow_null=True, default=None)


class PetitionUpdateSerializer(serializers.Serializer):
    received_on = serializers.DateField(required=False)
    sender = serializers.CharField(max_length=300, required=False)
    sender_contact = serializers.CharField(max_length=300, required=False, allow_blank=True)
    subject = serializers.CharField(max_length=500, required=False)
    content = serializers.CharField(required=False, allow_blank=True)
    kind = choice_text(PetitionKind.choices, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    deadline = serializers.DateField(required=False)


class AssignSerializer(serializers.Serializer):
    unit = UnitRef()


class AnswerSerializer(serializers.Serializer):
    answered_on = serializers.DateField()
    answer = serializers.CharField()


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "position", "text", "result", "assessment"]


class CommitmentPlanSerializer(serializers.ModelSerializer):
    commitments = CommitmentSerializer(many=True, read_only=True)
    period = serializers.CharField(read_only=True)

    class Meta:
        model = CommitmentPlan
        fields = [
            "id",
            "leader",
            "leader_name",
            "leader_position",
            "unit",
            "period_kind",
            "year_start",
            "year_end",
            "period",
            "title",
            "commitments",
            "internal_note",
            "published_at",
            "assessment_summary",
            "assessed_at",
            "assessment_published_at",
        ]


class PlanWriteSerializer(serializers.Serializer):
    unit = UnitRef()
    leader = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="A user's id")
    leader_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    leader_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False, default=PeriodKind.YEAR)
    year_start = serializers.IntegerField(min_value=2000, max_value=2100)
    year_end = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    commitments = serializers.ListField(child=serializers.CharField(), min_length=1)
    internal_note = serializers.CharField(required=False, allow_blank=True, default="")


class PlanUpdateSerializer(serializers.Serializer):
    leader_name = serializers.CharField(max_length=150, required=False)
    leader_position = serializers.CharField(max_length=200, required=False)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
    year_start = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    year_end = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    commitments = serializers.ListField(child=serializers.CharField(), required=False, min_length=1)
    internal_note = serializers.CharField(required=False, allow_blank=True)


class AssessmentItemSerializer(serializers.Serializer):
    commitment = serializers.IntegerField()
    result = serializers.ChoiceField(choices=Result.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AssessSerializer(serializers.Serializer):
    summary = serializers.CharField()
    results = AssessmentItemSerializer(many=True)
