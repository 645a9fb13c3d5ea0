"""Restructuring of the organisation tree (merge, split, move, rename, dissolve) that keeps history true.

A unit that is merged, split, moved or dissolved is never rewritten: it is closed (`valid_to` = the day before the
operation takes effect, archived, its code suffixed with that date) and its successors are new units. Facts recorded
before the operation stay on the closed units, so every figure for an earlier period is reported on the units as
they were then; what is still open (members' placements, open tasks, roles, current posts) moves to the successors
on the effective date. `Lineage` says which unit succeeded which, so a figure "as of today" can include the
predecessors' history when asked; `UnitName` keeps earlier names for the tree as of a past date.

This app sits above org and every app whose rows it moves (org never imports them).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    MOVE = "move", _("Move under another unit")
    RENAME = "rename", _("Rename")
    DISSOLVE = "dissolve", _("Dissolve")


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Could not be applied")


class Operation(models.Model):
    """One restructuring operation, applied once, all or nothing. `spec` is what the user asked for (unit ids, new
    units, the mapping); `summary` what was moved (for a scheduled one, the preview counted when it was scheduled).

    An operation dated after the day it is submitted is only *scheduled*: nothing in the tree changes, the units
    keep their names and codes, and it waits (cancellable) until the background job applies it on its date
    (restructuring.services.apply_due). `units` are the units it acts on, so that their pages show it pending and no
    other operation takes them meanwhile."""

    kind = models.CharField(pgettext_lazy("restructuring", "kind"), max_length=10, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    legal_basis = models.ForeignKey(
        "documents.Document",
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis_text = models.CharField(_("legal basis"), max_length=500, blank=True)
    batch = models.CharField(_("batch"), max_length=200, blank=True, help_text=_("Operations applied together."))
    spec = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    units = models.ManyToManyField("org.Unit", verbose_name=_("units concerned"), related_name="+", blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    failure = models.TextField(_("why it could not be applied"), blank=True)

    audit_fields = (
        "kind",
        "effective_on",
        "legal_basis",
        "legal_basis_text",
        "batch",
        "spec",
        "summary",
        "status",
        "applied_at",
        "cancelled_at",
        "failure",
    )

    class Meta:
        verbose_name = _("restructuring operation")
        verbose_name_plural = _("restructuring operations")
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["status", "effective_on"], name="operation_status_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.effective_on:%d/%m/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.status == Status.SCHEDULED


class Lineage(models.Model):
    """`successor` took over from `predecessor` on `effective_on` (a copy after a move, the target of a merge, one of
    the parts of a split, the receiver of a dissolved unit's open work)."""

    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="lineage")
    predecessor = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    effective_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["successor"], name="lineage_successor"),
            models.Index(fields=["predecessor"], name="lineage_predecessor"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class UnitName(models.Model):
    """A name a unit bore until a date (its current name is on the unit)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    until = models.DateField()
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["until"]
        indexes = [models.Index(fields=["unit", "until"], name="unitname_unit_until")]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReformRun(models.Model):
    """One apply of the 2025 reform (restructuring.reform2025) to one or all new provinces, run in the background
    (restructuring.reform2025_runs); what it wrote is in `result`, the operations it recorded carry its batch."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    provinces = models.JSONField(default=list)
    effective_on = models.DateField(_("effective on"))
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    result = models.JSONField(default=dict)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    audit_fields = ("unit", "provinces", "effective_on", "status", "result", "error")

    class Meta:
        verbose_name = _("reform run")
        verbose_name_plural = _("reform runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.effective_on:%d/%m/%Y} {self.provinces} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
