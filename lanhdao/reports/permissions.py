"""Who may open what of the reviews' own records: a report file made in the background is its owner's alone. (A
unit's figures need VIEW on the unit: org.permissions.access_unit; a unit's plan: reports.plans.permissions.)"""

from django.utils.translation import gettext as _

from lanhdao.core.access import get_in_scope

from .models import RenderJob


def access_render_job(user, pk) -> RenderJob:
    """The job `pk` if `user` started it: 404 otherwise, the same answer as for a job that does not exist."""
    jobs = RenderJob.objects.select_related("unit").filter(owner_id=getattr(user, "pk", None))
    return get_in_scope(jobs, pk, _("No such report file."))
