"""Access to restructuring operations: views and the API get one only through `access_operation` (404 for one that
does not exist and for one the user may not see alike)."""

from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope
from lanhdao.org.selectors import parent_of

from .forms import operations_visible
from .models import Operation, ReformRun, Status


def access_operation(user, pk) -> Operation:
    return get_in_scope(operations_visible(user), pk, _("No such operation, or you may not see it."))


def may_cancel(user, operation: Operation) -> bool:
    """Whether `user` may cancel `operation`: a scheduled one, and `user` may act on it."""
    return operation.status == Status.SCHEDULED and may_act_on(user, operation)


def may_act_on(user, operation: Operation) -> bool:
    """Those who could have asked for the operation: the organisation board of the parent of every unit it acts on
    (as `forms.may_restructure_unit`)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    units = list(operation.units.all())
    return bool(units) and all(has_perm(user, Perm.RESTRUCTURE, parent_of(u) or u) for u in units)


def access_reform_run(user, pk) -> ReformRun:
    """A background run of the 2025 reform: its owner's alone (404 for others, as for one that does not exist)."""
    runs = ReformRun.objects.select_related("unit", "owner").filter(owner_id=getattr(user, "pk", None))
    return get_in_scope(runs, pk, _("No such reform run."))
