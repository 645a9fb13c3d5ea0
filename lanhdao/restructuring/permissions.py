"""Access to restructuring operations: views and the API get one only through `access_operation` (404 for one that
does not exist and for one the user may not see alike)."""

from django.utils.translation import gettext as _

from lanhdao.core.access import get_in_scope

from .forms import operations_visible
from .models import Operation


def access_operation(user, pk) -> Operation:
    return get_in_scope(operations_visible(user), pk, _("No such operation, or you may not see it."))
