"""REST shapes of members, transfers, classifications, awards and badges: what the API answers, and what it takes
(ids, checked in the caller's scope by the endpoints before any service runs). A member's personal fields are in
the answer only when the caller may see them (the endpoint decides and logs it)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from lanhdao.org.picker import UnitRef

from .models import (
    Award,
    BadgeAward,
    EndReason,
    Gender,
    Grade,
    Member,
    MemberEvaluation,
    OrganisationEvaluation,
    Placement,
    Qualification,
    TheoryLevel,
    Transfer,
    TransferKind,
)
from .stages import Stage, probation_overdue, stage

PERSONAL = Member.PERSONAL_FIELDS


def choice_text(choices, **kwargs) -> serializers.CharField:
    """A choice validated like a ChoiceField but shown in the schema as text listing its values (a field name such as
    `kind` names other choice sets elsewhere in the API, and drf-spectacular's enum names would collide)."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "One of: " + ", ".join(v or '""' for v in values))
    if kwargs.get("read_only"):
        return serializers.CharField(**kwargs)

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(_("Not one of the choices: %(v)s") % {"v": value})

    return serializers.CharField(validators=[one_of], **kwargs)


class PlacementSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Placement
        fields = ["id", "unit", "unit_name", "started_on", "ended_on"]


class TransferSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True)
    kind = choice_text(TransferKind.choices, read_only=True)
    pending = serializers.BooleanField(source="is_pending", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "member",
            "member_name",
            "kind",
            "from_unit",
            "from_unit_name",
            "to_unit",
            "to_unit_name",
            "sent_on",
            "until",
            "received_on",
            "cancelled_at",
            "pending",
            "note",
        ]


class MemberEvaluationSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = MemberEvaluation
        fields = ["id", "member", "member_name", "unit", "year", "grade", "note"]


class OrganisationEvaluationSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = OrganisationEvaluation
        fields = ["id", "unit", "unit_name", "year", "grade", "note"]


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = ["id", "member", "unit", "year", "title", "awarded_on", "decision"]


class BadgeAwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = BadgeAward
        fields = ["id", "member", "years", "awarded_on", "decision"]


class MemberSerializer(serializers.ModelSerializer):
    """A member as lists show them: never the personal fields."""

    unit_name = serializers.CharField(source="unit.name", read_only=True)
    stage = serializers.SerializerMethodField()
    probation_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "unit",
            "unit_name",
            "full_name",
            "gender",
            "card_number",
            "education",
            "qualification",
            "theory_level",
            "position",
            "stage",
            "introduced_on",
            "trained_on",
            "proposed_on",
            "admitted_on",
            "admission_decision",
            "probation_ends_on",
            "probation_overdue",
            "full_on",
            "full_decision",
            "ended_on",
            "end_reason",
        ]

    def get_stage(self, member) -> str:
        return stage(member).value

    def get_probation_overdue(self, member) -> bool:
        return probation_overdue(member, timezone.localdate())


class MemberDetailSerializer(MemberSerializer):
    """One member with the history of their party life; the personal fields only when `context["personal"]`."""

    placements = PlacementSerializer(many=True, read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)
    evaluations = MemberEvaluationSerializer(many=True, read_only=True)
    awards = AwardSerializer(many=True, read_only=True)
    badges = BadgeAwardSerializer(many=True, read_only=True)
    personal_data_shown = serializers.SerializerMethodField()

    class Meta(MemberSerializer.Meta):
        fields = [
            *MemberSerializer.Meta.fields,
            "personal_data_shown",
            *PERSONAL,
            "placements",
            "transfers",
            "evaluations",
            "awards",
            "badges",
        ]
        extra_kwargs = {name: {"help_text": "Only when the caller may see members' personal data"} for name in PERSONAL}

    def get_personal_data_shown(self, member) -> bool:
        return bool(self.context.get("personal"))

    def to_representation(self, member):
        data = super().to_representation(member)
        if not self.context.get("personal"):
            for name in PERSONAL:
                data.pop(name, None)
        return data


class RecordFieldsSerializer(serializers.Serializer):
    """The record's fields a write may carry (the pipeline's dates change through their own actions)."""

    full_name = serializers.CharField(max_length=200, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    card_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    education = serializers.CharField(max_length=20, required=False, allow_blank=True)
    qualification = serializers.ChoiceField(choices=Qualification.choices, required=False, allow_blank=True)
    theory_level = serializers.ChoiceField(choices=TheoryLevel.choices, required=False, allow_blank=True)
    position = serializers.CharField(max_length=300, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    identity_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    ethnicity = serializers.CharField(max_length=50, required=False, allow_blank=True)
    religion = serializers.CharField(max_length=50, required=False, allow_blank=True)
    hometown = serializers.CharField(max_length=300, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)


class MemberCreateSerializer(RecordFieldsSerializer):
    """A candidate introduced by a cell."""

    unit = UnitRef(help_text="The party cell introducing the candidate")
    full_name = serializers.CharField(max_length=200)
    gender = serializers.ChoiceField(choices=Gender.choices)
    introduced_on = serializers.DateField()
    card_number = None  # a candidate has no party card yet: it is given on admission


class TrainedSerializer(serializers.Serializer):
    trained_on = serializers.DateField()


class ProposeSerializer(serializers.Serializer):
    proposed_on = serializers.DateField()


class AdmitSerializer(serializers.Serializer):
    admitted_on = serializers.DateField()
    decision = serializers.CharField(max_length=100)
    card_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class RecogniseSerializer(serializers.Serializer):
    full_on = serializers.DateField()
    decision = serializers.CharField(max_length=100)


class NotRecogniseSerializer(serializers.Serializer):
    decided_on = serializers.DateField()
    decision = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MemberEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    reason = choice_text(EndReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TransferWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    to_unit = UnitRef(
        required=False, allow_null=True, default=None, help_text="A party organisation's id (anywhere in the tree)"
    )
    to_unit_code = serializers.CharField(required=False, allow_blank=True, default="", help_text="Or its code")
    kind = choice_text(TransferKind.choices, required=False, default=TransferKind.OFFICIAL)
    sent_on = serializers.DateField()
    until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="A temporary transfer's end (3 months to 2 years)"
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReceiveSerializer(serializers.Serializer):
    received_on = serializers.DateField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class GradeItemSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=Grade.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ClassifySerializer(serializers.Serializer):
    unit = UnitRef(help_text="The cell whose members are classified")
    year = serializers.IntegerField()
    grades = GradeItemSerializer(many=True)


class ClassifyResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    evaluations = MemberEvaluationSerializer(many=True)


class OrganisationClassifySerializer(serializers.Serializer):
    unit = UnitRef()
    year = serializers.IntegerField()
    grade = serializers.ChoiceField(choices=Grade.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AwardWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit = UnitRef(required=False, allow_null=True, default=None, help_text="An organisation")
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    awarded_on = serializers.DateField()
    decision = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class EligibleSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    badge_years = serializers.IntegerField(read_only=True)

    class Meta:
        model = Member
        fields = ["id", "full_name", "unit", "unit_name", "admitted_on", "badge_years"]


class BadgesAwardSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    year = serializers.IntegerField(help_text="The year the members become eligible")
    awarded_on = serializers.DateField()
    decision = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


STAGE_VALUES = Stage.values
