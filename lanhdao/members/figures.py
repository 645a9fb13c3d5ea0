"""Figures of party members for the reviews (DOMAIN.md §2.9, §2.11): for a unit, alone or with its subtree, and a
period of dates (`start` and `end` both included).

Where a member belonged on a day is read from their placements (a transfer closes one and opens the next), so a
review of a past period counts each member where they were then, not where they are now. A placement covers the days
from its `started_on` up to the day before its `ended_on`; an event on a member (admission, full membership) is
counted where the member was placed on its day, a departure where they were placed the day before.

    members_on(unit, on)                     members in the Party on a day: probationary and full, by gender, by age
                                             band (aggregate only), by political theory level, by qualification
    admissions(unit, start, end)             admitted in the period
    recognitions(unit, start, end)           recognised as full members in the period
    endings(unit, start, end)                left the Party in the period (or candidacy withdrawn), by reason
    transfers(unit, start, end)              transfers received in the period into the subtree from outside, and out
    badges_eligible(unit, year)              members reaching 30, 40, 45 … years of membership in the year
    member_grades(unit, year)                members' annual classifications, by grade
    organisation_grades(unit, year)          organisations' annual classifications, by grade
    awards(unit, start, end)                 awards to members and to organisations in the period
    summary(unit, start, end)                all of them (classifications and badges for `end`'s year)
    by_child(unit, start, end)               the same per child unit of `unit`, one grouped query per figure

Each function runs ONE query, whatever the size of the subtree (members_on computes its breakdowns in the same
query); `summary` reads the five figures that come from the placements (members, admissions, recognitions,
departures, badges) in one pass, five queries in all. `by_child` groups on the ancestor ids kept on each fact row
(`level2_id` for the children of a depth-1 unit, `level3_id` for those of a depth-2 unit), elsewhere on the prefix
of the path: never a query per unit.
Pure reads, no permission check: the caller has checked that its user may see `unit`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, path_prefix_q

from .models import (
    BADGE_YEARS,
    Award,
    EndReason,
    Gender,
    Grade,
    MemberEvaluation,
    OrganisationEvaluation,
    Placement,
    Qualification,
    TheoryLevel,
    Transfer,
)
from .stages import add_months

Day = datetime.date
# Age bands of the members' statistics (báo cáo thống kê đảng viên): up to 30, 31–40 … over 70.
AGE_BANDS = (
    ("up_to_30", 0, 30),
    ("31_40", 31, 40),
    ("41_50", 41, 50),
    ("51_60", 51, 60),
    ("61_70", 61, 70),
    ("over_70", 71, None),
)
NONE_KEY = "none"  # the blank choice ("no theory level") in the figures' keys


def _key(value: str) -> str:
    return value or NONE_KEY


@dataclass(frozen=True)
class _Grouping:
    """How rows are bucketed per child of `unit`, and how a bucket is named back to a unit id: the child's, or the
    unit's own for the rows recorded directly on it."""

    unit: Unit
    paths: dict[str, int]  # {path: id} of the children and of the unit itself

    def expression(self, path_field: str = "unit_path", *, levels: bool = True):
        field = {1: "level2_id", 2: "level3_id"}.get(self.unit.depth) if levels else None
        return F(field) if field else Substr(path_field, 1, (self.unit.depth + 1) * Unit.steplen)

    def name(self, bucket) -> int | None:
        if bucket is None:  # no ancestor at the children's depth: on the unit itself
            return self.unit.pk
        return self.paths.get(bucket) if isinstance(bucket, str) else bucket


# --- the scope of a figure --------------------------------------------------------------------------------------------


def _scoped(qs: QuerySet, unit: Unit, subtree: bool, path_field: str = "unit_path", id_field: str = "unit_id"):
    return qs.filter(path_prefix_q(unit.path, path_field)) if subtree else qs.filter(**{id_field: unit.pk})


def _covering(day) -> Q:
    """The placement covering `day` (a date or an expression)."""
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def _covering_eve(day) -> Q:
    """The placement covering the day before `day`: where a member was when they left."""
    return Q(started_on__lt=day) & (Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def _run(qs: QuerySet, aggregates: dict, grouping: _Grouping | None, **expression_options) -> dict:
    """`aggregates` over `qs` ({None: row}), or per bucket of `grouping` ({bucket: row}); one query either way."""
    if grouping is None:
        return {None: qs.aggregate(**aggregates)}
    rows = qs.annotate(bucket=grouping.expression(**expression_options)).values("bucket").annotate(**aggregates)
    return {grouping.name(row.pop("bucket")): row for row in rows.order_by()}


def _grouped_counts(qs: QuerySet, field: str, grouping: _Grouping | None, **options) -> dict:
    """{bucket: {value of `field`: n}} — a GROUP BY on the field (and the bucket)."""
    names = ["bucket", field] if grouping else [field]
    if grouping:
        qs = qs.annotate(bucket=grouping.expression(**options))
    found: dict = {}
    for row in qs.values(*names).annotate(n=Count("id")).order_by():
        bucket = grouping.name(row["bucket"]) if grouping else None
        found.setdefault(bucket, {})[row[field]] = row["n"]
    return found


# --- the figures ------------------------------------------------------------------------------------------------------


def _in_party(on: Day) -> Q:
    """On placement rows: the member was in the Party on the day `on`."""
    return Q(member__admitted_on__lte=on) & (Q(member__ended_on__isnull=True) | Q(member__ended_on__gt=on))


def _breakdown(on: Day) -> dict[str, Q]:
    """The members' breakdowns on the day `on`, as {aggregate name: condition on the member}."""
    conditions = {"total": Q(), "full": Q(member__full_on__lte=on)}
    conditions |= {f"g_{g}": Q(member__gender=g) for g in Gender.values}
    for name, youngest, oldest in AGE_BANDS:
        # age >= youngest  <=>  born on or before `on` minus `youngest` years; no date arithmetic in SQL
        band = Q(member__birth_date__lte=add_months(on, -12 * youngest))
        if oldest is not None:
            band &= Q(member__birth_date__gt=add_months(on, -12 * (oldest + 1)))
        conditions[f"a_{name}"] = band
    conditions["a_unknown"] = Q(member__birth_date__isnull=True)
    conditions |= {f"t_{_key(v)}": Q(member__theory_level=v) for v in TheoryLevel.values}
    conditions |= {f"q_{_key(v)}": Q(member__qualification=v) for v in Qualification.values}
    return conditions


def _count(condition: Q) -> Count:
    return Count("id", filter=condition) if condition else Count("id")


def _members_on(on: Day, grouping, unit: Unit, subtree: bool) -> dict:
    qs = _scoped(Placement.objects.filter(_covering(on), _in_party(on)), unit, subtree)
    aggregates = {name: _count(condition) for name, condition in _breakdown(on).items()}
    return {bucket: _shape_members(row) for bucket, row in _run(qs, aggregates, grouping).items()}


def _placement_figures(start: Day, end: Day, year: int, grouping, unit: Unit, subtree: bool) -> dict:
    """Members on `end` with their breakdowns, admissions, recognitions, departures by reason and the badges due in
    `year`: everything read from the placements joined to their members, in ONE pass over the subtree's placements
    (at L, a province's five such figures took 1.5 s as five queries, each joining the same rows)."""
    on_end, last_day = _covering(end) & _in_party(end), datetime.date(year, 12, 31)
    aggregates = {f"m_{name}": _count(on_end & condition) for name, condition in _breakdown(end).items()}
    for name, field in (("admissions", "admitted_on"), ("recognitions", "full_on")):
        happened = Q(**{f"member__{field}__gte": start, f"member__{field}__lte": end})
        aggregates[name] = _count(happened & _covering(F(f"member__{field}")))
    left = Q(member__ended_on__gte=start, member__ended_on__lte=end) & _covering_eve(F("member__ended_on"))
    aggregates |= {f"e_{reason}": _count(left & Q(member__end_reason=reason)) for reason in EndReason.values}
    on_last_day = _covering(last_day) & _in_party(last_day)
    for n in BADGE_YEARS:
        admitted = Q(
            member__admitted_on__gte=datetime.date(year - n, 1, 1),
            member__admitted_on__lte=datetime.date(year - n, 12, 31),
        )
        aggregates[f"b_{n}"] = _count(on_last_day & admitted)
    found = {}
    for bucket, row in _run(_scoped(Placement.objects.all(), unit, subtree), aggregates, grouping).items():
        found[bucket] = {
            "members": _shape_members({k[2:]: v for k, v in row.items() if k.startswith("m_")}),
            "admissions": row["admissions"],
            "recognitions": row["recognitions"],
            "ended": {reason: row[f"e_{reason}"] for reason in EndReason.values},
            "badges": {n: row[f"b_{n}"] for n in BADGE_YEARS},
        }
    return found


def _shape_members(row: dict) -> dict:
    def part(prefix: str) -> dict:
        return {name[len(prefix) :]: n for name, n in row.items() if name.startswith(prefix)}

    return {
        "total": row["total"],
        "probationary": row["total"] - row["full"],
        "full": row["full"],
        "by_gender": part("g_"),
        "by_age": part("a_"),
        "by_theory_level": part("t_"),
        "by_qualification": part("q_"),
    }


def members_on(unit: Unit, on: Day, *, subtree: bool = True) -> dict:
    """Members (probationary and full) placed in `unit` (and its subtree) on the day `on`, with their breakdowns."""
    return _members_on(on, None, unit, subtree).get(None) or _shape_members(_EMPTY_MEMBERS)


def _event(field: str, start: Day, end: Day, grouping, unit: Unit, subtree: bool) -> dict:
    day = F(f"member__{field}")
    qs = Placement.objects.filter(**{f"member__{field}__gte": start, f"member__{field}__lte": end}).filter(
        _covering(day)
    )
    return {bucket: row["n"] for bucket, row in _run(_scoped(qs, unit, subtree), {"n": Count("id")}, grouping).items()}


def admissions(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Members admitted in the period by `unit` (and its subtree): placed there on the day of admission."""
    return _event("admitted_on", start, end, None, unit, subtree)[None]


def recognitions(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> int:
    """Probationary members recognised as full members in the period."""
    return _event("full_on", start, end, None, unit, subtree)[None]


def _endings(start: Day, end: Day, grouping, unit: Unit, subtree: bool) -> dict:
    qs = Placement.objects.filter(member__ended_on__gte=start, member__ended_on__lte=end)
    qs = _scoped(qs.filter(_covering_eve(F("member__ended_on"))), unit, subtree)
    found = _grouped_counts(qs, "member__end_reason", grouping)
    return {bucket: _reasons(counts) for bucket, counts in found.items()}


def _reasons(counts: dict) -> dict:
    return {reason: counts.get(reason, 0) for reason in EndReason.values}


def endings(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Departures in the period by reason (not recognised, removed, expelled, resigned, died, withdrawn)."""
    return _endings(start, end, None, unit, subtree).get(None) or _reasons({})


def _transfers(start: Day, end: Day, unit: Unit, subtree: bool, direction: str, grouping) -> dict:
    here, there = ("to", "from") if direction == "in" else ("from", "to")
    qs = Transfer.objects.filter(received_on__gte=start, received_on__lte=end, cancelled_at__isnull=True)
    if grouping is not None:
        # Into (out of) a child's subtree from outside it: the two paths differ at the children's depth. On the unit
        # itself (its path is shorter than a child's), "from outside" means from any other unit.
        length = (unit.depth + 1) * Unit.steplen
        qs = qs.filter(path_prefix_q(unit.path, f"{here}_path")).annotate(
            here_part=Substr(f"{here}_path", 1, length), there_part=Substr(f"{there}_path", 1, length)
        )
        rows = _run(
            qs.exclude(here_part=F("there_part")), {"n": Count("id")}, grouping, path_field=f"{here}_path", levels=False
        )
        return {bucket: row["n"] for bucket, row in rows.items()}
    if subtree:
        qs = qs.filter(path_prefix_q(unit.path, f"{here}_path")).exclude(path_prefix_q(unit.path, f"{there}_path"))
    else:
        qs = qs.filter(**{f"{here}_unit": unit}).exclude(**{f"{there}_unit": unit})
    return {None: qs.count()}


def transfers(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Transfers received in the period: into `unit` (its subtree) from elsewhere, and out of it. One query."""
    if subtree:
        inside_to, inside_from = path_prefix_q(unit.path, "to_path"), path_prefix_q(unit.path, "from_path")
    else:
        inside_to, inside_from = Q(to_unit=unit), Q(from_unit=unit)
    qs = Transfer.objects.filter(received_on__gte=start, received_on__lte=end, cancelled_at__isnull=True)
    return qs.filter(inside_to | inside_from).aggregate(
        **{"in": Count("id", filter=inside_to & ~inside_from), "out": Count("id", filter=inside_from & ~inside_to)}
    )


def _badges(year: int, grouping, unit: Unit, subtree: bool) -> dict:
    last_day = datetime.date(year, 12, 31)
    in_party = Q(member__admitted_on__lte=last_day) & (
        Q(member__ended_on__isnull=True) | Q(member__ended_on__gt=last_day)
    )
    qs = _scoped(Placement.objects.filter(_covering(last_day), in_party), unit, subtree)
    qs = qs.filter(member__admitted_on__gte=datetime.date(year - max(BADGE_YEARS), 1, 1))
    aggregates = {
        f"y{n}": Count(
            "id",
            filter=Q(
                member__admitted_on__gte=datetime.date(year - n, 1, 1),
                member__admitted_on__lte=datetime.date(year - n, 12, 31),
            ),
        )
        for n in BADGE_YEARS
    }
    return {bucket: {int(k[1:]): n for k, n in row.items()} for bucket, row in _run(qs, aggregates, grouping).items()}


def badges_eligible(unit: Unit, year: int, *, subtree: bool = True) -> dict[int, int]:
    """{years of membership: members reaching them in `year`} for the membership badges (Huy hiệu Đảng), among the
    members of the unit at the end of the year."""
    return _badges(year, None, unit, subtree)[None]


def _grades(model, year: int, grouping, unit: Unit, subtree: bool) -> dict:
    qs = _scoped(model.objects.filter(year=year), unit, subtree)
    return {bucket: _by_grade(c) for bucket, c in _grouped_counts(qs, "grade", grouping).items()}


def _by_grade(counts: dict) -> dict:
    return {grade: counts.get(grade, 0) for grade in Grade.values}


def member_grades(unit: Unit, year: int, *, subtree: bool = True) -> dict[str, int]:
    """Members' classifications for `year` (on the cell they belonged to that year), by grade."""
    return _grades(MemberEvaluation, year, None, unit, subtree).get(None) or _by_grade({})


def organisation_grades(unit: Unit, year: int, *, subtree: bool = True) -> dict[str, int]:
    """Party organisations' classifications for `year`, by grade (excellent = clean and strong, exemplary)."""
    return _grades(OrganisationEvaluation, year, None, unit, subtree).get(None) or _by_grade({})


def _awards(start: Day, end: Day, grouping, unit: Unit, subtree: bool) -> dict:
    qs = _scoped(Award.objects.filter(awarded_on__gte=start, awarded_on__lte=end), unit, subtree)
    aggregates = {
        "members": Count("id", filter=Q(member__isnull=False)),
        "organisations": Count("id", filter=Q(member__isnull=True)),
    }
    return _run(qs, aggregates, grouping)


def awards(unit: Unit, start: Day, end: Day, *, subtree: bool = True) -> dict[str, int]:
    """Awards given in the period to members and to organisations of the unit (and its subtree)."""
    return _awards(start, end, None, unit, subtree)[None]


# --- all of them ------------------------------------------------------------------------------------------------------

_EMPTY_MEMBERS = (
    {"total": 0, "full": 0}
    | {f"g_{g}": 0 for g in Gender.values}
    | {f"a_{name}": 0 for name, *_ in (*AGE_BANDS, ("unknown",))}
    | {f"t_{_key(v)}": 0 for v in TheoryLevel.values}
    | {f"q_{_key(v)}": 0 for v in Qualification.values}
)


def _figures(unit: Unit, start: Day, end: Day, year: int, subtree: bool, grouping) -> dict[object, dict]:
    """Every figure, per bucket (a single None bucket without grouping)."""
    empty = empty_figures()
    placed = _placement_figures(start, end, year, grouping, unit, subtree)
    found = {
        name: {bucket: figures[name] for bucket, figures in placed.items()}
        for name in ("members", "admissions", "recognitions", "ended", "badges")
    }
    found |= {
        "member_grades": _grades(MemberEvaluation, year, grouping, unit, subtree),
        "organisation_grades": _grades(OrganisationEvaluation, year, grouping, unit, subtree),
        "awards": _awards(start, end, grouping, unit, subtree),
    }
    if grouping is None:
        found["transfers"] = {None: transfers(unit, start, end, subtree=subtree)}
    else:
        ins = _transfers(start, end, unit, subtree, "in", grouping)
        outs = _transfers(start, end, unit, subtree, "out", grouping)
        found["transfers"] = {b: {"in": ins.get(b, 0), "out": outs.get(b, 0)} for b in {*ins, *outs}}
    buckets = {bucket for values in found.values() for bucket in values} | ({None} if grouping is None else set())
    result = {}
    for bucket in buckets:
        figures = {name: values.get(bucket, empty[name]) for name, values in found.items()}
        figures["ended_total"] = sum(figures["ended"].values())
        result[bucket] = figures
    return result


def summary(unit: Unit, start: Day, end: Day, *, subtree: bool = True, year: int | None = None) -> dict:
    """Every figure for `unit` (and its subtree) over the period: members as on `end`, classifications and badges
    for `year` (default: `end`'s year). Five queries: the placement-based figures in one pass, the two
    classifications, the awards, the transfers."""
    return _figures(unit, start, end, year or end.year, subtree, None)[None]


@dataclass
class ChildFigures:
    unit: Unit  # a child of the unit, or the unit itself for the rows recorded directly on it (`own`)
    own: bool
    figures: dict


def by_child(unit: Unit, start: Day, end: Day, *, year: int | None = None) -> list[ChildFigures]:
    """`summary` for each child of `unit` (with its subtree), and for `unit` alone (the rows recorded directly on
    it; first, `own=True`, left out when all its figures are 0): seven queries in all — the children, the
    placement-based figures, the classifications, the awards (each grouped on the children), and the transfers in
    and out. Archived children are listed only when they have figures."""
    kids = list(children(unit, include_archived=True))
    grouping = _Grouping(unit, {kid.path: kid.pk for kid in kids} | {unit.path: unit.pk})
    found = _figures(unit, start, end, year or end.year, True, grouping)
    empty = empty_figures()
    rows = [ChildFigures(unit, True, found.get(unit.pk, empty))]
    rows += [ChildFigures(kid, False, found.get(kid.pk, empty)) for kid in kids]
    return [row for row in rows if row.figures != empty or not (row.own or row.unit.is_archived)]


def empty_figures() -> dict:
    """What `summary` gives for a unit where nothing was recorded."""
    return {
        "members": _shape_members(_EMPTY_MEMBERS),
        "admissions": 0,
        "recognitions": 0,
        "ended": _reasons({}),
        "badges": dict.fromkeys(BADGE_YEARS, 0),
        "member_grades": _by_grade({}),
        "organisation_grades": _by_grade({}),
        "awards": {"members": 0, "organisations": 0},
        "ended_total": 0,
        "transfers": {"in": 0, "out": 0},
    }
