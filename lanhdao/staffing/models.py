"""Staffing (biên chế, DOMAIN.md §1): the quota each unit is assigned per year and category, the headcount it reports,
and the streamlining targets (tinh giản biên chế) set on a subtree.

One `StaffingQuota` row per unit, year and category counts **the unit's own staff** — the people working in that body,
not in the units under it — so the figure of a subtree is the plain sum of its rows, and a restructuring that merges
units can sum their rows onto the new unit. The quota (`assigned`) is given by the level above (the unit's parent);
the headcount is reported by the unit itself. Either may be unknown (null) for a while: a quota assigned before the
headcount is reported, or the reverse.

Every row keeps its unit's path and the ids of the unit's depth-2 and depth-3 ancestors (or itself), written by the
services, so a subtree is one prefix range and the figures of a province group on a plain integer column by district
or commune (STYLE.md, "Lessons from the field"), as the members' fact rows do.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffCategory(models.TextChoices):
    """The categories quotas are assigned in, as in Vietnamese practice: civil-servant quotas (biên chế công chức, for
    Party, State and Front bodies), public-employee numbers (số lượng người làm việc, viên chức) and contract workers
    (lao động hợp đồng, Decree 111/2022/NĐ-CP)."""

    CIVIL_SERVANT = "civil_servant", _("Cadres and civil servants (cán bộ, công chức)")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employees (viên chức)")
    CONTRACT = "contract", _("Contract workers (lao động hợp đồng)")


class StaffingQuota(models.Model):
    """The staff of one unit in one year and one category: the quota assigned and the headcount on the payroll."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="")
    level2_id = models.IntegerField(null=True, editable=False)
    level3_id = models.IntegerField(null=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=StaffCategory.choices)
    assigned = models.PositiveIntegerField(_("quota assigned"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = ("unit", "year", "category", "assigned", "headcount", "note")

    class Meta:
        # The tables of the days staffing lived in `org`: the app moved, the rows stayed (0001 here, org 0005).
        db_table = "org_staffingquota"
        verbose_name = _("staffing quota")
        verbose_name_plural = _("staffing quotas")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "category"], name="staffing_quota_unique"),
        ]
        indexes = [
            # year = Y AND unit_path LIKE 'p%' as one index range (opclasses: PostgreSQL only)
            models.Index(
                fields=["year", "unit_path"],
                name="staffing_year_path_like",
                opclasses=["int2_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year} — {self.get_category_display()}"

    @property
    def vacancies(self) -> int | None:
        if self.assigned is None or self.headcount is None:
            return None
        return max(self.assigned - self.headcount, 0)

    @property
    def over(self) -> int | None:
        if self.assigned is None or self.headcount is None:
            return None
        return max(self.headcount - self.assigned, 0)


class StreamliningTarget(models.Model):
    """A reduction the level above asks of a unit's subtree: its total assigned quota in `target_year` at least
    `percent` below the quota of `base_year` (Resolution 39-NQ/TW: at least 10 % by 2021 against 2015). `category`
    empty means all categories together."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="", db_index=True)
    category = models.CharField(
        _("category"), max_length=20, choices=StaffCategory.choices, blank=True, help_text=_("Empty: all categories.")
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    percent = models.DecimalField(
        _("reduction (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = ("unit", "category", "base_year", "target_year", "percent", "legal_basis", "archived_at")

    class Meta:
        db_table = "org_streamliningtarget"
        verbose_name = _("streamlining target")
        verbose_name_plural = _("streamlining targets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("base_year")), name="streamlining_years_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100), name="streamlining_percent_range"
            ),
            models.UniqueConstraint(
                fields=["unit", "category", "base_year", "target_year"],
                condition=models.Q(archived_at__isnull=True),
                name="streamlining_target_unique_live",
            ),
        ]

    def __str__(self) -> str:
        category = self.get_category_display() if self.category else _("all categories")
        return f"{self.unit} — {self.base_year}→{self.target_year} −{self.percent_text}% ({category})"

    @property
    def percent_text(self) -> str:
        """10.00 → "10", 7.50 → "7.5"."""
        return f"{self.percent.normalize():f}"
