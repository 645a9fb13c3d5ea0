"""Who may do what with inspection and supervision. Views and the API get each record only through its
`access_<entity>(user, pk, *, write=False)`: 404 when it does not exist or lies outside the user's scope (one answer
for both, also for an inspection above the user's clearance), 403 on `write` without the right.

- a programme: seen with VIEW on its unit; recorded (created, edited, archived) with RECORD on it;
- an inspection or supervision: seen with VIEW on the conducting unit, or with VIEW on the subject's unit once it is
  concluded; recorded (edited, findings, conclusion, recommendations, archived) with RECORD on the conducting unit;
- a discipline decision: seen with VIEW on the deciding unit or on the subject's unit; recorded with RECORD on the
  deciding unit;
- a member as the subject of either: the actor must be able to see the member (members.permissions.access_member).
"""

from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope as _get
from lanhdao.core.access import require

from . import selectors
from .models import Discipline, Inspection, Programme, Recommendation


def may_record(user, unit) -> bool:
    return has_perm(user, Perm.RECORD, unit)


def access_programme(user, pk, *, write: bool = False) -> Programme:
    programme = _get(
        selectors.programmes_for(user, include_archived=True).select_related("unit", "document"),
        pk,
        _("No such programme, or you may not see it."),
    )
    if write:
        require(may_record(user, programme.unit), _("You may not change this programme."))
    return programme


def access_inspection(user, pk, *, write: bool = False) -> Inspection:
    inspection = _get(
        selectors.inspections_for(user, include_archived=True).select_related(
            "unit", "subject_unit", "subject_member", "programme", "created_by"
        ),
        pk,
        _("No such inspection, or you may not see it."),
    )
    if write:
        require(may_record(user, inspection.unit), _("You may not change this inspection."))
    return inspection


def access_discipline(user, pk, *, write: bool = False) -> Discipline:
    discipline = _get(
        selectors.disciplines_for(user, include_archived=True).select_related(
            "unit", "subject_unit", "subject_member", "inspection"
        ),
        pk,
        _("No such discipline decision, or you may not see it."),
    )
    if write:
        require(may_record(user, discipline.unit), _("You may not change this discipline decision."))
    return discipline


def access_recommendation(user, pk, *, write: bool = False) -> Recommendation:
    recommendation = _get(
        selectors.recommendations_for(user).select_related("inspection__unit", "task"),
        pk,
        _("No such recommendation, or you may not see it."),
    )
    if write:
        require(may_record(user, recommendation.inspection.unit), _("You may not change this recommendation."))
    return recommendation


def inspection_visible(user, inspection: Inspection | None) -> bool:
    """Whether `user` may open `inspection` (a discipline's page links to it only then)."""
    if inspection is None:
        return False
    return selectors.inspections_for(user, include_archived=True).filter(pk=inspection.pk).exists()
