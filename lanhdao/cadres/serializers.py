"""REST shapes of cadre work: what the API answers, and what it takes (ids, checked in the caller's scope by the
endpoints before any service runs)."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from lanhdao.org.picker import UnitRef

from .models import (
    Movement,
    MovementKind,
    Nomination,
    NominationKind,
    NominationOutcome,
    PositionHeld,
    SuccessionEntry,
    Training,
    TrainingKind,
)
from .selectors import FIGURE_KEYS


def choice_text(choices, **kwargs) -> serializers.CharField:
    """A choice shown in the schema as text listing its values (two enums named `kind` would collide in
    drf-spectacular's naming, a warning that fails `check --deploy`)."""
    values = [value for value, _label in choices]
    kwargs.setdefault("help_text", "One of: " + ", ".join(v or repr(v) for v in values))
    if kwargs.get("read_only"):
        return serializers.CharField(**kwargs)

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(_("Not one of the choices: %(v)s") % {"v": value})

    return serializers.CharField(validators=[one_of], **kwargs)


def _text(max_length: int, **kwargs):
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


def _date(**kwargs):
    return serializers.DateField(required=False, allow_null=True, **kwargs)


def _id(help_text: str, **kwargs):
    return serializers.IntegerField(required=False, allow_null=True, help_text=help_text, **kwargs)


def _unit(help_text: str, **kwargs):
    return UnitRef(required=False, allow_null=True, help_text=help_text, **kwargs)


class NoteSerializer(serializers.Serializer):
    note = _text(300, default="")


# --- positions -----------------------------------------------------------------------------------------------------


class PositionSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PositionHeld
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "title",
            "started_on",
            "ended_on",
            "decision",
            "created_at",
        ]


class PositionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    started_on = serializers.DateField(required=False)
    ended_on = _date()
    decision = _text(100)


class PositionWriteSerializer(PositionUpdateSerializer):
    member = serializers.IntegerField()
    unit = UnitRef(help_text="The body the post is in")
    title = serializers.CharField(max_length=200)
    started_on = serializers.DateField()
    ended_on = _date(default=None)
    decision = _text(100, default="")


class PositionEndSerializer(NoteSerializer):
    ended_on = serializers.DateField()


# --- succession plans ----------------------------------------------------------------------------------------------


class SuccessionSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = SuccessionEntry
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "unit_name",
            "term",
            "title",
            "added_on",
            "removed_on",
            "decision",
            "created_at",
        ]


class SuccessionUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    added_on = serializers.DateField(required=False)
    decision = _text(100)


class SuccessionWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    unit = UnitRef(help_text="The body whose plan it is")
    term = serializers.CharField(max_length=9, help_text="YYYY-YYYY, e.g. 2025-2030")
    title = serializers.CharField(max_length=200)
    added_on = serializers.DateField()
    decision = _text(100, default="")


class SuccessionRemoveSerializer(NoteSerializer):
    removed_on = serializers.DateField()


# --- training ------------------------------------------------------------------------------------------------------


class TrainingSerializer(serializers.ModelSerializer):
    kind = choice_text(TrainingKind.choices, read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Training
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "kind",
            "course",
            "level",
            "institution",
            "started_on",
            "ended_on",
            "completed",
            "created_at",
        ]


LEVEL_HELP = "For political theory: elementary, intermediate, advanced or bachelor; for expertise a qualification"


class TrainingUpdateSerializer(serializers.Serializer):
    kind = choice_text(TrainingKind.choices, required=False)
    course = serializers.CharField(max_length=300, required=False)
    level = _text(16, help_text=LEVEL_HELP)
    institution = _text(200)
    started_on = serializers.DateField(required=False)
    ended_on = _date()


class TrainingWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    kind = choice_text(TrainingKind.choices)
    course = serializers.CharField(max_length=300)
    level = _text(16, default="", help_text=LEVEL_HELP)
    institution = _text(200, default="")
    started_on = serializers.DateField()
    ended_on = _date(default=None)
    completed = serializers.BooleanField(required=False, default=False)


class TrainingCompleteSerializer(serializers.Serializer):
    ended_on = serializers.DateField()
    level = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="The level reached, when it differs from the one recorded",
    )


# --- rotation and transfer -----------------------------------------------------------------------------------------


class MovementSerializer(serializers.ModelSerializer):
    kind = choice_text(MovementKind.choices, read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Movement
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "kind",
            "decided_on",
            "decision",
            "from_unit",
            "to_unit",
            "destination",
            "post",
            "starts_on",
            "ends_on",
            "created_at",
        ]


class MovementUpdateSerializer(serializers.Serializer):
    kind = choice_text(MovementKind.choices, required=False)
    decided_on = serializers.DateField(required=False)
    decision = _text(100)
    from_unit = _unit("A unit's id or code")
    to_unit = _unit("A unit's id or code")
    destination = _text(300)
    post = _text(200)
    starts_on = serializers.DateField(required=False)
    ends_on = _date()


class MovementWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    unit = UnitRef(help_text="The deciding unit")
    kind = choice_text(MovementKind.choices)
    decided_on = serializers.DateField()
    decision = _text(100, default="")
    from_unit = _unit("A unit's id or code", default=None)
    to_unit = _unit("A unit's id or code", default=None)
    destination = _text(300, default="", help_text="When the destination is not a unit of the tree")
    post = _text(200, default="")
    starts_on = serializers.DateField()
    ends_on = _date(default=None)
    end_position = _id("A position of the member that ends the day before the movement starts", default=None)
    start_position = serializers.BooleanField(
        required=False, default=False, help_text="Start `post` in `to_unit` from `starts_on`"
    )


# --- nominations ---------------------------------------------------------------------------------------------------


class NominationSerializer(serializers.ModelSerializer):
    kind = choice_text(NominationKind.choices, read_only=True)
    outcome = choice_text(NominationOutcome.choices, read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "member",
            "member_name",
            "unit",
            "kind",
            "post",
            "body",
            "nominated_on",
            "outcome",
            "outcome_on",
            "created_at",
        ]


class NominationUpdateSerializer(serializers.Serializer):
    kind = choice_text(NominationKind.choices, required=False)
    post = serializers.CharField(max_length=200, required=False)
    body = _unit("The body of the post (a unit's id or code)")
    nominated_on = serializers.DateField(required=False)


class NominationWriteSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    unit = UnitRef(help_text="The nominating unit")
    kind = choice_text(NominationKind.choices)
    post = serializers.CharField(max_length=200)
    body = _unit("The body of the post (a unit's id or code)", default=None)
    nominated_on = serializers.DateField()


class NominationOutcomeSerializer(serializers.Serializer):
    outcome = choice_text([c for c in NominationOutcome.choices if c[0]])
    outcome_on = serializers.DateField()


# --- figures -------------------------------------------------------------------------------------------------------


class CadreFiguresSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    subtree = serializers.BooleanField()

    def get_fields(self):
        fields = super().get_fields()
        for key in FIGURE_KEYS:
            fields[key] = serializers.IntegerField()
        return fields
