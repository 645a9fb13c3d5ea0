"""Who may see and change staffing figures. Views and the API get a quota row or a target only through
`access_quota` / `access_target`: 404 outside the user's scope (the same answer as "does not exist"), 403 on `write`
without the right.

- the quota assigned to a unit, and the streamlining targets set on it, are decided by the level above: MANAGE_UNITS
  on the unit's **parent** (a root unit's: superusers only) — the secretary of a district sets the quotas of the
  bodies and communes under it, not the district's own quota, which the province assigns;
- the headcount of a unit is reported by the unit: RECORD on the unit itself;
- a note goes with either right; seeing needs VIEW on the unit.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_paths
from lanhdao.core.access import get_in_scope as _get
from lanhdao.org.models import Unit

from .models import StaffingQuota, StreamliningTarget
from .selectors import quotas_for, targets_for


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_assign(user, unit: Unit) -> bool:
    """May set the quota of `unit` and its streamlining targets: MANAGE_UNITS on its parent (no query)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    if unit.depth <= 1:
        return False
    parent_path = unit.path[: -Unit.steplen]
    return any(parent_path.startswith(root) for root in scope_paths(user, Perm.MANAGE_UNITS))


def may_report(user, unit: Unit) -> bool:
    """May report the headcount of `unit`: RECORD on the unit."""
    return has_perm(user, Perm.RECORD, unit)


def may_change_staffing(user, unit: Unit) -> bool:
    return may_assign(user, unit) or may_report(user, unit)


def access_quota(user, pk, *, write: bool = False) -> StaffingQuota:
    quota = _get(quotas_for(user).select_related("unit"), pk, _("No such staffing row, or you may not see it."))
    if write and not may_change_staffing(user, quota.unit):
        raise PermissionDenied(_("You may not change the staffing of this unit."))
    return quota


def access_target(user, pk, *, write: bool = False) -> StreamliningTarget:
    target = _get(
        targets_for(user, include_archived=True).select_related("unit"),
        pk,
        _("No such streamlining target, or you may not see it."),
    )
    if write and not may_assign(user, target.unit):
        raise PermissionDenied(_("Streamlining targets of this unit are set by the level above it."))
    return target
