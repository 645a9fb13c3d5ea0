"""A campaign report, and the aggregate of a campaign, as a ReportDocument for the existing renderers.

Each figure comes with how many of the records it counts are confidential, in a column of its own ("Of which
confidential", numbers stay numbers in the XLSX): the figures count every record whoever prints the file, and never
say which records are confidential (README, "Confidentiality").
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.reports.rendering.data import ReportDocument, Signature, Table
from lanhdao.reports.rendering.sample import _issuer

from . import selectors as sel
from .models import Campaign, CampaignReport

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _heading(n: int, title: str) -> str:
    return f"{ROMAN[n] if n < len(ROMAN) else n + 1}. {title.upper()}"


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").splitlines() if p.strip()] or ["…"]


def _secret(report: CampaignReport, key: str) -> int:
    return int((report.figures_confidential or {}).get(key) or 0)


def figures_header() -> list[str]:
    return [_("Indicator"), _("Number"), _("Of which confidential")]


def report_document(report: CampaignReport) -> ReportDocument:
    campaign = report.campaign
    rows = [[str(i.label), int(report.figures.get(i.key) or 0), _secret(report, i.key)] for i in sel.required(campaign)]
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
        tables=[Table(_("Table 1. Indicators"), figures_header(), rows)] if rows else [],
        signature=Signature(_("On behalf of the Standing Board"), _("Secretary"), ""),
        recipients=[str(campaign.unit.name) + ",", _("Archive.")],
    )


def _by_unit(campaign: Campaign, status: list, number: int, *, figures: bool) -> Table:
    """Every addressed unit: its status, when it submitted and, with `figures`, its figures (those of a report not
    yet submitted are its draft's), each followed by how many of its records are confidential when any unit has
    some."""
    required = sel.required(campaign) if figures else []
    secret = {i.key for i in required if any(_secret(row.report, i.key) for row in status)}
    header = [_("Unit"), _("Status"), _("Submitted at")]
    for i in required:
        header.append(str(i.label))
        if i.key in secret:
            header.append(_("%(indicator)s: of which confidential") % {"indicator": i.label})
    rows = []
    for row in status:
        submitted = row.report.submitted_at
        cells = [
            str(row.report.unit.name),
            str(row.label),
            timezone.localtime(submitted).strftime("%d/%m/%Y %H:%M") if submitted else "",
        ]
        for i in required:
            cells.append(int(row.report.figures.get(i.key) or 0))
            if i.key in secret:
                cells.append(_secret(row.report, i.key))
        rows.append(cells)
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
    rows = [[str(i.label), value, confidential] for i, value, confidential in found.rows]
    summary = _("%(submitted)s of %(total)s units have submitted their reports.") % {
        "submitted": found.submitted,
        "total": found.total,
    }
    tables = [Table(_("Table 1. Indicators, sum of the submitted reports"), figures_header(), rows)]
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
