"""Access to units. Views and the API get a unit only through `access_unit`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, units_for
from lanhdao.core.access import get_in_scope

from .models import Unit


def access_unit(user, pk, *, write: bool = False) -> Unit:
    """The unit `pk` if `user` may see it (404 otherwise, the same answer as for a unit that does not exist);
    with `write`, 403 unless the user may also manage it."""
    units = units_for(user, Perm.VIEW, include_archived=True)
    unit = get_in_scope(units, pk, _("No such unit, or you may not see it."))
    if write and not has_perm(user, Perm.MANAGE_UNITS, unit):
        raise PermissionDenied(_("You may not change this unit."))
    return unit
