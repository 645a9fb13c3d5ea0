"""Who may do what with meetings, submissions and responsibility assignments. Views and the API get them only
through the access functions here: 404 outside the user's scope (the same answer as for one that does not exist),
403 on a change without the right.

- a meeting: seen by the users of its unit's subtree and above; recorded (edited, cancelled, its conclusion turned
  into tasks) with RECORD on its unit;
- a submission: seen from either side (the sending unit's or the addressed body's scope); recorded (edited, withdrawn,
  its decision noted) with RECORD on either side; the Board's opinion needs RECORD on the addressed body;
- a responsibility assignment: seen by the committee's users and by the member; changed with RECORD on the
  committee;
- the opinion on a submission, given at a confidential meeting: seen only by a user cleared for that meeting (its
  text, outcome, document, date and tasks); others see that an opinion was given at a confidential meeting.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, may_open
from lanhdao.core.access import get_in_scope

from .levels import opinion_level
from .models import Meeting, Responsibility, Submission
from .selectors import meetings_for, responsibilities_for, submissions_for


def may_record_meeting(user, meeting: Meeting) -> bool:
    return has_perm(user, Perm.RECORD, meeting.unit)


def may_record_submission(user, submission: Submission) -> bool:
    return has_perm(user, Perm.RECORD, submission.from_unit) or has_perm(user, Perm.RECORD, submission.to_unit)


def may_give_opinion(user, submission: Submission) -> bool:
    return has_perm(user, Perm.RECORD, submission.to_unit)


def opinion_hidden(user, submission: Submission) -> bool:
    """Whether the opinion on `submission` was given at a meeting above `user`'s clearance (README
    "Confidentiality"): then nothing of it shows but that it exists."""
    return not may_open(user, opinion_level(submission))


def may_assign_responsibility(user, responsibility: Responsibility) -> bool:
    return has_perm(user, Perm.RECORD, responsibility.committee)


def access_meeting(user, pk, *, write: bool = False) -> Meeting:
    meeting = get_in_scope(
        meetings_for(user).select_related("unit", "chair", "conclusion_document", "created_by"),
        pk,
        _("No such meeting, or you may not see it."),
    )
    if write and not may_record_meeting(user, meeting):
        raise PermissionDenied(_("You may not change this meeting."))
    return meeting


def access_submission(user, pk, *, write: bool = False) -> Submission:
    submission = get_in_scope(
        submissions_for(user).select_related("from_unit", "to_unit", "document", "opinion_document", "opinion_meeting"),
        pk,
        _("No such submission, or you may not see it."),
    )
    if write and not may_record_submission(user, submission):
        raise PermissionDenied(_("You may not change this submission."))
    return submission


def access_responsibility(user, pk, *, write: bool = False) -> Responsibility:
    responsibility = get_in_scope(
        responsibilities_for(user).select_related("committee", "member", "unit"),
        pk,
        _("No such assignment, or you may not see it."),
    )
    if write and not may_assign_responsibility(user, responsibility):
        raise PermissionDenied(_("You may not change this assignment."))
    return responsibility


def agenda_item_of(meeting: Meeting, pk):
    """An agenda item of a meeting already accessed (404 for an item of another meeting)."""
    return get_in_scope(meeting.agenda.all(), pk, _("No such agenda item."))


def participant_of(meeting: Meeting, pk):
    return get_in_scope(meeting.participants.all(), pk, _("No such participant."))
