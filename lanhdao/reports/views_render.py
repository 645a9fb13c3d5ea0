"""Pages of report files: choose a unit's review report as DOCX, PDF or XLSX, follow its progress, download it."""

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.core.forms import run_service
from lanhdao.org.permissions import access_unit

from .models import RenderFormat, RenderStatus
from .permissions import access_render_job
from .rendering import jobs


class RenderForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    format = forms.ChoiceField(label=_("Format"), choices=RenderFormat.choices)


@require_http_methods(["GET", "POST"])
def render_demo(request, unit_pk):
    unit = access_unit(request.user, unit_pk)
    form = RenderForm(request.POST or None, initial={"year": timezone.localdate().year, "format": RenderFormat.DOCX})
    if request.method == "POST" and form.is_valid():
        job = run_service(
            form,
            jobs.start_render,
            actor=request.user,
            unit=unit,
            year=form.cleaned_data["year"],
            fmt=form.cleaned_data["format"],
        )
        if not form.errors:
            return redirect("reports:render_job", pk=job.pk)
    context = {"unit": unit, "form": form, "jobs": jobs.recent_jobs(request.user, unit)}
    return render(request, "reports/render_demo.html", context)


@require_GET
def render_job(request, pk):
    job = access_render_job(request.user, pk)
    context = {"job": job}
    if request.htmx:
        return render(request, "reports/partials/_render_progress.html", context)
    return render(request, "reports/render_job.html", context)


@require_GET
def render_download(request, pk):
    job = access_render_job(request.user, pk)
    if job.status != RenderStatus.DONE or not job.file:
        raise Http404(_("The file is not ready."))
    name = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name, content_type=jobs.content_type(job))
