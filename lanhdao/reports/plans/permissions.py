"""Who may see and set the plan of a unit (its indicator targets for a year). Views and the API get the unit of a plan
only through `access_targets`: 404 outside the user's scope (the same answer as a unit that does not exist), 403 on
`write` without the right.

A unit's plan is set by the unit itself or by a level above it (a district may set the plans of its communes):
RECORD on the unit, which a role on the unit or on any unit above it gives (a role applies to its whole subtree).
Seeing a plan needs VIEW on the unit, like its figures.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import require
from lanhdao.org.models import Unit
from lanhdao.org.permissions import access_unit

from .services import years


def may_set_targets(user, unit: Unit) -> bool:
    """RECORD on `unit` (through a role on it or on a unit above it), and the unit is not archived (no query once the
    user's roles are cached)."""
    return not unit.is_archived and has_perm(user, Perm.RECORD, unit)


def access_targets(user, unit_pk, *, write: bool = False) -> Unit:
    """The unit whose plan is asked for, if `user` may see it (404 otherwise); with `write`, 403 unless the user may
    also set its plan."""
    unit = access_unit(user, unit_pk)
    if write:
        require(may_set_targets(user, unit), _("You may not set the plan of this unit."))
    return unit


def plan_year_or_404(year: int) -> int:
    """`year` if a plan may be kept for it (plans.services.years), else 404: the same for the page and the API."""
    if year not in years():
        raise Http404(_("No such year."))
    return year
