"""REST shapes of staffing: what the API answers, and what it takes (unit ids, checked in the caller's scope by the
endpoints before any service runs)."""

from rest_framework import serializers

from lanhdao.core.access import MAX_ID
from lanhdao.core.params import FIRST_YEAR, LAST_YEAR
from lanhdao.org.picker import UnitRef

from .models import StaffCategory, StaffingQuota, StreamliningTarget

# Bounds on every number taken: a value past what the database holds would fail in the database (500), not here (400).
COUNT = {"required": False, "allow_null": True, "min_value": 0, "max_value": 10**9}
UNIT = {"min_value": 1, "max_value": MAX_ID}
YEAR = {"min_value": FIRST_YEAR, "max_value": LAST_YEAR}


class StaffingQuotaSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    vacancies = serializers.IntegerField(read_only=True, allow_null=True, help_text="assigned − headcount, ≥ 0")
    over = serializers.IntegerField(read_only=True, allow_null=True, help_text="headcount − assigned, ≥ 0")

    class Meta:
        model = StaffingQuota
        fields = [
            "id",
            "unit",
            "unit_code",
            "unit_name",
            "year",
            "category",
            "category_label",
            "assigned",
            "headcount",
            "vacancies",
            "over",
            "note",
            "updated_at",
            "updated_by",
        ]


class StaffingQuotaValuesSerializer(serializers.Serializer):
    """What a row holds. A field left out is left as it is; null clears a figure (not known)."""

    assigned = serializers.IntegerField(**COUNT, help_text="Quota assigned (set by the level above the unit)")
    headcount = serializers.IntegerField(**COUNT, help_text="Headcount (reported by the unit)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class StaffingQuotaCreateSerializer(StaffingQuotaValuesSerializer):
    unit = UnitRef(**UNIT)
    year = serializers.IntegerField(**YEAR)
    category = serializers.ChoiceField(choices=StaffCategory.choices)


class StaffingQuotaBulkRowSerializer(StaffingQuotaValuesSerializer):
    unit = UnitRef(**UNIT)
    category = serializers.ChoiceField(choices=StaffCategory.choices)


class StaffingQuotaBulkSerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    rows = StaffingQuotaBulkRowSerializer(many=True, allow_empty=False)


class StaffingTargetSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = StreamliningTarget
        fields = [
            "id",
            "unit",
            "unit_code",
            "category",
            "base_year",
            "target_year",
            "percent",
            "legal_basis",
            "archived_at",
            "created_at",
        ]


class StaffingTargetUpdateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=StaffCategory.choices, required=False, allow_blank=True, help_text="Empty: all categories"
    )
    base_year = serializers.IntegerField(required=False, **YEAR)
    target_year = serializers.IntegerField(required=False, **YEAR)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, help_text="Reduction, 0–100")
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=500)


class StaffingTargetCreateSerializer(StaffingTargetUpdateSerializer):
    unit = UnitRef(**UNIT)
    base_year = serializers.IntegerField(**YEAR)
    target_year = serializers.IntegerField(**YEAR)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Reduction, 0–100")


class StaffingArchiveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# --- the subtree summary (read only, from the selectors' dataclasses) -----------------------------------------------


class StaffingFiguresSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()
    headcount = serializers.IntegerField()
    vacancies = serializers.IntegerField(help_text="Summed row by row (unit and category)")
    over = serializers.IntegerField(help_text="Staff over quota, summed row by row")
    rows = serializers.IntegerField(help_text="Rows counted")


class StaffingProgressSerializer(serializers.Serializer):
    target = StaffingTargetSerializer()
    base = serializers.IntegerField(help_text="Quota assigned in the base year (the subtree)")
    limit = serializers.IntegerField(help_text="The most the quota may be: base less the reduction, rounded down")
    current = serializers.IntegerField(help_text="Quota assigned in the year asked (the subtree)")
    distance = serializers.IntegerField(help_text="current − limit: > 0 still to cut, ≤ 0 met")
    met = serializers.BooleanField()


class StaffingYearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField(**YEAR)
    figures = StaffingFiguresSerializer()

    def to_representation(self, instance):
        year, figures = instance
        return {"year": year, "figures": StaffingFiguresSerializer(figures).data}


class StaffingLineUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_archived = serializers.BooleanField()


class StaffingLineSerializer(serializers.Serializer):
    unit = StaffingLineUnitSerializer(allow_null=True, help_text="null: the unit's own rows")
    figures = StaffingFiguresSerializer()
    progress = StaffingProgressSerializer(allow_null=True)
    series = StaffingYearFiguresSerializer(many=True)


class StaffingOverQuotaSerializer(StaffingQuotaSerializer):
    excess = serializers.IntegerField(read_only=True)

    class Meta(StaffingQuotaSerializer.Meta):
        fields = [*StaffingQuotaSerializer.Meta.fields, "excess"]


class StaffingSummarySerializer(serializers.Serializer):
    unit = StaffingLineUnitSerializer()
    year = serializers.IntegerField(**YEAR)
    category = serializers.CharField(help_text="Empty: all categories")
    totals = StaffingFiguresSerializer()
    progress = StaffingProgressSerializer(allow_null=True)
    children = StaffingLineSerializer(
        many=True, source="lines", help_text="The unit's own rows first (unit null), then each child"
    )
    series = StaffingYearFiguresSerializer(many=True)
    over_quota = StaffingOverQuotaSerializer(many=True)
    over_quota_count = serializers.IntegerField()
