"""Reads of classifications, awards and membership badges: who was classified how, who was excellent N years in a
row (one GROUP BY … HAVING, whatever the size of the subtree), who becomes eligible for a badge in a year."""

import datetime

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ExtractYear

from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q

from .models import BADGE_YEARS, Award, BadgeAward, Grade, Member, MemberEvaluation, OrganisationEvaluation
from .selectors import members_for, scoped
from .stages import in_party_q


def evaluations_for(user) -> QuerySet[MemberEvaluation]:
    """Members' classifications recorded on a cell in the user's scope."""
    return scoped(MemberEvaluation.objects.all(), user)


def organisation_evaluations_for(user) -> QuerySet[OrganisationEvaluation]:
    return scoped(OrganisationEvaluation.objects.all(), user)


def awards_for(user) -> QuerySet[Award]:
    return scoped(Award.objects.all(), user)


def badges_for(user) -> QuerySet[BadgeAward]:
    """Badges awarded to members the user may see."""
    return BadgeAward.objects.filter(member__in=members_for(user))


def evaluations_by_member(members, year: int) -> dict[int, MemberEvaluation]:
    """{member id: that year's classification} for a page of members, in one query."""
    rows = MemberEvaluation.objects.filter(member__in=[m.pk for m in members], year=year)
    return {e.member_id: e for e in rows}


def organisation_evaluations_by_unit(units, year: int) -> dict[int, OrganisationEvaluation]:
    rows = OrganisationEvaluation.objects.filter(unit__in=[u.pk for u in units], year=year)
    return {e.unit_id: e for e in rows}


def grade_counts(qs: QuerySet) -> dict[str, int]:
    """{grade: count} of a set of classifications, in one GROUP BY."""
    counts = dict.fromkeys(Grade.values, 0)
    counts.update(dict(qs.order_by().values("grade").annotate(n=Count("id")).values_list("grade", "n")))
    return counts


def _run(qs: QuerySet, key: str, *, year: int, years: int) -> QuerySet:
    """The `key` ids (member or unit) graded excellent every year of the `years` years ending with `year`: one row
    per key and year at most (a unique constraint), so a count of `years` in the window means no gap."""
    return (
        qs.filter(grade=Grade.EXCELLENT, year__gte=year - years + 1, year__lte=year)
        .order_by()
        .values(key)
        .annotate(n=Count("id"))
        .filter(n=years)
        .values(key)
    )


def excellent_members(user, unit: Unit, *, year: int, years: int) -> QuerySet[Member]:
    """Members now in `unit`'s subtree, seen by `user`, who were excellent in each of the `years` years up to
    `year` (wherever they were classified)."""
    qs = members_for(user).filter(path_prefix_q(unit.path, "unit_path"))
    return qs.filter(pk__in=_run(MemberEvaluation.objects.all(), "member", year=year, years=years))


def excellent_organisations(user, unit: Unit, *, year: int, years: int) -> QuerySet[Unit]:
    """Party organisations of `unit`'s subtree classified excellent ("clean and strong, exemplary") in each of the
    `years` years up to `year`."""
    evaluations = organisation_evaluations_for(user).filter(path_prefix_q(unit.path, "unit_path"))
    return Unit.objects.filter(pk__in=_run(evaluations, "unit", year=year, years=years))


def badge_eligible(qs: QuerySet[Member], year: int) -> QuerySet[Member]:
    """Members of `qs` whose years of membership (counted from admission) reach one of the badge thresholds in
    `year`, still in the Party, and not yet awarded that badge; each with `badge_years`."""
    ranges = Q(pk__in=[])
    for n in BADGE_YEARS:
        ranges |= Q(admitted_on__gte=datetime.date(year - n, 1, 1), admitted_on__lte=datetime.date(year - n, 12, 31))
    badge_years = Value(year, output_field=IntegerField()) - ExtractYear("admitted_on")
    awarded = BadgeAward.objects.filter(member=OuterRef("pk"), years=OuterRef("badge_years"))
    return (
        qs.filter(ranges)
        .filter(in_party_q())
        .annotate(badge_years=badge_years)
        .filter(~Exists(awarded))
        .order_by(F("admitted_on").asc(), "full_name", "pk")
    )


# Where the reviews find the classifications of a unit's members and organisations, and its subtree's.
MEMBER_EVALUATION_RECORDS = Source(MemberEvaluation, related=("member",))
ORGANISATION_EVALUATION_RECORDS = Source(OrganisationEvaluation, related=("unit",))
