"""Annual classification of members and party organisations (Regulation 124-QĐ/TW: excellent, good, completed, not
completed), awards, and membership badges.

A cell's classification for a year is saved in one transaction, one row per member and year: saving again updates
the rows that change, each with its audit row. An organisation is classified, and awarded, by the level above it.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, save_audited, snapshot
from lanhdao.core.access import require
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit

from .models import Award, BadgeAward, Grade, Member, MemberEvaluation, OrganisationEvaluation
from .permissions import may_classify_organisation, may_manage_members
from .placing import levels_for, place
from .selectors import members_on
from .selectors_evaluations import badge_eligible
from .services import check_day


def check_year(year: int, field: str = "year") -> int:
    if year is None or not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({field: _("Choose a year from 2000 to this year.")})
    return year


def classification_day(year: int) -> datetime.date:
    """The day whose members a cell classifies for `year`: the year's last day, or today for the current year."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def member_classify(
    *, actor, unit: Unit, year: int, grades: Mapping[int, tuple[str, str]]
) -> tuple[list[MemberEvaluation], list[MemberEvaluation]]:
    """Save the classification of `unit`'s members for `year`: `grades` is {member id: (grade, note)}; an empty grade
    leaves that member as it was. Returns (created, updated)."""
    require(may_manage_members(actor, unit), _("You may not classify the members of this organisation."))
    check_year(year)
    wanted = {int(pk): (grade, (note or "").strip()[:300]) for pk, (grade, note) in grades.items() if grade}
    for grade, _note in wanted.values():
        if grade not in Grade.values:
            raise ValidationError({"grades": _("Not one of the classifications: %(v)s") % {"v": grade}})
    members = {m.pk: m for m in members_on(unit, classification_day(year), subtree=False).filter(pk__in=wanted)}
    strangers = set(wanted) - set(members)
    if strangers:
        raise ValidationError(
            {
                "grades": _("Only the members of %(unit)s in %(year)d are classified here.")
                % {"unit": unit, "year": year}
            }
        )
    levels = levels_for([unit])
    created, updated = [], []
    with transaction.atomic():
        existing = {
            e.member_id: e
            for e in MemberEvaluation.objects.select_for_update().filter(member__in=list(members), year=year)
        }
        changes = []
        for pk, (grade, note) in wanted.items():
            row = existing.get(pk)
            if row is None:
                created.append(
                    place(
                        MemberEvaluation(member=members[pk], unit=unit, year=year, grade=grade, note=note), unit, levels
                    )
                )
                continue
            if (row.grade, row.note, row.unit_id) == (grade, note, unit.pk):
                continue
            before = snapshot(row)
            row.grade, row.note = grade, note
            place(row, unit, levels).unit = unit
            changes.append((row, before, snapshot(row)))
            updated.append(row)
        MemberEvaluation.objects.bulk_create(created)
        if updated:
            fields = ["grade", "note", "unit", "unit_path", "level2_id", "level3_id"]
            MemberEvaluation.objects.bulk_update(updated, fields)
        record_many(actor=actor, action=Action.CREATE, changes=((e, None, snapshot(e)) for e in created))
        record_many(actor=actor, action=Action.UPDATE, changes=changes)
    return created, updated


def organisation_classify(*, actor, unit: Unit, year: int, grade: str, note: str = "") -> OrganisationEvaluation:
    """Classify a party organisation for a year (again: the row is updated, with its audit row)."""
    require(may_classify_organisation(actor, unit), _("This organisation is classified by the level above it."))
    if unit.kind not in PARTY_ORGANISATIONS:
        raise ValidationError({"unit": _("Only party organisations are classified here.")})
    check_year(year)
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose the classification.")})
    with transaction.atomic():
        row = OrganisationEvaluation.objects.select_for_update().filter(unit=unit, year=year).first()
        if row is None:
            row = place(
                OrganisationEvaluation(unit=unit, year=year, grade=grade, note=note.strip(), created_by=actor), unit
            )
            return save_audited(actor=actor, obj=row)
        return save_audited(actor=actor, obj=row, changes={"grade": grade, "note": note.strip()})


def organisations_classify(*, actor, year: int, grades: Mapping[Unit, tuple[str, str]]) -> list[OrganisationEvaluation]:
    """Classify several organisations for a year at once, all or none; an empty grade leaves one as it was."""
    saved = []
    with transaction.atomic():
        for unit, (grade, note) in grades.items():
            if grade:
                saved.append(organisation_classify(actor=actor, unit=unit, year=year, grade=grade, note=note or ""))
    return saved


def award_give(
    *,
    actor,
    year: int,
    title: str,
    awarded_on: datetime.date,
    decision: str = "",
    member: Member | None = None,
    unit: Unit | None = None,
) -> Award:
    """An award to a member (recorded on their cell) or to an organisation."""
    if (member is None) == (unit is None):
        raise ValidationError(_("Award either a member or an organisation."))
    if member is not None:
        unit = member.unit
        require(may_manage_members(actor, unit), _("You may not change this member's records."))
    else:
        require(may_classify_organisation(actor, unit), _("This organisation is awarded by the level above it."))
        if unit.kind not in PARTY_ORGANISATIONS:
            raise ValidationError({"unit": _("Only party organisations are awarded here.")})
    check_year(year)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the award.")})
    check_day(awarded_on, "awarded_on")
    with transaction.atomic():
        award = place(
            Award(
                member=member,
                unit=unit,
                year=year,
                title=title,
                awarded_on=awarded_on,
                decision=(decision or "").strip(),
                created_by=actor,
            ),
            unit,
        )
        return save_audited(actor=actor, obj=award)


def badges_award(
    *, actor, members: Iterable[Member], year: int, awarded_on: datetime.date, decision: str = ""
) -> list[BadgeAward]:
    """Award each member the badge they become eligible for in `year`, all or none."""
    members = list(members)
    if not members:
        raise ValidationError({"members": _("Choose at least one member.")})
    for member in members:
        require(may_manage_members(actor, member.unit), _("You may not change the records of %(m)s.") % {"m": member})
    check_year(year)
    check_day(awarded_on, "awarded_on")
    eligible = dict(
        badge_eligible(Member.objects.filter(pk__in=[m.pk for m in members]), year).values_list("pk", "badge_years")
    )
    missing = [m.full_name for m in members if m.pk not in eligible]
    if missing:
        message = _("Not eligible for a badge in %(year)d: %(names)s") % {"year": year, "names": ", ".join(missing)}
        raise ValidationError({"members": message})
    rows = [
        BadgeAward(member=m, years=eligible[m.pk], awarded_on=awarded_on, decision=(decision or "").strip())
        for m in members
    ]
    with transaction.atomic():
        BadgeAward.objects.bulk_create(rows)
        record_many(actor=actor, action=Action.CREATE, changes=((b, None, snapshot(b)) for b in rows))
    return rows
