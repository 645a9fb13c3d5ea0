"""Who may open which review campaign and report. Views and the API get a campaign or a report only through these:
404 outside the user's view (the same answer as for one that does not exist), 403 on `write` without the right.

A campaign is seen by whoever may see its issuing unit (a unit it is addressed to sees its own report, not the
others'); a report by whoever may see its unit or the campaign's issuing unit.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope as _get

from .models import Campaign, CampaignReport
from .selectors import campaigns_for, reports_for


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
        reports_for(user).select_related("unit", "campaign", "campaign__unit", "submitted_by"),
        pk,
        _("No such report."),
    )
    if write and not has_perm(user, Perm.RECORD, report.unit):
        raise PermissionDenied(_("You may not change this report."))
    return report
