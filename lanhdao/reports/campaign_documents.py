"""A campaign report, and the aggregate of a campaign, as a ReportDocument for the existing renderers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors_campaigns as sel
from .models import Campaign, CampaignReport
from .rendering.data import ReportDocument, Signature, Table
from .rendering.sample import _issuer

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _heading(n: int, title: str) -> str:
    return f"{ROMAN[n] if n < len(ROMAN) else n + 1}. {title.upper()}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()] or ["…"]


def report_document(report: CampaignReport) -> ReportDocument:
    campaign = report.campaign
    rows = [[str(i.label), int(report.figures.get(i.key) or 0)] for i in sel.required(campaign)]
    sections = [
        (_heading(n, s["title"]), _paragraphs(report.sections.get(s["key"], "")))
        for n, s in enumerate(sel.outline(campaign))
    ]
    return ReportDocument(
        issuer=_issuer(report.unit),
        symbol="-BC/",
        place=_("Place"),
        date=timezone.localdate(report.submitted_at) if report.submitted_at else timezone.localdate(),
        kind=_("Report"),
        title=campaign.title,
        sections=sections,
        tables=[Table(_("Table 1. Indicators"), [_("Indicator"), _("Number")], rows)] if rows else [],
        signature=Signature(_("On behalf of the Standing Board"), _("Secretary"), ""),
        recipients=[str(campaign.unit.name) + ",", _("Archive.")],
    )


def _by_unit(campaign: Campaign, status: list, number: int, *, figures: bool) -> Table:
    """Every addressed unit: its status, when it submitted and, with `figures`, its figures (those of a report not
    yet submitted are its draft's)."""
    required = sel.required(campaign) if figures else []
    header = [_("Unit"), _("Status"), _("Submitted at"), *(str(i.label) for i in required)]
    rows = [
        [
            str(row.report.unit.name),
            str(row.label),
            timezone.localtime(row.report.submitted_at).strftime("%d/%m/%Y %H:%M") if row.report.submitted_at else "",
            *(int(row.report.figures.get(i.key) or 0) for i in required),
        ]
        for row in status
    ]
    return Table(_("Table %(n)s. Reports by unit") % {"n": number}, header, rows)


def aggregate_document(campaign: Campaign, *, figures_by_unit: bool = False) -> ReportDocument:
    """The aggregate of the submitted reports; `figures_by_unit` adds every unit's figures to the table of the units
    (a spreadsheet's width: the XLSX has them, the A4 page only the status)."""
    status = sel.campaign_status(campaign)
    found = sel.aggregate(campaign, status)
    sections = [
        (_heading(n, s["title"]), [f"{unit.name}: {text}" for unit, text in texts if text] or ["…"])
        for n, (s, texts) in enumerate(found.sections)
    ]
    rows = [[str(i.label), value] for i, value in found.sums]
    summary = _("%(submitted)s of %(total)s units have submitted their reports.") % {
        "submitted": found.submitted, "total": found.total,
    }  # fmt: skip
    tables = [Table(_("Table 1. Indicators, sum of the submitted reports"), [_("Indicator"), _("Number")], rows)]
    tables = tables if rows else []
    tables.append(_by_unit(campaign, status, len(tables) + 1, figures=figures_by_unit))
    return ReportDocument(
        issuer=_issuer(campaign.unit),
        symbol="-BC/",
        place=_("Place"),
        date=timezone.localdate(),
        kind=_("Report"),
        title=campaign.title,
        sections=[(_("SUBMISSIONS"), [summary]), *sections],
        tables=tables,
        signature=Signature(_("On behalf of the Standing Board"), _("Secretary"), ""),
        recipients=[_("Units under it,"), _("Archive.")],
    )
