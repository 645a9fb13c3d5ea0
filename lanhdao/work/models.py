from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.roles import Clearance
from lanhdao.core.text import fold


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Task(models.Model):
    """A concrete task assigned by a unit to a lead unit, with a deadline (DOMAIN.md §2.2–2.3).

    Only facts are stored (proposed, accepted, returned, cancelled, and when); the status is derived from them and
    the date by work.status, in Python and in SQL alike. A recurring task is a series: each period is its own task
    (`series` points to the first), created when the period starts or when the previous one is accepted.
    """

    title = models.CharField(_("title"), max_length=500)
    search_title = models.CharField(max_length=500, editable=False, default="")
    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("implements document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_item = models.CharField(_("item of the document"), max_length=200, blank=True)
    assigning_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="+"
    )
    lead_unit = models.ForeignKey("org.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+")
    # The lead unit's path, kept on the row: a subtree board filters millions of tasks by prefix without a join.
    lead_path = models.CharField(max_length=255, editable=False)
    # A restructuring passes open tasks to the successor of their lead unit: the path before and the day of the
    # change keep the figures of earlier periods on the unit as it was (reports.selectors).
    earlier_lead_path = models.CharField(max_length=255, editable=False, blank=True, default="")
    lead_since = models.DateField(null=True, blank=True, editable=False)
    coordinating_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("coordinating units"), blank=True, related_name="+", through="Coordination"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("part of task"), null=True, blank=True, on_delete=models.PROTECT, related_name="subtasks"
    )
    series = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="occurrences", editable=False
    )
    start_date = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"), db_index=True)
    recurrence = models.CharField(_("repeats"), max_length=10, choices=Recurrence.choices, blank=True, default="")
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    expected_output = models.CharField(_("expected output"), max_length=500, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    # At least the level of what the task derives from (its document, the confidential meeting whose conclusion
    # gave it, the inspection whose recommendation it carries out, its parent task): README "Confidentiality".
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    proposed_at = models.DateTimeField(_("completion proposed at"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Audited values that name records without being a field of the task (audit.selectors.labelled).
    audit_references = {"coordinating_units": "org.Unit"}
    audit_fields = (
        "title",
        "description",
        "document",
        "document_item",
        "assigning_unit",
        "lead_unit",
        "responsible",
        "parent",
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
        "confidentiality",
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            # The board of a subtree: the status cards and the counts by lead unit read only this index (index-only
            # on PostgreSQL) instead of tasks scattered over the table; lead_path first, as a LIKE 'prefix%' range.
            # Any column the status rule reads must be here too. Measured at 2,000,000 tasks: 2.2 s → 0.14 s.
            models.Index(
                fields=[
                    "lead_path",
                    "lead_unit",
                    "deadline",
                    "start_date",
                    "completed_on",
                    "proposed_at",
                    "accepted_at",
                    "returned_at",
                    "cancelled_at",
                    "id",
                    "lead_since",
                    "earlier_lead_path",
                    "confidentiality",
                ],
                # confidentiality: every read filters by the reader's clearance (selectors.tasks_for).
                # lead_since and earlier_lead_path: the reviews' task figures (reports.selectors) read which lead a
                # task had on a day; with them here those figures are index-only too (bench/bench_indicators.py).
                name="task_lead_path_board",
                opclasses=[
                    "varchar_pattern_ops",
                    "int8_ops",
                    "date_ops",
                    "date_ops",
                    "date_ops",
                    "timestamptz_ops",
                    "timestamptz_ops",
                    "timestamptz_ops",
                    "timestamptz_ops",
                    "int8_ops",
                    "date_ops",
                    "varchar_ops",
                    "int2_ops",
                ],
            ),
            # The few tasks a restructuring moved, by their earlier lead: a review of a period before the move counts
            # them there. Partial: the other millions have no earlier lead.
            models.Index(
                fields=["earlier_lead_path"],
                name="task_earlier_path_like",
                opclasses=["varchar_pattern_ops"],
                condition=~models.Q(earlier_lead_path=""),
            ),
            # The oldest overdue tasks: walk the deadlines of open tasks, not years of closed ones.
            models.Index(
                fields=["deadline"],
                name="task_open_deadline_idx",
                condition=models.Q(cancelled_at__isnull=True, accepted_at__isnull=True),
            ),
            models.Index(fields=["assigning_unit", "deadline"], name="task_assigner_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("start_date")), name="task_deadline_after_start"
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        self.lead_path = self.lead_unit.path if self.lead_unit_id and not self.lead_path else self.lead_path
        super().save(*args, **kwargs)


class Coordination(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_coordination_per_unit")]

    def __str__(self) -> str:
        return f"{self.task_id} ↔ {self.unit_id}"

    def audit_confidentiality(self) -> int:
        return self.task.confidentiality


class ProgressReport(models.Model):
    """A report by the lead or a coordinating unit: a percentage, a text, optional evidence."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("report"))
    evidence = models.FileField(_("evidence"), upload_to="work/evidence/%Y/%m", blank=True, max_length=200)
    evidence_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("task", "unit", "percent", "text", "evidence_name")

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.percent}% — {self.text[:60]}"

    def audit_confidentiality(self) -> int:
        return self.task.confidentiality


class Reminder(models.Model):
    """A reminder already sent, so that each stage (due soon, overdue, escalated) is sent once per task."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATED = "escalated", _("Escalated")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    deadline = models.DateField()  # a changed deadline makes the stage due again
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "stage", "deadline"], name="one_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.stage} {self.deadline}"
