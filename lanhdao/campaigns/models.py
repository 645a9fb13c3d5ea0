"""Models of the review campaigns: a campaign a unit opens for the Party organisations under it, and the report of each
addressed unit. They were reports' until issue 14 and keep its tables (Meta.db_table): their rows never moved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.reports.models import default_outline


class CampaignKind(models.TextChoices):
    INTERIM = "interim", _("Interim review")
    FINAL = "final", _("Final review")


class Campaign(models.Model):
    """A review opened by a unit for the Party organisations directly under it: each gets a draft report.

    A review gathers level by level: an addressed unit may relay the campaign to the organisations under it
    (`relay_of` is its own report in the campaign above), with its own, earlier deadline; its report then shows what
    they submitted, and the campaign above sees how far each relay has come."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(
        pgettext_lazy("campaign", "kind"), max_length=8, choices=CampaignKind.choices, default=CampaignKind.INTERIM
    )
    title = models.CharField(_("title"), max_length=300)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document reviewed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
        "CampaignReport",
        verbose_name=_("relayed from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relay",
    )

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-opened_at", "-id"]
        db_table = "reports_campaign"

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
        db_table = "reports_campaignreport"
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="reports_campaignreport_unique")]

    def __str__(self):
        return f"{self.campaign} — {self.unit_id}"
