"""Who may do what with a task. Views and the API get tasks only through `access_task`.

- assign (create, edit, accept, return, cancel): RECORD on the assigning unit;
- report progress: RECORD on the lead unit or on a coordinating unit;
- propose completion, cascade into sub-tasks: RECORD on the lead unit;
- see: any unit of the task (assigning, lead, coordinating) in the user's scope.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope

from .models import ProgressReport, Task
from .selectors import tasks_for


def may_assign(user, task: Task) -> bool:
    return has_perm(user, Perm.RECORD, task.assigning_unit)


def may_lead(user, task: Task) -> bool:
    return has_perm(user, Perm.RECORD, task.lead_unit)


def reporting_units(user, task: Task) -> list:
    """The units of the task (lead first, then coordinating) for which `user` may report."""
    units = [task.lead_unit, *task.coordinating_units.all()]
    return [u for u in units if has_perm(user, Perm.RECORD, u)]


def access_task(user, pk) -> Task:
    return get_in_scope(
        tasks_for(user).select_related("assigning_unit", "lead_unit", "responsible", "document", "parent"),
        pk,
        _("No such task, or you may not see it."),
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this with this task."))


def access_report(user, pk) -> ProgressReport:
    """A progress report of a task `user` may see (404 otherwise): its evidence is downloaded through this."""
    return get_in_scope(
        ProgressReport.objects.filter(task__in=tasks_for(user)), pk, _("No such report, or you may not see it.")
    )
