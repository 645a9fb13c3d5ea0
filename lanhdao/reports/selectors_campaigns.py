"""Reads of the review campaigns: who sees which campaign and report, the status of each addressed unit and the
aggregate of the submitted reports.

A campaign is seen by whoever may see its issuing unit, or any unit it is addressed to (a unit sees the campaigns
addressed to it); a report by whoever may see its unit or the campaign's issuing unit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_paths
from lanhdao.core.access import get_in_scope as _get
from lanhdao.org.selectors import subtree_q

from . import indicators
from .models import Campaign, CampaignReport

SUBMITTED, LATE, PENDING = "submitted", "late", "pending"
STATUS_LABELS = {
    SUBMITTED: gettext_lazy("Submitted"),
    LATE: gettext_lazy("Late"),
    PENDING: pgettext_lazy("report", "Pending"),
}


def campaigns_for(user) -> QuerySet[Campaign]:
    paths = scope_paths(user, Perm.VIEW)
    addressed = CampaignReport.objects.filter(subtree_q(paths, "unit_path")).values("campaign_id")
    return Campaign.objects.filter(subtree_q(paths, "unit_path") | Q(pk__in=addressed)).distinct()


def reports_for(user) -> QuerySet[CampaignReport]:
    paths = scope_paths(user, Perm.VIEW)
    return CampaignReport.objects.filter(subtree_q(paths, "unit_path") | subtree_q(paths, "campaign__unit_path"))


def campaigns_of_unit(user, unit) -> tuple[QuerySet[Campaign], QuerySet[Campaign]]:
    """(issued by `unit`, addressed to `unit`), both among those `user` may see."""
    seen = campaigns_for(user).select_related("unit")
    return seen.filter(unit=unit), seen.filter(reports__unit=unit)


def access_campaign(user, pk, *, write: bool = False) -> Campaign:
    """The campaign `pk` with the status and texts of every addressed unit: 404 unless the user may see the issuing
    unit (an addressed unit sees its own report, not the others'); `write`: 403 without RECORD on the issuing unit."""
    campaign = _get(campaigns_for(user).select_related("unit", "document"), pk, _("No such campaign."))
    if not has_perm(user, Perm.VIEW, campaign.unit):
        raise Http404(_("No such campaign."))
    if write and not has_perm(user, Perm.RECORD, campaign.unit):
        raise PermissionDenied(_("You may not change this campaign."))
    return campaign


def access_report(user, pk, *, write: bool = False) -> CampaignReport:
    """The report `pk` (404 outside the user's view); `write`: 403 without RECORD on the report's own unit."""
    report = _get(
        reports_for(user).select_related("unit", "campaign", "campaign__unit", "submitted_by"), pk,
        _("No such report."),
    )  # fmt: skip
    if write and not has_perm(user, Perm.RECORD, report.unit):
        raise PermissionDenied(_("You may not change this report."))
    return report


def outline(campaign: Campaign) -> list[dict]:
    """The sections, titles and hints translated."""
    return [
        {
            "key": s["key"],
            "title": _(s["title"]) if s.get("title") else s["key"],
            "hint": _(s["hint"]) if s.get("hint") else "",
        }
        for s in campaign.outline
    ]


def required(campaign: Campaign) -> list[indicators.Indicator]:
    return [indicators.BY_KEY[k] for k in campaign.indicator_keys if k in indicators.BY_KEY]


def status_of(report: CampaignReport, campaign: Campaign, today: datetime.date | None = None) -> str:
    if report.submitted_at is not None:
        return SUBMITTED
    return LATE if (today or timezone.localdate()) > campaign.deadline else PENDING


def late_submission(report: CampaignReport, campaign: Campaign) -> bool:
    return report.submitted_at is not None and timezone.localdate(report.submitted_at) > campaign.deadline


@dataclass
class StatusRow:
    report: CampaignReport
    status: str
    late_submission: bool

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def campaign_status(campaign: Campaign) -> list[StatusRow]:
    """One row per addressed unit, as of today and the deadline: submitted / late / pending. One query."""
    today = timezone.localdate()
    reports = campaign.reports.select_related("unit", "submitted_by").order_by("unit_path")
    return [StatusRow(r, status_of(r, campaign, today), late_submission(r, campaign)) for r in reports]


def counts(rows: list[StatusRow]) -> dict[str, int]:
    found = {SUBMITTED: 0, LATE: 0, PENDING: 0}
    for row in rows:
        found[row.status] += 1
    return found


@dataclass
class Aggregate:
    submitted: int
    total: int
    sums: list[tuple[indicators.Indicator, int]]
    sections: list[tuple[dict, list[tuple[object, str]]]]  # (section, [(unit, text)])


def aggregate(campaign: Campaign) -> Aggregate:
    """The sums of every required indicator over the submitted reports, and each section's texts by unit."""
    reports = list(campaign.reports.select_related("unit").order_by("unit_path"))
    done = [r for r in reports if r.submitted_at is not None]
    sums = [(i, sum(int(r.figures.get(i.key) or 0) for r in done)) for i in required(campaign)]
    sections = [
        (section, [(r.unit, (r.sections.get(section["key"]) or "").strip()) for r in done])
        for section in outline(campaign)
    ]
    return Aggregate(len(done), len(reports), sums, sections)
