"""Access to units. Views and the API get a unit only through `access_unit`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots, units_for
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


def unit_of_page(request, param: str = "unit") -> Unit:
    """The unit a page (a board, a list, a dashboard) is about: `?unit=` (an id: 404 outside the user's scope, as
    for a unit that does not exist or a malformed id), else the top of the user's scope (404 when they have none)."""
    pk = request.GET.get(param)
    if pk:
        return access_unit(request.user, pk)
    unit = scope_roots(request.user).first()
    if unit is None:
        raise Http404(_("You have no role on any unit yet."))
    return unit
