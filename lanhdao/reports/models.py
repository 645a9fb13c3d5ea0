"""Models of the reports app: the background rendering of report files, the outline of a review report, and (from
reports/plans/models.py) the plans. The review campaigns are an app of their own (lanhdao.campaigns)."""

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


# The outline of a review report, the default of a campaign's (lanhdao.campaigns). It stays here because reports'
# migration 0002, which made the campaigns' tables while they were reports', names it by this path.
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


# The plans' model lives with the rest of the plans (reports/plans); imported here so that Django finds it.
from .plans.models import IndicatorTarget  # noqa: E402, F401
