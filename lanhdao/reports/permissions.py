"""Who may open what of the reviews' own records: a report file made in the background is its owner's alone. (A
unit's figures need VIEW on the unit: org.permissions.access_unit; a unit's plan: reports.plans.permissions.)"""

from django.http import Http404
from django.utils.translation import gettext as _

from .models import RenderJob


def access_render_job(user, pk) -> RenderJob:
    """The job `pk` if `user` started it: 404 otherwise, the same answer as for a job that does not exist."""
    job = RenderJob.objects.select_related("unit").filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if job is None:
        raise Http404(_("No such report file."))
    return job
