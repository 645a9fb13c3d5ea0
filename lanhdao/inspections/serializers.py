"""REST shapes of inspection and supervision: what the API answers, and what it takes (ids, checked in the caller's
scope by the endpoints before any service runs)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lanhdao.accounts.roles import Clearance
from lanhdao.org.picker import UnitRef
from lanhdao.work.status import derive

from .models import (
    Discipline,
    DisciplineForm,
    Inspection,
    InspectionKind,
    Programme,
    ProgrammeSpan,
    Recommendation,
    SubjectKind,
)
from .selectors import FOLLOW_UP_STATES, without_hidden_tasks


def choice_text(choices, **kwargs) -> serializers.CharField:
    """A choice validated like a ChoiceField but shown in the schema as text listing its values (two enums of one
    field name elsewhere in the API would collide in drf-spectacular's naming, a warning)."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "One of: " + ", ".join(values))
    if kwargs.get("read_only"):
        return serializers.CharField(**kwargs)

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(_("Not one of the choices: %(v)s") % {"v": value})

    return serializers.CharField(validators=[one_of], **kwargs)


CONFIDENTIALITY_HELP = "0 normal, 1 secret (Mật), 2 top secret (Tối mật)"


# --- programmes ----------------------------------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    """A programme; its document is named only if the reader may open it (context `visible_documents`)."""

    span = choice_text(ProgrammeSpan.choices, read_only=True)
    document = serializers.SerializerMethodField(help_text="The programme's document, if you may open it")
    planned = serializers.SerializerMethodField(help_text="Live inspections and supervisions of the programme")
    done = serializers.SerializerMethodField(help_text="…of which concluded")
    confidential = serializers.SerializerMethodField(
        help_text="How many of the planned are confidential (counted, never named, whoever reads them)"
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "unit",
            "span",
            "title",
            "starts_on",
            "ends_on",
            "document",
            "planned",
            "done",
            "confidential",
            "archived_at",
            "created_at",
        ]

    def get_document(self, programme: Programme) -> int | None:
        pk = programme.document_id
        return pk if pk in self.context.get("visible_documents", ()) else None

    def get_planned(self, programme: Programme) -> int | None:
        return getattr(programme, "n_planned", None)

    def get_done(self, programme: Programme) -> int | None:
        return getattr(programme, "n_done", None)

    def get_confidential(self, programme: Programme) -> int | None:
        return getattr(programme, "n_confidential", None)


class ProgrammeWriteSerializer(serializers.Serializer):
    unit = UnitRef(help_text="The committee whose programme it is")
    span = choice_text(ProgrammeSpan.choices)
    title = serializers.CharField(max_length=500)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    document = serializers.IntegerField(required=False, allow_null=True, default=None)


class ProgrammeUpdateSerializer(serializers.Serializer):
    span = choice_text(ProgrammeSpan.choices, required=False)
    title = serializers.CharField(max_length=500, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    document = serializers.IntegerField(required=False, allow_null=True)


class RecordArchiveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- inspections and recommendations -------------------------------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    task_status = serializers.SerializerMethodField(help_text="The derived status of its task (work.status)")

    class Meta:
        model = Recommendation
        fields = ["id", "inspection", "position", "text", "task", "task_status"]

    def get_task_status(self, recommendation: Recommendation) -> str | None:
        if recommendation.task is None:
            return None
        return derive(recommendation.task, timezone.localdate()).value


class InspectionSerializer(serializers.ModelSerializer):
    kind = choice_text(InspectionKind.choices, read_only=True)
    subject_kind = choice_text(SubjectKind.choices, read_only=True)
    confidentiality = serializers.IntegerField(read_only=True, help_text=CONFIDENTIALITY_HELP)
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "unit",
            "programme",
            "kind",
            "subject_kind",
            "subject_unit",
            "subject_member",
            "title",
            "scope",
            "team",
            "starts_on",
            "ends_on",
            "findings",
            "conclusion",
            "concluded_on",
            "violation_found",
            "confidentiality",
            "recommendations",
            "archived_at",
            "created_at",
        ]

    @extend_schema_field(RecommendationSerializer(many=True))
    def get_recommendations(self, inspection: Inspection) -> list[dict]:
        """Its recommendations; a task above the reader's clearance (context `user`) is not named."""
        shown = without_hidden_tasks(self.context.get("user"), inspection.recommendations.all())
        return RecommendationSerializer(shown, many=True).data


class InspectionWriteSerializer(serializers.Serializer):
    unit = UnitRef(help_text="The conducting unit; it assigns the recommendations' tasks")
    kind = choice_text(InspectionKind.choices)
    subject_unit = UnitRef(
        required=False, allow_null=True, default=None, help_text="A Party organisation under the conducting unit"
    )
    subject_member = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Or a party member (instead of an organisation)"
    )
    programme = serializers.IntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=500)
    scope = serializers.CharField(required=False, allow_blank=True, default="")
    team = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    confidentiality = serializers.IntegerField(
        required=False, default=Clearance.NORMAL, min_value=0, max_value=2, help_text=CONFIDENTIALITY_HELP
    )


class InspectionUpdateSerializer(serializers.Serializer):
    kind = choice_text(InspectionKind.choices, required=False)
    programme = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=500, required=False)
    scope = serializers.CharField(required=False, allow_blank=True)
    team = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False, allow_null=True)
    confidentiality = serializers.IntegerField(required=False, min_value=0, max_value=2, help_text=CONFIDENTIALITY_HELP)


class FindingsSerializer(serializers.Serializer):
    findings = serializers.CharField()
    violation_found = serializers.BooleanField(required=False, allow_null=True, default=None)


class RecommendationWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    lead_unit = UnitRef(required=False, allow_null=True, default=None, help_text="Makes it a task")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class RecommendationsWriteSerializer(serializers.Serializer):
    recommendations = RecommendationWriteSerializer(many=True)


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.CharField()
    concluded_on = serializers.DateField()
    violation_found = serializers.BooleanField(required=False, allow_null=True, default=None)
    recommendations = RecommendationWriteSerializer(many=True, required=False, default=list)


class RecommendationTaskSerializer(serializers.Serializer):
    lead_unit = UnitRef()
    deadline = serializers.DateField()


class FollowUpSerializer(serializers.ModelSerializer):
    """A recommendation with what the follow-up page shows of its inspection and task."""

    inspection_title = serializers.CharField(source="inspection.title", read_only=True)
    concluded_on = serializers.DateField(source="inspection.concluded_on", read_only=True)
    conducting_unit = serializers.IntegerField(source="inspection.unit_id", read_only=True)
    lead_unit = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    task_status = serializers.SerializerMethodField(help_text="The derived status of its task (work.status)")

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "inspection",
            "inspection_title",
            "concluded_on",
            "conducting_unit",
            "position",
            "text",
            "task",
            "lead_unit",
            "deadline",
            "task_status",
        ]

    def get_lead_unit(self, recommendation: Recommendation) -> int | None:
        return recommendation.task.lead_unit_id if recommendation.task else None

    def get_deadline(self, recommendation: Recommendation) -> str | None:
        return recommendation.task.deadline.isoformat() if recommendation.task else None

    def get_task_status(self, recommendation: Recommendation) -> str | None:
        if recommendation.task is None:
            return None
        return derive(recommendation.task, timezone.localdate()).value


FOLLOW_UP_HELP = "One of: " + ", ".join(FOLLOW_UP_STATES)


# --- discipline ----------------------------------------------------------------------------------------------------


class DisciplineSerializer(serializers.ModelSerializer):
    """A decision as its reader may see it: the inspection it follows is named (by id) only when the reader may open
    that inspection; otherwise `inspection` is null and `inspection_hidden` says that one exists (README
    "Confidentiality"). The context gives `visible_inspections`, the ids the reader may open."""

    form = choice_text(DisciplineForm.choices, read_only=True)
    subject_kind = choice_text(SubjectKind.choices, read_only=True)
    confidentiality = serializers.IntegerField(read_only=True, help_text=CONFIDENTIALITY_HELP)
    inspection = serializers.SerializerMethodField(help_text="The inspection it follows, if you may open it")
    inspection_hidden = serializers.SerializerMethodField(
        help_text="It follows an inspection you may not open (whose id is not given)"
    )

    class Meta:
        model = Discipline
        fields = [
            "id",
            "unit",
            "subject_kind",
            "subject_unit",
            "subject_member",
            "form",
            "decided_on",
            "decision",
            "reason",
            "inspection",
            "inspection_hidden",
            "confidentiality",
            "archived_at",
            "created_at",
        ]

    def _visible(self, discipline: Discipline) -> bool:
        return discipline.inspection_id in self.context.get("visible_inspections", ())

    def get_inspection(self, discipline: Discipline) -> int | None:
        return discipline.inspection_id if self._visible(discipline) else None

    def get_inspection_hidden(self, discipline: Discipline) -> bool:
        return discipline.inspection_id is not None and not self._visible(discipline)


class DisciplineWriteSerializer(serializers.Serializer):
    unit = UnitRef(help_text="The deciding unit")
    subject_unit = UnitRef(required=False, allow_null=True, default=None)
    subject_member = serializers.IntegerField(required=False, allow_null=True, default=None)
    form = choice_text(DisciplineForm.choices)
    decided_on = serializers.DateField()
    decision = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reason = serializers.CharField()
    inspection = serializers.IntegerField(required=False, allow_null=True, default=None)
