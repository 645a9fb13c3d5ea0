"""The catalogue of indicators: named figures computed from recorded events for any unit (alone or with its subtree)
and any closed period [start, end].

An indicator is one declaration: its key, label, group, unit of measure, the records behind it (reports.selectors:
a queryset, so the drill-down can list them and `compare_children` can group them per child unit) and, where the app
keeps its own figure function, that function (the dashboard shows the app's figure; a test proves the records count
the same). Figures read "as it stood" (open, overdue tasks and petitions) are read on the period's end, or today when
it ends later; classifications and staffing are those of the year the period ends in.

    compute(unit, start, end, keys=…, subtree=…)    {key: value} (a `Figures`): one conditional aggregate per source
                                                    table for the indicators whose records are a `selectors.Rule` (all
                                                    but the documents to concretise, which take one query each)
    compare_children(unit, start, end, keys)        the same per child unit (with its subtree): one grouped query per
                                                    source, whatever the number of children (except `GROUPED_NOT`)

Confidential records (README, "Confidentiality"): a figure counts every record of the unit and period, whoever reads
it, because a review's figures must be true and the same in every output (dashboard, campaign drafts, report files)
and for every reader; with it, the engine gives how many of those records are confidential (`Figures.confidential`,
`ChildRow.confidential`), counted in the same statement (one more conditional aggregate, no more queries). It never
says which: the drill-down lists only the records its reader may open, and how many more there are.

The cost of a figure is that of reading the rows of its table within the subtree (an index range on the path),
never a query per unit: see bench/bench_indicators.py.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from lanhdao.cadres import selectors as cadres
from lanhdao.cadres.models import MovementKind, NominationKind
from lanhdao.documents.selectors import documents_for
from lanhdao.inspections import figures as inspection_figures
from lanhdao.inspections.selectors import disciplines_for, inspections_for, recommendations_for
from lanhdao.meetings import figures as meeting_figures
from lanhdao.meetings.models import MeetingKind
from lanhdao.meetings.selectors import meetings_for
from lanhdao.members import figures as member_figures
from lanhdao.members.models import Grade
from lanhdao.members.selectors_evaluations import organisation_evaluations_for
from lanhdao.org.models import Unit
from lanhdao.people import figures as people_figures
from lanhdao.people.selectors import dialogues_for, petitions_for, reception_days_for, visits_for
from lanhdao.restructuring.selectors import children_with_history, predecessors, taken_over_by
from lanhdao.staffing.selectors import quotas_for
from lanhdao.work.selectors import tasks_for

from . import selectors as rec

Day = datetime.date
Figure = Callable[[Unit, Day, Day, bool], int]
Records = Callable[[Unit, Day, Day, bool], QuerySet]

GROUPS: dict[str, str] = {
    "meetings": _("Meetings"),
    "documents": _("Documents issued"),
    "concretisation": _("Concretisation of directing documents"),
    "tasks": _("Tasks"),
    "people": _("Work with the people"),
    "inspections": _("Inspection and supervision"),
    "members": _("Party members"),
    "cadres": _("Cadre work"),
    "classification": _("Classification"),
    "staffing": _("Staffing"),
}


def _seen_through(selector) -> Callable:
    """The drill-down filter of records whose own selector says what a user may see."""

    def visible(user, qs: QuerySet) -> QuerySet:
        return qs.filter(pk__in=selector(user).order_by().values("pk"))

    return visible


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    group: str
    measure: str  # the unit of measure, e.g. "meetings"
    records: Records
    visible: Callable[[object, QuerySet], QuerySet]  # (user, records) -> the records the user may see
    figure: Figure | None = None  # the app's own figure; without it, the count (or sum) of the records
    sum_field: str = ""  # the figure is the sum of this field over the records, not their count
    level: str = ""  # the records' confidentiality lookup when they are not a rule (a rule's source knows its own)

    @property
    def level_field(self) -> str | None:
        """The lookup of the confidentiality level of the records counted, None when they carry none (or the figure is
        a sum: a staffing post is not a confidential record)."""
        if self.sum_field:
            return None
        if isinstance(self.records, rec.Rule):
            return self.records.source.level_field
        return self.level or None

    @property
    def may_be_confidential(self) -> bool:
        return self.level_field is not None

    def confidential_q(self) -> Q:
        """The records counted that are confidential (Mật or above)."""
        return Q(**{f"{self.level_field}__gt": 0})

    @property
    def path_field(self) -> str | None:
        """The path the records are grouped on per child: their source's (first) path; None for records that are
        not a rule, which are computed child by child (`GROUPED_NOT`)."""
        return self.records.source.paths[0] if isinstance(self.records, rec.Rule) else None

    def value(self, unit: Unit, start: Day, end: Day, subtree: bool = True) -> int:
        if self.figure is not None:
            return self.figure(unit, start, end, subtree)
        return total(self, self.records(unit, start, end, subtree))

    def counted(self, unit: Unit, start: Day, end: Day, subtree: bool = True) -> tuple[int, int]:
        """(the figure, how many of its records are confidential) in one query, for the indicators that are not
        rules (`GROUPED_NOT`)."""
        if not self.may_be_confidential or self.figure is not None:
            return self.value(unit, start, end, subtree), 0
        rows = self.records(unit, start, end, subtree).order_by()
        found = rows.aggregate(n=_amount(self), c=Count("pk", filter=self.confidential_q()))
        return found["n"] or 0, found["c"] or 0


class Figures(dict):
    """{key: value} of indicators, and `confidential`: {key: how many of the records counted are confidential} (0 for
    an indicator whose records carry no level). A dict, so that every caller of `compute` reads it as before."""

    def __init__(self, values=(), confidential: dict[str, int] | None = None):
        super().__init__(values)
        self.confidential: dict[str, int] = dict(confidential or {})


def _amount(indicator: Indicator, condition: Q | None = None):
    """The aggregate of an indicator over its records: the count, or the sum of `sum_field` (0 when none)."""
    if indicator.sum_field:
        return Coalesce(Sum(indicator.sum_field, filter=condition), 0)
    return Count("pk", filter=condition)


def _by_source(chosen: Iterable[Indicator]) -> tuple[dict[tuple, list[Indicator]], list[Indicator]]:
    """({(source, ""): the indicators whose records are rules on it}, the others); a source counted `apart` gives a
    group per indicator, (source, key)."""
    fused: dict[tuple, list[Indicator]] = defaultdict(list)
    alone = []
    for indicator in chosen:
        if isinstance(indicator.records, rec.Rule):
            source = indicator.records.source
            fused[(source, indicator.key if source.apart else "")].append(indicator)
        else:
            alone.append(indicator)
    return fused, alone


def _together(
    group: list[Indicator], unit: Unit, start: Day, end: Day, subtree: bool, bucket=None, path: str = ""
) -> dict:
    """The indicators of `group` (rules on one source) in one query per path of the source: the source's rows for the
    unit that satisfy any of their conditions, each indicator an aggregate filtered on its own, and beside it, for
    records that carry a confidentiality level, the count of the confidential ones (in the same statement). With
    `bucket` (an expression), grouped on it: {bucket: {key: [value, confidential]}}; without, {key: [value,
    confidential]}. With `path`, only the rows on the unit by that path are read (`compare_children`)."""
    conditions = [i.records.condition(unit, start, end, subtree) for i in group]
    # Positional aliases: a key may not collide with a field of the model.
    amounts = {}
    for n, (i, condition) in enumerate(zip(group, conditions, strict=True)):
        amounts[f"v{n}"] = _amount(i, condition)
        if i.may_be_confidential:
            amounts[f"c{n}"] = Count("pk", filter=condition & i.confidential_q())

    def empty() -> dict:
        return {i.key: [0, 0] for i in group}

    def add(values: dict, found: dict) -> None:
        for n, i in enumerate(group):
            values[i.key][0] += found[f"v{n}"] or 0
            values[i.key][1] += found.get(f"c{n}") or 0

    totals: dict = {} if bucket is not None else empty()
    source = group[0].records.source
    parts = [source.rows_on(unit, subtree, path)] if path else source.parts(unit, subtree)
    for part in parts:  # one query per path of the source (tasks: two)
        rows = (part.filter(reduce(or_, conditions)) if source.prefilter else part).order_by()
        if bucket is None:
            add(totals, rows.aggregate(**amounts))
            continue
        for row in rows.annotate(bucket=bucket).values("bucket").annotate(**amounts):
            add(totals.setdefault(row["bucket"], empty()), row)
    return totals


def total(indicator: Indicator, qs: QuerySet) -> int:
    """The count of the records, or the sum of `sum_field` over them: one query."""
    if indicator.sum_field:
        return qs.order_by().aggregate(n=Coalesce(Sum(indicator.sum_field), 0))["n"]
    return qs.count()


def _fig(function, *, key: str | None = None, **options) -> Figure:
    """An app figure `function(unit, start, end, *, subtree, **options)` as (unit, start, end, subtree) -> int;
    `key` picks one number of a figure that returns a dict."""

    def figure(unit: Unit, start: Day, end: Day, subtree: bool) -> int:
        found = function(unit, start, end, subtree=subtree, **options)
        return (found.get(key) or 0) if key else found

    return figure


def _as_of(function) -> Figure:
    return lambda unit, start, end, subtree: function(unit, rec.as_of(end), subtree=subtree)


def _cadre(function, key: str) -> Figure:
    return lambda unit, start, end, subtree: function(unit, start, end, subtree=subtree).get(key) or 0


def _grades(function, grade: str) -> Figure:
    return lambda unit, start, end, subtree: function(unit, end.year, subtree=subtree)[grade]


def _disciplines(unit: Unit, start: Day, end: Day, subtree: bool) -> int:
    return sum(inspection_figures.disciplines_by_form(unit, start, end, subtree=subtree).values())


_MEETINGS = _seen_through(meetings_for)
_DOCUMENTS = _seen_through(documents_for)
_MEMBERS = rec.visible_members_rows
DOCUMENT_KINDS = (
    ("NQ", _("Resolutions")),
    ("CT", _("Directives")),
    ("KL", _("Conclusions")),
    ("KH", _("Plans")),
    ("BC", _("Reports")),
    ("TB", _("Notices")),
)

CATALOGUE: list[Indicator] = [
    Indicator(
        "meetings_held",
        _("Meetings held"),
        "meetings",
        _("meetings"),
        rec.meetings,
        _MEETINGS,
        _fig(meeting_figures.meetings_held),
    ),
    *(
        Indicator(
            f"meetings_{kind.value}",
            kind.label,
            "meetings",
            _("meetings"),
            rec.meetings.but(kind=kind.value),
            _MEETINGS,
            _fig(meeting_figures.meetings_held, kind=kind.value),
        )
        for kind in MeetingKind
    ),
    Indicator("documents_issued", _("Documents issued"), "documents", _("documents"), rec.documents_issued, _DOCUMENTS),
    *(
        Indicator(
            f"documents_{code}", label, "documents", _("documents"), rec.documents_issued.but(kind=code), _DOCUMENTS
        )
        for code, label in DOCUMENT_KINDS
    ),
    Indicator(
        "directing_addressed",
        _("Directing documents to concretise"),
        "concretisation",
        _("documents"),
        rec.directing_addressed,
        _DOCUMENTS,
        level="confidentiality",
    ),
    Indicator(
        "directing_covered",
        _("…with implementing tasks"),
        "concretisation",
        _("documents"),
        rec.directing_covered,
        _DOCUMENTS,
        level="confidentiality",
    ),
    Indicator(
        "directing_uncovered",
        _("…without implementing tasks"),
        "concretisation",
        _("documents"),
        rec.directing_uncovered,
        _DOCUMENTS,
        level="confidentiality",
    ),
    Indicator("tasks_assigned", _("Tasks assigned"), "tasks", _("tasks"), rec.tasks_assigned, _seen_through(tasks_for)),
    Indicator(
        "tasks_done_on_time",
        _("Tasks done on time"),
        "tasks",
        _("tasks"),
        rec.tasks_done.but(on_time=True),
        _seen_through(tasks_for),
    ),
    Indicator(
        "tasks_done_late",
        _("Tasks done late"),
        "tasks",
        _("tasks"),
        rec.tasks_done.but(on_time=False),
        _seen_through(tasks_for),
    ),
    Indicator(
        "tasks_open",
        _("Tasks open at the end of the period"),
        "tasks",
        _("tasks"),
        rec.tasks_open,
        _seen_through(tasks_for),
    ),
    Indicator(
        "tasks_overdue",
        _("Tasks overdue at the end of the period"),
        "tasks",
        _("tasks"),
        rec.tasks_overdue,
        _seen_through(tasks_for),
    ),
    Indicator(
        "field_visits",
        _("Field visits"),
        "people",
        _("visits"),
        rec.field_visits,
        _seen_through(visits_for),
        _fig(people_figures.field_visits),
    ),
    Indicator(
        "dialogues",
        _("Dialogues with citizens"),
        "people",
        _("dialogues"),
        rec.dialogues,
        _seen_through(dialogues_for),
        _fig(people_figures.dialogues),
    ),
    Indicator(
        "reception_days",
        _("Citizen reception days"),
        "people",
        _("days"),
        rec.reception_days,
        _seen_through(reception_days_for),
        _fig(people_figures.reception_days),
    ),
    Indicator(
        "petitions_received",
        _("Petitions received"),
        "people",
        _("petitions"),
        rec.petitions_received,
        _seen_through(petitions_for),
        _fig(people_figures.petitions_received),
    ),
    Indicator(
        "petitions_answered_on_time",
        _("Petitions answered on time"),
        "people",
        _("petitions"),
        rec.petitions_answered_on_time,
        _seen_through(petitions_for),
        _fig(people_figures.petitions_answered_on_time),
    ),
    Indicator(
        "petitions_overdue",
        _("Petitions overdue at the end of the period"),
        "people",
        _("petitions"),
        rec.petitions_overdue,
        _seen_through(petitions_for),
        _as_of(people_figures.petitions_overdue),
    ),
    Indicator(
        "inspections",
        _("Inspections started"),
        "inspections",
        _("inspections"),
        rec.inspections,
        _seen_through(inspections_for),
        _fig(inspection_figures.inspections),
    ),
    Indicator(
        "supervisions",
        _("Supervisions started"),
        "inspections",
        _("supervisions"),
        rec.supervisions,
        _seen_through(inspections_for),
        _fig(inspection_figures.supervisions),
    ),
    Indicator(
        "inspections_concluded",
        _("Inspections and supervisions concluded"),
        "inspections",
        _("inspections"),
        rec.concluded,
        _seen_through(inspections_for),
        _fig(inspection_figures.concluded),
    ),
    Indicator(
        "inspections_with_violations",
        _("…with violations found"),
        "inspections",
        _("inspections"),
        rec.with_violations,
        _seen_through(inspections_for),
        _fig(inspection_figures.with_violations),
    ),
    Indicator(
        "recommendations_made",
        _("Recommendations made"),
        "inspections",
        _("recommendations"),
        rec.recommendations_made,
        _seen_through(recommendations_for),
        _fig(inspection_figures.recommendations_made),
    ),
    Indicator(
        "disciplines",
        _("Discipline decisions"),
        "inspections",
        _("decisions"),
        rec.disciplines,
        _seen_through(disciplines_for),
        _disciplines,
    ),
    Indicator(
        "admissions",
        _("Members admitted"),
        "members",
        _("members"),
        rec.admissions,
        _MEMBERS,
        _fig(member_figures.admissions),
    ),
    Indicator(
        "recognitions",
        _("Recognised as full members"),
        "members",
        _("members"),
        rec.recognitions,
        _MEMBERS,
        _fig(member_figures.recognitions),
    ),
    *(
        Indicator(
            f"{kind.value}s",
            kind.label,
            "cadres",
            _("cadres"),
            rec.movements.but(kind=kind.value),
            _MEMBERS,
            _cadre(cadres.movement_figures, f"{kind.value}s"),
        )
        for kind in MovementKind
    ),
    Indicator(
        "trainings_completed",
        _("Trainings completed"),
        "cadres",
        _("courses"),
        rec.trainings_completed,
        _MEMBERS,
        _cadre(cadres.training_figures, "trainings_completed"),
    ),
    *(
        Indicator(
            f"nominations_{kind.value}",
            kind.label,
            "cadres",
            _("nominations"),
            rec.nominations.but(kind=kind.value),
            _MEMBERS,
            _cadre(cadres.nomination_figures, f"nominations_{kind.value}"),
        )
        for kind in NominationKind
    ),
    Indicator(
        "members_excellent",
        _("Members: excellently completed duties"),
        "classification",
        _("members"),
        rec.member_grades.but(grade=Grade.EXCELLENT),
        _MEMBERS,
        _grades(member_figures.member_grades, Grade.EXCELLENT),
    ),
    Indicator(
        "members_not_completed",
        _("Members: did not complete duties"),
        "classification",
        _("members"),
        rec.member_grades.but(grade=Grade.NOT_COMPLETED),
        _MEMBERS,
        _grades(member_figures.member_grades, Grade.NOT_COMPLETED),
    ),
    Indicator(
        "organisations_excellent",
        _("Organisations: clean and strong, exemplary"),
        "classification",
        _("organisations"),
        rec.organisation_grades.but(grade=Grade.EXCELLENT),
        _seen_through(organisation_evaluations_for),
        _grades(member_figures.organisation_grades, Grade.EXCELLENT),
    ),
    Indicator(
        "staff_quota",
        _("Staffing quota assigned"),
        "staffing",
        _("posts"),
        rec.staffing_rows,
        _seen_through(quotas_for),
        sum_field="assigned",
    ),
    Indicator(
        "staff_headcount",
        _("Staff headcount"),
        "staffing",
        _("people"),
        rec.staffing_rows,
        _seen_through(quotas_for),
        sum_field="headcount",
    ),
]

BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in CATALOGUE}
# Indicators whose figure per child cannot be one grouped query (the documents to concretise are those addressed to
# each child from above: a different set per child): computed child by child.
GROUPED_NOT = frozenset(i.key for i in CATALOGUE if i.path_field is None)


def select(keys: Iterable[str] | None) -> list[Indicator]:
    """The indicators of `keys` in catalogue order (all without keys); an unknown key is a KeyError."""
    if keys is None:
        return list(CATALOGUE)
    wanted = set(keys)
    unknown = wanted - BY_KEY.keys()
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    return [i for i in CATALOGUE if i.key in wanted]


def compute(
    unit: Unit,
    start: Day,
    end: Day,
    *,
    keys: Iterable[str] | None = None,
    subtree: bool = True,
    include_predecessors: bool = False,
) -> Figures:
    """{key: value} of the indicators of `keys` (all without) for `unit` (with its subtree unless told) over the
    closed period [start, end]: one query per source table (indicators that are not rules: one each). Its
    `confidential` says, for each key, how many of the records counted are confidential.

    With `include_predecessors`, the units `unit` took over from in a restructuring (restructuring.selectors)
    count too: their facts stayed on them, so a merged unit's figure for a period before the merge is the sum of
    its predecessors' (their subtrees are apart from the successor's, so nothing is counted twice)."""
    chosen = select(keys)
    fused, alone = _by_source(chosen)
    found = dict.fromkeys((i.key for i in chosen), 0)
    secret = dict.fromkeys((i.key for i in chosen), 0)
    for u in [unit, *(predecessors(unit) if include_predecessors else [])]:
        for group in fused.values():
            for key, (value, confidential) in _together(group, u, start, end, subtree).items():
                found[key] += value
                secret[key] += confidential
        for indicator in alone:
            value, confidential = indicator.counted(u, start, end, subtree)
            found[indicator.key] += value
            secret[indicator.key] += confidential
    return Figures(found, secret)


def previous_period(start: Day, end: Day) -> tuple[Day, Day]:
    """The period of the same length just before [start, end] (a calendar year gives the year before; a month of 31
    days the 31 days before it)."""
    if start.month == 1 and start.day == 1 and end == datetime.date(start.year, 12, 31):
        return datetime.date(start.year - 1, 1, 1), datetime.date(start.year - 1, 12, 31)
    previous_end = start - datetime.timedelta(days=1)
    return previous_end - (end - start), previous_end


@dataclass
class ChildRow:
    unit: Unit  # a child of the unit, or the unit itself for the records on it directly (`own`)
    own: bool
    values: dict[str, int]
    confidential: dict[str, int] = field(default_factory=dict)  # {key: how many of the records are confidential}


def compare_children(unit: Unit, start: Day, end: Day, keys: Iterable[str]) -> list[ChildRow]:
    """The indicators of `keys` for each child of `unit` (with its subtree) and for the unit's own records (first,
    `own=True`): one query for the children and one grouped query per path of each source table, whatever their
    number; the indicators in GROUPED_NOT take one query per child.

    Each record is grouped on the path it counts on for the period (a task on its lead then: its earlier lead before
    a restructuring moved it, `_by_own_path`), and a child that took over from closed units (restructuring lineage)
    has their records too: for a period before the change its row counts what its predecessors did, as
    compute(child, include_predecessors=True) does (`_add_predecessors`; no query at all for children without
    lineage). The rows add up to compute(unit, …), except records of closed units that no child took over."""
    indicators = select(keys)
    kids = list(children_with_history(unit))
    length = (unit.depth + 1) * Unit.steplen
    found: dict[str, dict[str, list[int]]] = defaultdict(dict)  # {key: {path: [value, confidential]}}
    fused, alone = _by_source(indicators)
    for group in fused.values():
        for bucket, values in _by_own_path(group, unit, start, end, length).items():
            for key, pair in values.items():
                found[key][bucket] = pair
    heirs = taken_over_by([kid for kid in kids if kid.took_over]) if any(kid.took_over for kid in kids) else {}
    _add_predecessors(found, fused, unit, kids, heirs, start, end)
    for indicator in alone:  # GROUPED_NOT
        found[indicator.key] = {kid.path: list(indicator.counted(kid, start, end, True)) for kid in kids}
        found[indicator.key][unit.path] = [0, 0]

    def row(of: Unit, own: bool) -> ChildRow:
        pairs = {i.key: found[i.key].get(of.path, [0, 0]) for i in indicators}
        return ChildRow(of, own, {k: p[0] for k, p in pairs.items()}, {k: p[1] for k, p in pairs.items()})

    return [row(unit, True), *(row(kid, False) for kid in kids)]


def _by_own_path(group: list[Indicator], unit: Unit, start: Day, end: Day, length: int) -> dict:
    """{bucket: {key: [value, confidential]}} of a group of rules on one source, over `unit`'s subtree, each record
    grouped on the path it counts on, cut to `length`: one query per path of the source (tasks: the lead's path for
    the tasks counted on their lead, the earlier lead's for those counted on it)."""
    source = group[0].records.source
    if len(source.paths) == 1:
        return _together(group, unit, start, end, True, Substr(source.paths[0], 1, length))
    totals: dict = {}
    for path in source.paths:
        narrowed = [replace(i, records=i.records.counted_on(path)) for i in group]
        for bucket, values in _together(narrowed, unit, start, end, True, Substr(path, 1, length), path).items():
            into = totals.setdefault(bucket, {i.key: [0, 0] for i in group})
            for key, (value, confidential) in values.items():
                into[key][0] += value
                into[key][1] += confidential
    return totals


def _add_predecessors(found: dict, fused: dict, unit: Unit, kids: list[Unit], heirs: dict, start: Day, end: Day):
    """Move into each child's row the records of the closed units it took over from (`heirs`: {predecessor: child})
    that lie in `unit`'s subtree. A predecessor just under `unit` is a bucket of its own: its figures go to its heir.
    One deeper down (a commune under a district closed since) is counted apart (`_move_deeper`)."""
    length = (unit.depth + 1) * Unit.steplen
    heir_of = {p.path: kid.path for p, kid in heirs.items() if p.path.startswith(unit.path) and p.path != unit.path}
    for values in found.values():
        for path in [p for p in heir_of if len(p) == length and p in values]:
            _add(values, heir_of[path], values.pop(path))
    deeper = [path for path in heir_of if len(path) > length]
    if deeper:
        _move_deeper(found, fused, length, {kid.path for kid in kids}, heir_of, deeper, start, end)


def _move_deeper(found, fused, length: int, kids: set[str], heir_of: dict, deeper: list[str], start: Day, end: Day):
    """The records of predecessors below the level of the children: one grouped query per source and closed unit
    above them (shallowest first), each predecessor's figures taken from the row that held them (its nearest
    ancestor among the children and the other predecessors, if any) and given to its heir."""
    by_top: dict[tuple[str, int], list[str]] = defaultdict(list)
    for path in deeper:
        by_top[(path[:length], len(path))].append(path)
    holders = kids | set(heir_of)
    above = {u.path: u for u in Unit.objects.filter(path__in={top for top, _depth in by_top})}
    for (top, depth), paths in sorted(by_top.items(), key=lambda item: item[0][1]):
        for group in fused.values():
            counted = _by_own_path(group, above[top], start, end, depth)
            for path in paths:
                holder = max((h for h in holders if path.startswith(h) and h != path), key=len, default=None)
                for key, pair in counted.get(path, {}).items():
                    if holder is not None:
                        _add(found[key], heir_of.get(holder, holder), [-pair[0], -pair[1]])
                    _add(found[key], heir_of[path], pair)


def _add(values: dict[str, list[int]], row: str, pair: list[int]) -> None:
    """Add `pair` ([value, confidential]) to the row of path `row`."""
    into = values.setdefault(row, [0, 0])
    into[0] += pair[0]
    into[1] += pair[1]
