"""Inspection and supervision (kiểm tra, giám sát; DOMAIN.md §2.5): programmes per term and year, inspections and
supervisions of organisations or members, their findings and conclusions, recommendations that become tasks (through
work.services), and discipline decisions.

Each row keeps the path of the conducting unit (`unit_path`) and of its subject (`subject_path`): the conducting
unit's scope sees its inspections; the subject's scope sees those of it once concluded. An inspection may carry a
confidentiality level, as documents and meetings do.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.roles import Clearance
from lanhdao.core.text import fold


def _path_index(field: str, name: str) -> models.Index:
    # LIKE 'prefix%' on PostgreSQL whatever the collation (the opclass is ignored elsewhere)
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class ProgrammeSpan(models.TextChoices):
    TERM = "term", _("Full term")
    YEAR = "year", _("Year")


class Programme(models.Model):
    """An inspection and supervision programme of a committee (or its inspection commission) for a term or a year."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="")
    span = models.CharField(_("span"), max_length=8, choices=ProgrammeSpan.choices)
    title = models.CharField(_("title"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("unit", "span", "title", "starts_on", "ends_on", "document", "archived_at")

    class Meta:
        verbose_name = _("inspection programme")
        verbose_name_plural = _("inspection programmes")
        ordering = ["-starts_on", "-id"]
        indexes = [_path_index("unit_path", "insp_programme_path_like")]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_dates")
        ]

    def __str__(self) -> str:
        return self.title


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    INSPECTION_SIGNS = "inspection_signs", _("Inspection on signs of violation")
    SUPERVISION_REGULAR = "supervision_regular", _("Regular supervision")
    SUPERVISION_THEMATIC = "supervision_thematic", _("Thematic supervision")


SUPERVISIONS = (InspectionKind.SUPERVISION_REGULAR, InspectionKind.SUPERVISION_THEMATIC)


class SubjectKind(models.TextChoices):
    ORGANISATION = "organisation", _("Party organisation")
    MEMBER = "member", _("Party member")


class Inspection(models.Model):
    """One inspection or supervision of an organisation or of a member: subject, scope, team, dates, findings,
    conclusion."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("conducting unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="")
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(pgettext_lazy("inspection", "kind"), max_length=24, choices=InspectionKind.choices)
    subject_kind = models.CharField(pgettext_lazy("inspection", "subject"), max_length=12, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("organisation inspected"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a member: the member's organisation."),
    )
    subject_path = models.CharField(max_length=255, editable=False, default="")
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member inspected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("content"), max_length=500)
    scope = models.TextField(_("scope"), blank=True)
    team = models.TextField(_("team"), blank=True, help_text=_("Head and members of the team, one per line."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, db_index=True)
    violation_found = models.BooleanField(_("violations found"), default=False)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL
    )
    search_text = models.CharField(max_length=1100, editable=False, default="")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = (
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
        "archived_at",
    )

    class Meta:
        verbose_name = _("inspection or supervision")
        verbose_name_plural = _("inspections and supervisions")
        ordering = ["-starts_on", "-id"]
        indexes = [
            _path_index("unit_path", "inspection_path_like"),
            _path_index("subject_path", "inspection_subject_like"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_kind="organisation", subject_member__isnull=True)
                | models.Q(subject_kind="member", subject_member__isnull=False),
                name="inspection_subject_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="inspection_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.scope}")[:1100]
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.subject_member if self.subject_member_id else self.subject_unit


class Recommendation(models.Model):
    """A recommendation of a concluded inspection; with a lead unit and a deadline it becomes a task, whose status is
    the follow-up."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("recommendation"))
    task = models.ForeignKey(
        "work.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("inspection", "position", "text", "task")

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    DISMISSAL = "dismissal", _("Dismissal from posts (cách chức)")
    EXPULSION = "expulsion", _("Expulsion (khai trừ)")
    DISSOLUTION = "dissolution", _("Dissolution of the organisation (giải tán)")


MEMBER_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISMISSAL, DisciplineForm.EXPULSION)
ORGANISATION_FORMS = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION)


class Discipline(models.Model):
    """A discipline decision on a member or an organisation, by a unit, possibly following an inspection."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("deciding unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, default="")
    subject_kind = models.CharField(pgettext_lazy("inspection", "subject"), max_length=12, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("organisation disciplined"), on_delete=models.PROTECT, related_name="+"
    )
    subject_path = models.CharField(max_length=255, editable=False, default="")
    subject_member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member disciplined"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disciplines",
    )
    form = models.CharField(_("form"), max_length=12, choices=DisciplineForm.choices)
    decided_on = models.DateField(pgettext_lazy("discipline", "decided on"), db_index=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    reason = models.TextField(_("reason"))
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("following inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disciplines",
    )
    # At least the level of the inspection it follows (README "Confidentiality").
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = (
        "unit",
        "subject_kind",
        "subject_unit",
        "subject_member",
        "form",
        "decided_on",
        "decision",
        "reason",
        "inspection",
        "confidentiality",
        "archived_at",
    )

    class Meta:
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [
            _path_index("unit_path", "discipline_path_like"),
            _path_index("subject_path", "discipline_subject_like"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subject_kind="organisation", subject_member__isnull=True)
                | models.Q(subject_kind="member", subject_member__isnull=False),
                name="discipline_subject_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.subject}"

    @property
    def subject(self):
        return self.subject_member if self.subject_member_id else self.subject_unit
