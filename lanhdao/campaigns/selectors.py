"""Reads of the review campaigns: which campaigns and reports a user may see, the status of each addressed unit and
the aggregate of the submitted reports (access to one of them: campaigns.permissions).

A campaign is seen by whoever may see its issuing unit, or any unit it is addressed to (a unit sees the campaigns
addressed to it); a report by whoever may see its unit or the campaign's issuing unit.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import own_unit_paths, scope_paths
from lanhdao.org.selectors import subtree_q
from lanhdao.reports import indicators

from .models import Campaign, CampaignReport

SUBMITTED, LATE, PENDING = "submitted", "late", "pending"
STATUS_LABELS = {
    SUBMITTED: gettext_lazy("Submitted"),
    LATE: gettext_lazy("Late"),
    PENDING: pgettext_lazy("report", "Pending"),
}


def _everything(user) -> bool:
    """A superuser sees every campaign (scope_paths gives the roles' roots, and a superuser needs none)."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def campaigns_for(user) -> QuerySet[Campaign]:
    if _everything(user):
        return Campaign.objects.all()
    paths = scope_paths(user, Perm.VIEW)
    addressed = CampaignReport.objects.filter(subtree_q(paths, "unit_path")).values("campaign_id")
    return Campaign.objects.filter(subtree_q(paths, "unit_path") | Q(pk__in=addressed)).distinct()


def reports_for(user) -> QuerySet[CampaignReport]:
    if _everything(user):
        return CampaignReport.objects.all()
    paths = scope_paths(user, Perm.VIEW)
    return CampaignReport.objects.filter(subtree_q(paths, "unit_path") | subtree_q(paths, "campaign__unit_path"))


def campaigns_of_unit(user, unit) -> tuple[QuerySet[Campaign], QuerySet[Campaign]]:
    """(issued by `unit`, addressed to `unit`), both among those `user` may see."""
    seen = campaigns_for(user).select_related("unit")
    return seen.filter(unit=unit), seen.filter(reports__unit=unit)


def reports_to_write(user) -> QuerySet[CampaignReport]:
    """Reports not yet submitted of the units `user` works in with RECORD (a role on the unit itself: the unit writes
    its report, or relays the campaign to the units under it first), among those they may see (home page). The
    earliest deadline first."""
    own = own_unit_paths(user, Perm.RECORD)
    qs = reports_for(user).filter(unit_path__in=own, submitted_at__isnull=True)
    return qs.select_related("unit", "campaign", "campaign__unit").order_by("campaign__deadline", "pk")


def relay_of_report(report: CampaignReport) -> Campaign | None:
    """The campaign `report`'s unit relayed to the units under it, if it did. Whoever sees the report sees its relay
    (the relay is issued by the report's unit)."""
    return Campaign.objects.select_related("unit").filter(relay_of=report).first()


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


def _unsubmitted(deadline: datetime.date, today: datetime.date) -> str:
    """A report not yet submitted is late once its campaign's deadline has passed, else pending."""
    return LATE if today > deadline else PENDING


def status_of(report: CampaignReport, campaign: Campaign, today: datetime.date | None = None) -> str:
    if report.submitted_at is not None:
        return SUBMITTED
    return _unsubmitted(campaign.deadline, today or timezone.localdate())


def late_submission(report: CampaignReport, campaign: Campaign) -> bool:
    return report.submitted_at is not None and timezone.localdate(report.submitted_at) > campaign.deadline


@dataclass
class Relay:
    """How far the relay of one report (the campaign its unit passed on to the units under it) has come."""

    campaign_id: int
    deadline: datetime.date
    submitted: int
    total: int


@dataclass
class StatusRow:
    report: CampaignReport
    status: str
    late_submission: bool
    relay: Relay | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def relays_of(reports) -> dict[int, Relay]:
    """{report id: its relay's progress} for the reports that were relayed: one grouped query."""
    rows = (
        Campaign.objects.filter(relay_of__in=[r.pk for r in reports])
        .values("pk", "relay_of_id", "deadline")
        .annotate(total=Count("reports"), submitted=Count("reports", filter=Q(reports__submitted_at__isnull=False)))
    )
    return {row["relay_of_id"]: Relay(row["pk"], row["deadline"], row["submitted"], row["total"]) for row in rows}


def campaign_status(campaign: Campaign) -> list[StatusRow]:
    """One row per addressed unit, as of today and the deadline: submitted / late / pending, with the progress of
    its relay when the unit passed the campaign on. Two queries."""
    today = timezone.localdate()
    reports = list(campaign.reports.select_related("unit", "submitted_by").order_by("unit_path"))
    relays = relays_of(reports)
    return [
        StatusRow(r, status_of(r, campaign, today), late_submission(r, campaign), relays.get(r.pk)) for r in reports
    ]


def counts(rows: list[StatusRow]) -> dict[str, int]:
    found = {SUBMITTED: 0, LATE: 0, PENDING: 0}
    for row in rows:
        found[row.status] += 1
    return found


@dataclass
class Level:
    depth: int  # 1: the units the campaign addresses; 2: those their relays address; …
    campaigns: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def levels(campaign: Campaign, *, deepest: int = 8) -> list[Level]:
    """Submitted / late / pending at each level the campaign reached through relays: one query per level (the tree
    has a handful of levels), each counting every report of that level at once."""
    today = timezone.localdate()
    found, current = [], [campaign.pk]
    for depth in range(1, deepest + 1):
        rows = (
            CampaignReport.objects.filter(campaign_id__in=current)
            .values("campaign_id", "campaign__deadline")
            .annotate(
                submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
                open=Count("pk", filter=Q(submitted_at__isnull=True)),
            )
        )
        tally = {SUBMITTED: 0, LATE: 0, PENDING: 0}
        for row in rows:
            tally[SUBMITTED] += row["submitted"]
            tally[_unsubmitted(row["campaign__deadline"], today)] += row["open"]
        found.append(Level(depth, len(current), tally))
        current = list(Campaign.objects.filter(relay_of__campaign_id__in=current).values_list("pk", flat=True))
        if not current:
            break
    return found


@dataclass
class Aggregate:
    submitted: int
    total: int
    sums: list[tuple[indicators.Indicator, int]]
    sections: list[tuple[dict, list[tuple[object, str]]]]  # (section, [(unit, text)])
    confidential: dict[str, int] = field(default_factory=dict)  # {key: confidential records among those summed}

    @property
    def rows(self) -> list[tuple[indicators.Indicator, int, int]]:
        """(indicator, sum, how many of the records summed are confidential)."""
        return [(i, value, self.confidential.get(i.key, 0)) for i, value in self.sums]


def aggregate(campaign: Campaign, rows: list[StatusRow] | None = None) -> Aggregate:
    """The sums of every required indicator over the submitted reports, and each section's texts by unit; from the
    reports of `rows` (campaign_status) when the caller has read them already."""
    if rows is None:
        reports = list(campaign.reports.select_related("unit").order_by("unit_path"))
    else:
        reports = [row.report for row in rows]
    done = [r for r in reports if r.submitted_at is not None]
    sums = [(i, sum(int(r.figures.get(i.key) or 0) for r in done)) for i in required(campaign)]
    secret = {i.key: sum(int((r.figures_confidential or {}).get(i.key) or 0) for r in done) for i in required(campaign)}
    sections = [
        (section, [(r.unit, (r.sections.get(section["key"]) or "").strip()) for r in done])
        for section in outline(campaign)
    ]
    return Aggregate(len(done), len(reports), sums, sections, secret)
