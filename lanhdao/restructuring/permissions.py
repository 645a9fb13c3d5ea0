"""Access to restructuring operations: views and the API get one only through `access_operation` (404 for one that
does not exist and for one the user may not see alike)."""

from django.utils.translation import gettext as _

from lanhdao.core.access import get_in_scope

from .forms import operations_visible
from .models import Operation, ReformRun


def access_operation(user, pk) -> Operation:
    return get_in_scope(operations_visible(user), pk, _("No such operation, or you may not see it."))


def access_reform_run(user, pk) -> ReformRun:
    """A background run of the 2025 reform: its owner's alone (404 for others, as for one that does not exist)."""
    runs = ReformRun.objects.select_related("unit", "owner").filter(owner_id=getattr(user, "pk", None))
    return get_in_scope(runs, pk, _("No such reform run."))
