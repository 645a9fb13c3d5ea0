"""Pages of the review campaigns: a unit's campaigns (issued and addressed to it), the open form, the campaign page of
the issuer (who submitted, who is late, level by level, the aggregate), the report page of an addressed unit (with
the relay of the campaign to the units under it), and their files (DOCX, PDF, XLSX)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.forms import run_service
from lanhdao.documents.selectors import documents_for
from lanhdao.org.permissions import access_unit
from lanhdao.reports.rendering.docx import render_docx
from lanhdao.reports.rendering.pdf import PdfUnavailable, docx_to_pdf
from lanhdao.reports.rendering.xlsx import render_xlsx

from . import selectors as sel
from . import services
from .documents import aggregate_document, report_document
from .forms import CampaignForm, RelayForm, SectionsForm
from .permissions import access_campaign, access_report

# The deadline suggested for a relay: a week before the campaign above's, so the unit has time to compile.
RELAY_LEAD_DAYS = 7
FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
def campaign_list(request, unit_pk):
    unit = access_unit(request.user, unit_pk)
    issued, addressed = sel.campaigns_of_unit(request.user, unit)
    mine = {r.campaign_id: r for r in sel.reports_for(request.user).filter(unit=unit)}
    context = {
        "unit": unit,
        "issued": issued,
        "addressed": [(campaign, mine.get(campaign.pk)) for campaign in addressed],
        "may_open": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "campaigns/list.html", context)


@require_http_methods(["GET", "POST"])
def campaign_open(request, unit_pk):
    unit = access_unit(request.user, unit_pk)
    if not has_perm(request.user, Perm.RECORD, unit):
        raise PermissionDenied(_("You may not open a campaign for this unit."))
    documents = documents_for(request.user).order_by("-pk")
    today = timezone.localdate()
    initial = {"period_start": today.replace(month=1, day=1), "period_end": today, "deadline": today}
    form = CampaignForm(request.POST or None, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        campaign = run_service(form, services.campaign_open, actor=request.user, unit=unit, **form.cleaned_data)
        if not form.errors:
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/form.html", {"unit": unit, "form": form})


@require_GET
def campaign_detail(request, pk):
    campaign = access_campaign(request.user, pk)
    rows = sel.campaign_status(campaign)
    context = {
        "campaign": campaign,
        "rows": rows,
        "counts": sel.counts(rows),
        "levels": sel.levels(campaign),
        "relayed_from": _relayed_from(request.user, campaign),
        "aggregate": sel.aggregate(campaign, rows),
        "required": sel.required(campaign),
        "outline": sel.outline(campaign),
    }
    return render(request, "campaigns/detail.html", context)


def _relayed_from(user, campaign):
    """The report above that this campaign relays, if the user may see it (its unit's own users may)."""
    if campaign.relay_of_id is None:
        return None
    return sel.reports_for(user).select_related("campaign", "campaign__unit").filter(pk=campaign.relay_of_id).first()


def _relay_context(report, may_write: bool, relay_form=None) -> dict:
    """The relay of the report (its progress and what the units under it submitted), or the form to relay it."""
    relay = sel.relay_of_report(report)
    if relay is not None:
        rows = sel.campaign_status(relay)
        return {"relay": relay, "relay_rows": rows, "relay_aggregate": sel.aggregate(relay, rows)}
    may_relay = may_write and bool(services.addressed_units(report.unit))
    if may_relay and relay_form is None:
        today = timezone.localdate()
        suggested = max(today, report.campaign.deadline - datetime.timedelta(days=RELAY_LEAD_DAYS))
        relay_form = RelayForm(initial={"deadline": min(suggested, report.campaign.deadline)})
    return {"relay": None, "relay_form": relay_form if may_relay else None}


def _report_context(request, report, form=None, relay_form=None):
    outline = sel.outline(report.campaign)
    if form is None:
        initial = {"version": report.version} | {f"s_{k}": v for k, v in report.sections.items()}
        form = SectionsForm(initial=initial, outline=outline)
    may_write = report.submitted_at is None and has_perm(request.user, Perm.RECORD, report.unit)
    return _relay_context(report, may_write, relay_form) | {
        "report": report,
        "campaign": report.campaign,
        "figures": [
            (i, report.figures.get(i.key, 0), (report.figures_confidential or {}).get(i.key, 0))
            for i in sel.required(report.campaign)
        ],
        "form": form,
        "status": sel.STATUS_LABELS[sel.status_of(report, report.campaign)],
        "may_write": may_write,
        "missing": services.missing_sections(report),
    }


@require_http_methods(["GET", "POST"])
def report_detail(request, pk):
    report = access_report(request.user, pk, write=request.method == "POST")
    form = None
    if request.method == "POST":
        form = SectionsForm(request.POST, outline=sel.outline(report.campaign))
        if form.is_valid():
            saved = run_service(
                form,
                services.report_save_sections,
                actor=request.user,
                report=report,
                sections=form.sections(),
                version=form.cleaned_data["version"],
            )
            if not form.errors:
                if request.POST.get("submit") == "1":
                    return redirect("campaigns:report_submit", pk=saved.pk)
                return redirect("campaigns:report", pk=saved.pk)
    return render(request, "campaigns/report.html", _report_context(request, report, form))


@require_http_methods(["GET", "POST"])
def report_submit(request, pk):
    """The confirmation before submitting (a submitted report can no longer be changed)."""
    report = access_report(request.user, pk, write=True)
    error = None
    if request.method == "POST":
        try:
            services.report_submit(actor=request.user, report=report, version=int(request.POST.get("version") or 0))
        except ValidationError as found:
            error = found
        else:
            return redirect("campaigns:report", pk=report.pk)
    context = {"report": report, "campaign": report.campaign, "missing": services.missing_sections(report)}
    context["errors"] = error.messages if error else []
    return render(request, "campaigns/submit.html", context)


@require_POST
def report_relay(request, pk):
    """Pass the campaign on to the Party organisations under the report's unit (level by level)."""
    report = access_report(request.user, pk, write=True)
    form = RelayForm(request.POST)
    if form.is_valid():
        relay = run_service(
            form, services.report_relay, actor=request.user, report=report, deadline=form.cleaned_data["deadline"]
        )
        if not form.errors:
            messages.success(request, _("The review was relayed to the units under %(unit)s.") % {"unit": report.unit})
            return redirect("campaigns:detail", pk=relay.pk)
    context = _report_context(request, report, relay_form=form)
    return render(request, "campaigns/report.html", context, status=400)


@require_POST
def report_refresh(request, pk):
    report = access_report(request.user, pk, write=True)
    try:
        services.report_refresh_figures(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("campaigns:report", pk=report.pk)


def _file(request, document, name: str, fmt: str, back: str) -> HttpResponse:
    """The document as DOCX, PDF (the DOCX converted by LibreOffice) or XLSX (its tables)."""
    if fmt not in FILE_TYPES:
        raise Http404(_("No such format."))
    if fmt == "xlsx":
        data = render_xlsx(document)
    else:
        data = render_docx(document)
        if fmt == "pdf":
            try:
                data = docx_to_pdf(data)
            except PdfUnavailable as error:
                messages.error(request, str(error))
                return redirect(back)
    response = HttpResponse(data, content_type=FILE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)[:80] or "report"}.{fmt}"'
    return response


@require_GET
def report_file(request, pk, fmt="docx"):
    report = access_report(request.user, pk)
    name = f"{report.campaign.title}-{report.unit.code}"
    back = reverse("campaigns:report", args=[report.pk])
    return _file(request, report_document(report), name, fmt, back)


@require_GET
def aggregate_file(request, pk, fmt="docx"):
    campaign = access_campaign(request.user, pk)
    back = reverse("campaigns:detail", args=[campaign.pk])
    document = aggregate_document(campaign, figures_by_unit=fmt == "xlsx")
    return _file(request, document, f"{campaign.title}-aggregate", fmt, back)
