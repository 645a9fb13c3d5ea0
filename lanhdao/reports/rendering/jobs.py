"""Report files made in the background: start a job, run it with progress, and give its file to its owner only."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action
from lanhdao.audit.services import record
from lanhdao.reports.models import RenderFormat, RenderJob, RenderStatus

from .docx import render_docx
from .pdf import PdfUnavailable, docx_to_pdf
from .sample import review_report
from .xlsx import render_xlsx

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    RenderFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    RenderFormat.PDF: "application/pdf",
    RenderFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def start_render(*, actor, unit, year: int, fmt: str) -> RenderJob:
    """Queue the review report of `unit` (already access-checked for `actor`) for `year` in format `fmt`."""
    if fmt not in RenderFormat.values:
        raise ValidationError({"format": _("Choose DOCX, PDF or XLSX.")})
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Choose a year between 2000 and next year.")})
    with transaction.atomic():
        job = RenderJob.objects.create(
            owner=actor, unit=unit, year=year, format=fmt, language=translation.get_language() or "vi"
        )
        record(actor=actor, action=Action.EXPORT, obj=job, after={"unit": unit.code, "year": year, "format": fmt})
    render_report_task.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _set_progress(job: RenderJob, percent: int) -> None:
    percent = max(0, min(99, percent))
    if percent > job.progress:
        job.progress = percent
        RenderJob.objects.filter(pk=job.pk).update(progress=percent)


def _scaled(job: RenderJob, low: int, high: int):
    return lambda done, total: _set_progress(job, low + (high - low) * done // max(1, total))


def run_render(job_id: int) -> str:
    """Make the file of job `job_id` (called by the task); returns the final status. Progress: figures 0–30 %,
    the document 30–60 % (PDF) or 30–95 %, LibreOffice 60–95 %, saved 100 %."""
    job = RenderJob.objects.select_related("unit").get(pk=job_id)
    if job.finished:
        return job.status
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.RUNNING)
    try:
        with translation.override(job.language):
            report = review_report(job.unit, job.year, progress=_scaled(job, 0, 30))
            if job.format == RenderFormat.XLSX:
                data = render_xlsx(report, progress=_scaled(job, 30, 95))
            elif job.format == RenderFormat.DOCX:
                data = render_docx(report, progress=_scaled(job, 30, 95))
            else:
                data = docx_to_pdf(render_docx(report, progress=_scaled(job, 30, 60)))
                _set_progress(job, 95)
        name = f"bao-cao-{slugify(job.unit.code) or job.unit_id}-{job.year}.{job.format}"
        job.file.save(name, ContentFile(data), save=False)
        job.status, job.progress, job.error = RenderStatus.DONE, 100, ""
    except PdfUnavailable as error:
        job.status, job.error = RenderStatus.FAILED, str(error)
    except Exception:
        logger.exception("report job %s failed", job.pk)
        job.status, job.error = RenderStatus.FAILED, _("The report could not be made; the error is in the server log.")
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "error", "file", "finished_at"])
    return job.status


@task
def render_report_task(job_id: int) -> str:
    """The background task (Django's tasks framework; run by `lanhdao db_worker`, at once in tests)."""
    return run_render(job_id)


def access_render_job(user, pk) -> RenderJob:
    """The job `pk` if `user` started it: 404 otherwise, the same answer as for a job that does not exist."""
    from lanhdao.core.access import get_in_scope

    jobs = RenderJob.objects.select_related("unit").filter(owner_id=getattr(user, "pk", None))
    return get_in_scope(jobs, pk, _("No such report file."))


def recent_jobs(user, unit, limit: int = 10) -> list[RenderJob]:
    return list(RenderJob.objects.filter(owner_id=user.pk, unit=unit).order_by("-created_at", "-id")[:limit])


def content_type(job: RenderJob) -> str:
    return CONTENT_TYPES[RenderFormat(job.format)]
