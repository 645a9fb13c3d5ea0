"""Writes for discipline decisions on members and on Party organisations.

An expulsion (khai trừ) ends the member's membership in the same transaction (members.services.member_end with
EndReason.EXPELLED): the decision and its effect land together or not at all.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.members.models import EndReason, Member
from lanhdao.members.services import member_end
from lanhdao.org.models import Unit
from lanhdao.work.levels import raise_history

from .models import MEMBER_FORMS, ORGANISATION_FORMS, Discipline, DisciplineForm, Inspection, SubjectKind
from .permissions import may_record
from .services import archive, check_live_unit, check_past, require_text, subject_of


def _check_inspection(inspection: Inspection | None, subject_kind: str, subject_unit: Unit, member, decided_on):
    if inspection is None:
        return
    same = (
        inspection.subject_member_id == member.pk
        if subject_kind == SubjectKind.MEMBER
        else inspection.subject_kind == SubjectKind.ORGANISATION and inspection.subject_unit_id == subject_unit.pk
    )
    if not same:
        raise ValidationError({"inspection": _("That inspection was not of this organisation or member.")})
    if inspection.archived_at is not None:
        raise ValidationError({"inspection": _("That inspection is archived.")})
    if inspection.concluded_on is None or inspection.concluded_on > decided_on:
        raise ValidationError({"inspection": _("A decision follows an inspection once it is concluded.")})


def level_following(inspection: Inspection | None) -> int:
    """A decision carries the level of the inspection it follows (README "Confidentiality"); when the inspection's
    level changes, services.follow_level moves the decision with it."""
    return inspection.confidentiality if inspection is not None else Clearance.NORMAL


def _end_membership(actor, member: Member, decided_on: datetime.date, note: str) -> None:
    try:
        member_end(actor=actor, member=member, ended_on=decided_on, reason=EndReason.EXPELLED, note=note)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            fields = {"decided_on" if k == "ended_on" else "form": v for k, v in error.error_dict.items()}
            raise ValidationError(fields) from error
        raise ValidationError({"form": error.messages}) from error


def discipline_create(
    *,
    actor,
    unit: Unit,
    form: str,
    decided_on: datetime.date,
    reason: str,
    decision: str = "",
    subject_unit: Unit | None = None,
    subject_member: Member | None = None,
    inspection: Inspection | None = None,
) -> Discipline:
    """Record a discipline decision of `unit` on a member or an organisation of its subtree (the caller has checked
    that `actor` may see `inspection`). An expulsion ends the member's membership on the day of the decision."""
    require(may_record(actor, unit), _("You may not record discipline decisions of this unit."))
    check_live_unit(unit)
    subject_kind, subject_unit = subject_of(actor, unit, subject_unit, subject_member)
    allowed = MEMBER_FORMS if subject_kind == SubjectKind.MEMBER else ORGANISATION_FORMS
    if form not in allowed:
        raise ValidationError(
            {
                "form": _("Not a form of discipline for a %(subject)s: choose one of %(forms)s.")
                % {
                    "subject": SubjectKind(subject_kind).label.lower(),
                    "forms": ", ".join(str(DisciplineForm(f).label) for f in allowed),
                }
            }
        )
    check_past(decided_on, "decided_on")
    reason = require_text(reason, "reason", _("Give the reason for the decision."))
    _check_inspection(inspection, subject_kind, subject_unit, subject_member, decided_on)
    expels = form == DisciplineForm.EXPULSION
    if expels and subject_member.ended_on is not None:
        raise ValidationError({"subject_member": _("This person is no longer in the Party.")})
    with transaction.atomic():
        discipline = Discipline(
            unit=unit,
            unit_path=unit.path,
            subject_kind=subject_kind,
            subject_unit=subject_unit,
            subject_path=subject_unit.path,
            subject_member=subject_member,
            form=form,
            decided_on=decided_on,
            decision=(decision or "").strip(),
            reason=reason,
            inspection=inspection,
            created_by=actor,
            confidentiality=level_following(inspection),
        )
        save_audited(
            actor=actor, obj=discipline, exclude=["unit", "subject_unit", "subject_member", "inspection", "created_by"]
        )
        raise_history(Discipline, [discipline.pk], discipline.confidentiality)
        if expels:
            note = _("Expelled by %(unit)s, decision %(decision)s") % {
                "unit": unit.name,
                "decision": discipline.decision or "—",
            }
            if discipline.confidentiality:  # the member's record is not confidential: it names no secret decision
                note = _("Expelled by %(unit)s, by a confidential decision") % {"unit": unit.name}
            _end_membership(actor, subject_member, decided_on, note)
    return discipline


def discipline_archive(*, actor, discipline: Discipline, note: str = "") -> Discipline:
    """Archive a decision recorded by mistake. An expulsion's end of membership is not undone here: it is corrected
    on the member's record."""
    return archive(actor=actor, obj=discipline, note=note)
