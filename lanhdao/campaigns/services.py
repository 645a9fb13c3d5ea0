"""Writes of the review campaigns: open a campaign (with a draft report for every addressed unit, figures filled
from the indicators), relay it one level down, save a report's sections, refresh its figures, submit it.
Permission, validation, write and audit in one transaction.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, record_many, snapshot
from lanhdao.core.access import require
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children
from lanhdao.reports import indicators

from .models import Campaign, CampaignKind, CampaignReport, default_outline

KEY = re.compile(r"^[a-z0-9_]{1,40}$")


class StaleVersion(ValidationError):
    http_status = 409


def addressed_units(unit: Unit) -> list[Unit]:
    """The Party organisations directly under `unit` (committees, grassroots organisations, cells)."""
    return [u for u in children(unit) if u.kind in PARTY_ORGANISATIONS]


def clean_outline(outline) -> list[dict]:
    if outline is None:
        return default_outline()
    if not isinstance(outline, list) or not outline:
        raise ValidationError({"outline": _("Give at least one section.")})
    result, seen = [], set()
    for item in outline:
        key = str((item or {}).get("key", "")).strip() if isinstance(item, dict) else ""
        title = str(item.get("title", "")).strip() if isinstance(item, dict) else ""
        if not KEY.match(key) or not title:
            raise ValidationError({"outline": _("Every section needs a key (a-z, 0-9, _) and a title.")})
        if key in seen:
            raise ValidationError({"outline": _("The section key %(key)s is given twice.") % {"key": key}})
        seen.add(key)
        result.append({"key": key, "title": title[:200], "hint": str(item.get("hint", "")).strip()[:500]})
    return result


def clean_keys(keys) -> list[str]:
    keys = list(dict.fromkeys(keys or []))
    unknown = sorted(set(keys) - indicators.BY_KEY.keys())
    if unknown:
        raise ValidationError({"indicator_keys": _("Unknown indicators: %(keys)s") % {"keys": ", ".join(unknown)}})
    return keys


def _figures(campaign: Campaign, unit: Unit) -> dict:
    """The report's figures and, beside them, how many of the records each counts are confidential (the same engine
    as the dashboard's and the files': the figures are the same whoever computes them)."""
    if not campaign.indicator_keys:
        return {"figures": {}, "figures_confidential": {}}
    found = indicators.compute(unit, campaign.period_start, campaign.period_end, keys=campaign.indicator_keys)
    return {"figures": dict(found), "figures_confidential": found.confidential}


def campaign_open(
    *,
    actor,
    unit: Unit,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    deadline: datetime.date,
    kind: str = CampaignKind.INTERIM,
    document=None,
    outline=None,
    indicator_keys=(),
) -> Campaign:
    """Open a campaign of `unit` and a draft report for each Party organisation directly under it."""
    require(has_perm(actor, Perm.RECORD, unit), _("You may not open a campaign for this unit."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the campaign a title.")})
    if kind not in CampaignKind.values:
        raise ValidationError({"kind": _("Choose interim or final.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period may not end before it starts.")})
    campaign = Campaign(
        unit=unit,
        unit_path=unit.path,
        kind=kind,
        title=title[:300],
        document=document,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        outline=clean_outline(outline),
        indicator_keys=clean_keys(indicator_keys),
    )
    return _open(actor, campaign)


def report_relay(*, actor, report: CampaignReport, deadline: datetime.date) -> Campaign:
    """Relay the campaign of `report` to the Party organisations under the report's unit: the same review (title,
    period, outline, indicators) with the unit's own deadline, no later than the campaign above's. The unit then
    compiles its report from theirs; the campaign above sees how far the relay has come."""
    _writable(actor, report)
    above = report.campaign
    if deadline > above.deadline:
        raise ValidationError(
            {
                "deadline": _("The deadline may not be later than that of the campaign above (%(date)s).")
                % {"date": above.deadline.strftime("%d/%m/%Y")}
            }
        )
    if Campaign.objects.filter(relay_of=report).exists():
        raise ValidationError(_("This report has already been relayed to the units under it."))
    relay = Campaign(
        unit=report.unit,
        unit_path=report.unit.path,
        kind=above.kind,
        title=above.title,
        document=above.document,
        period_start=above.period_start,
        period_end=above.period_end,
        deadline=deadline,
        outline=above.outline,
        indicator_keys=above.indicator_keys,
        relay_of=report,
    )
    try:
        return _open(actor, relay)
    except IntegrityError as error:  # relayed at the same moment by someone else: relay_of is unique
        raise ValidationError(_("This report has already been relayed to the units under it.")) from error


def _open(actor, campaign: Campaign) -> Campaign:
    """Save `campaign` with a draft report for each Party organisation directly under its unit, audited."""
    if campaign.deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline may not be in the past.")})
    units = addressed_units(campaign.unit)
    if not units:
        raise ValidationError({"unit": _("No Party organisation stands directly under this unit.")})
    campaign.created_by = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    with transaction.atomic():
        campaign.save()
        record(actor=actor, action=Action.CREATE, obj=campaign, after=snapshot(campaign))
        drafts = [
            CampaignReport(campaign=campaign, unit=u, unit_path=u.path, figures_at=now, **_figures(campaign, u))
            for u in units
        ]
        drafts = CampaignReport.objects.bulk_create(drafts)
        if any(d.pk is None for d in drafts):  # backends that do not return ids from bulk inserts
            drafts = list(campaign.reports.all())
        record_many(actor=actor, action=Action.CREATE, changes=[(d, None, snapshot(d)) for d in drafts])
    return campaign


def _update(actor, report: CampaignReport, seen_version: int | None, changes: dict, note: str) -> CampaignReport:
    before = snapshot(report)
    version = report.version if seen_version is None else seen_version
    with transaction.atomic():
        updated = CampaignReport.objects.filter(pk=report.pk, version=version, submitted_at__isnull=True).update(
            **changes, version=F("version") + 1
        )
        if not updated:
            report.refresh_from_db()
            if report.submitted_at is not None:
                raise ValidationError(_("This report has been submitted and can no longer be changed."))
            raise StaleVersion(_("Someone changed this report after you opened it; reload it and try again."))
        report.refresh_from_db()
        record(actor=actor, action=Action.UPDATE, obj=report, before=before, after=snapshot(report), note=note)
    return report


def _writable(actor, report: CampaignReport) -> None:
    require(has_perm(actor, Perm.RECORD, report.unit), _("You may not change this report."))
    if report.submitted_at is not None:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))


def report_save_sections(*, actor, report: CampaignReport, sections: dict, version: int | None = None):
    """Save the texts of the sections (only the outline's keys; the others keep their text)."""
    _writable(actor, report)
    keys = {s["key"] for s in report.campaign.outline}
    unknown = sorted(set(sections) - keys)
    if unknown:
        raise ValidationError({"sections": _("Unknown sections: %(keys)s") % {"keys": ", ".join(unknown)}})
    merged = {**report.sections, **{k: str(v or "").strip() for k, v in sections.items()}}
    return _update(actor, report, version, {"sections": merged}, _("Sections saved"))


def report_refresh_figures(*, actor, report: CampaignReport, version: int | None = None):
    """Compute the figures again from the data (before submission)."""
    _writable(actor, report)
    changes = _figures(report.campaign, report.unit) | {"figures_at": timezone.now()}
    return _update(actor, report, version, changes, _("Figures refreshed"))


def missing_sections(report: CampaignReport) -> list[dict]:
    return [s for s in report.campaign.outline if not (report.sections.get(s["key"]) or "").strip()]


def report_submit(*, actor, report: CampaignReport, version: int | None = None):
    """Submit the report: every section must be written."""
    _writable(actor, report)
    missing = missing_sections(report)
    if missing:
        names = ", ".join(_(s["title"]) for s in missing)
        raise ValidationError(
            {"sections": _("Write every section before submitting; missing: %(names)s") % {"names": names}}
        )
    changes = {"submitted_at": timezone.now(), "submitted_by": actor}
    return _update(actor, report, version, changes, _("Submitted"))
