"""Who may do what with the work with the people. Views and the API get each record only through its
`access_<entity>(user, pk, *, write=False)`: 404 when it does not exist or lies outside the user's scope (one answer
for both), 403 on `write` without the right.

- record, edit, archive a field visit, dialogue, reception schedule or day: RECORD on its unit;
- record, edit, assign, archive a petition: RECORD on the unit that received it; answer it: RECORD on the unit it is
  assigned to (or on the receiving unit);
- a personal commitment plan: the leader it belongs to, or RECORD on its unit;
- see: VIEW on the unit (a petition also on the assigned unit, a visit also on the visited unit; a plan also its
  leader).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope as _get
from lanhdao.core.access import require

from . import selectors
from .models import CommitmentPlan, Dialogue, FieldVisit, Finding, Petition, ReceptionDay, ReceptionSchedule


def may_record(user, unit) -> bool:
    return has_perm(user, Perm.RECORD, unit)


def may_answer(user, petition: Petition) -> bool:
    units = (
        [petition.receiving_unit, petition.assigned_unit] if petition.assigned_unit_id else [petition.receiving_unit]
    )
    return any(has_perm(user, Perm.RECORD, unit) for unit in units)


def may_edit_plan(user, plan: CommitmentPlan) -> bool:
    own = plan.leader_id is not None and plan.leader_id == getattr(user, "pk", None) and user.is_active
    return own or has_perm(user, Perm.RECORD, plan.unit)


def access_field_visit(user, pk, *, write: bool = False) -> FieldVisit:
    visit = _get(
        selectors.visits_for(user, include_archived=True).select_related("unit", "place_unit", "visitor"),
        pk,
        _("No such field visit, or you may not see it."),
    )
    if write:
        require(may_record(user, visit.unit), _("You may not change this field visit."))
    return visit


def access_dialogue(user, pk, *, write: bool = False) -> Dialogue:
    dialogue = _get(
        selectors.dialogues_for(user, include_archived=True).select_related("unit", "led_by"),
        pk,
        _("No such dialogue, or you may not see it."),
    )
    if write:
        require(may_record(user, dialogue.unit), _("You may not change this dialogue."))
    return dialogue


def access_reception_schedule(user, pk, *, write: bool = False) -> ReceptionSchedule:
    schedule = _get(
        selectors.schedules_for(user).select_related("unit"),
        pk,
        _("No such reception schedule, or you may not see it."),
    )
    if write:
        require(may_record(user, schedule.unit), _("You may not change this reception schedule."))
    return schedule


def access_reception_day(user, pk, *, write: bool = False) -> ReceptionDay:
    day = _get(
        selectors.reception_days_for(user, include_archived=True).select_related("unit", "schedule", "received_by"),
        pk,
        _("No such reception day, or you may not see it."),
    )
    if write:
        require(may_record(user, day.unit), _("You may not change this reception day."))
    return day


def access_petition(user, pk, *, write: bool = False) -> Petition:
    """With `write`: the right to edit, assign or archive it (RECORD on the receiving unit). Answering is checked by
    `may_answer`."""
    petition = _get(
        selectors.petitions_for(user, include_archived=True).select_related(
            "receiving_unit", "assigned_unit", "answered_by", "reception_day"
        ),
        pk,
        _("No such petition, or you may not see it."),
    )
    if write:
        require(may_record(user, petition.receiving_unit), _("You may not change this petition."))
    return petition


def access_plan(user, pk, *, write: bool = False) -> CommitmentPlan:
    plan = _get(
        selectors.plans_for(user).select_related("unit", "leader"), pk, _("No such plan, or you may not see it.")
    )
    if write:
        require(may_edit_plan(user, plan), _("You may not change this plan."))
    return plan


def access_finding(user, pk, *, write: bool = False) -> Finding:
    """A finding of a visit or dialogue the user may see; with `write`, RECORD on that event's unit."""
    visible = Q(visit__in=selectors.visits_for(user)) | Q(dialogue__in=selectors.dialogues_for(user))
    finding = _get(
        Finding.objects.filter(visible).select_related("visit__unit", "dialogue__unit", "task"),
        pk,
        _("No such finding, or you may not see it."),
    )
    if write:
        event = finding.visit or finding.dialogue
        require(may_record(user, event.unit), _("You may not change this finding."))
    return finding
