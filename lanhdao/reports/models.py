"""Models of the reports app: so far only the background rendering of report files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class RenderFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"


class RenderStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RenderJob(models.Model):
    """One report file being made in the background for one user; only that user may fetch the file."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField(_("year"))
    format = models.CharField(_("format"), max_length=8, choices=RenderFormat.choices)
    language = models.CharField(max_length=8, default="vi")
    status = models.CharField(_("status"), max_length=8, choices=RenderStatus.choices, default=RenderStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(upload_to="reports/render/%Y/%m", blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report file job")
        verbose_name_plural = _("report file jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="reports_renderjob_owner")]

    def __str__(self):
        return f"{self.get_format_display()} {self.unit_id} {self.year} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (RenderStatus.DONE, RenderStatus.FAILED)


class CampaignKind(models.TextChoices):
    INTERIM = "interim", _("Interim review")
    FINAL = "final", _("Final review")


def default_outline() -> list[dict]:
    """The five parts of a review report (results, not done, causes, lessons, proposals); English titles (marked for
    translation), translated when shown."""
    return [
        {
            "key": "done",
            "title": gettext_noop("Results achieved"),
            "hint": gettext_noop("What was done, with figures."),
        },
        {
            "key": "not_done",
            "title": gettext_noop("What was not done"),
            "hint": gettext_noop("Targets missed, tasks unfinished."),
        },
        {"key": "causes", "title": gettext_noop("Causes"), "hint": gettext_noop("Objective and subjective causes.")},
        {"key": "lessons", "title": gettext_noop("Lessons learned"), "hint": ""},
        {
            "key": "proposals",
            "title": gettext_noop("Tasks and proposals"),
            "hint": gettext_noop("What is proposed to the higher level."),
        },
    ]


class Campaign(models.Model):
    """A review opened by a unit for the Party organisations directly under it: each gets a draft report.

    A review gathers level by level: an addressed unit may relay the campaign to the organisations under it
    (`relay_of` is its own report in the campaign above), with its own, earlier deadline; its report then shows what
    they submitted, and the campaign above sees how far each relay has come."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=CampaignKind.choices, default=CampaignKind.INTERIM)
    title = models.CharField(_("title"), max_length=300)
    document = models.ForeignKey(
        "documents.Document", verbose_name=_("document reviewed"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    deadline = models.DateField(_("deadline"))
    outline = models.JSONField(_("outline"), default=default_outline)
    indicator_keys = models.JSONField(_("required indicators"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    relay_of = models.OneToOneField(
        "CampaignReport", verbose_name=_("relayed from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="relay",
    )  # fmt: skip

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-opened_at", "-id"]

    def __str__(self):
        return self.title


class CampaignReport(models.Model):
    """The report of one addressed unit in a campaign: figures filled from the data, sections written by the unit."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    figures = models.JSONField(_("figures"), default=dict)
    # {key: how many of the records a figure counts are confidential}: the figures count every record, whoever reads
    # them, and say how many are confidential, never which (README, "Confidentiality").
    figures_confidential = models.JSONField(_("confidential records in the figures"), default=dict)
    figures_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    sections = models.JSONField(_("sections"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("campaign report")
        verbose_name_plural = _("campaign reports")
        ordering = ["campaign", "unit_path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="reports_campaignreport_unique")]

    def __str__(self):
        return f"{self.campaign} — {self.unit_id}"


class IndicatorTarget(models.Model):
    """The plan of a unit for a year on one indicator of the catalogue (e.g. admit 120 members in 2026), set by the
    unit or by a level above it; the dashboard shows each figure against it. A plan is the unit's with its subtree,
    for the whole calendar year. `key` is an indicator key (reports.indicators.BY_KEY, checked by the services: the
    catalogue is code, not a list of choices in the database)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("indicator"), max_length=64)
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    audit_fields = ("unit", "year", "key", "value", "note")

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            # also the index of every read: a unit's (or units') targets for a year
            models.UniqueConstraint(fields=["unit", "year", "key"], name="reports_indicatortarget_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=1), name="reports_indicatortarget_positive"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.year} — {self.key}: {self.value}"
