"""Reads of staffing: the figures of a unit's subtree, of each of its children, their streamlining targets and trends.

Every figure is one query whatever the size of the subtree: rows are selected by their stored `unit_path` (a prefix
range, no join on units) and summed in SQL. The figure of a subtree is the sum of its rows (each row counts the
unit's own staff); vacancies and staff over quota are summed **row by row** (unit and category), so a unit over its
quota does not fill another unit's vacancy. Per child, rows are grouped on the stored ancestor id when the children
stand at depth 2 or 3 (the province, district and commune levels), else on the path prefix of the child's length.

No user scope here: callers check that the user may see the unit (access_unit), except for `quotas_for` and
`targets_for`, which start every scoped list.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Case, Count, F, IntegerField, QuerySet, Sum, Value, When
from django.db.models.functions import Substr

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import scope_paths
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import children as unit_children
from lanhdao.org.selectors import path_prefix_q, subtree_q

from .models import StaffingQuota, StreamliningTarget

SELF = "self"  # the key of the unit's own rows among its children's


@dataclasses.dataclass(frozen=True)
class Figures:
    """Sums over rows: quota assigned, headcount, vacancies (assigned − headcount where positive) and staff over quota
    (headcount − assigned where positive), and how many rows were counted."""

    assigned: int = 0
    headcount: int = 0
    vacancies: int = 0
    over: int = 0
    rows: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(*(a + b for a, b in zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)))


@dataclasses.dataclass(frozen=True)
class Progress:
    """How far a subtree is from its streamlining target: `limit` is the most its quota may be in the target year
    (the base-year quota less the percentage, rounded down); `distance` = the quota now − `limit` (> 0: still to
    cut; ≤ 0: met)."""

    target: StreamliningTarget
    base: int
    current: int

    @property
    def known(self) -> bool:
        return self.base > 0

    @property
    def limit(self) -> int:
        return int((Decimal(self.base) * (100 - self.target.percent) / 100).to_integral_value(rounding=ROUND_FLOOR))

    @property
    def distance(self) -> int:
        return self.current - self.limit

    @property
    def margin(self) -> int:
        """How far below the limit the quota is (the opposite of `distance`)."""
        return -self.distance

    @property
    def met(self) -> bool:
        return self.known and self.distance <= 0

    @property
    def cut(self) -> int:
        return self.base - self.current


@dataclasses.dataclass
class Line:
    """One child of the unit (or the unit's own rows, `unit` None) in the subtree view."""

    unit: Unit | None
    figures: Figures
    progress: Progress | None = None
    series: list[tuple[int, Figures]] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Summary:
    unit: Unit
    year: int
    category: str
    totals: Figures
    progress: Progress | None
    lines: list[Line]
    series: list[tuple[int, Figures]]


FIGURES = ("assigned", "headcount", "vacancies", "over", "rows")


def aggregates() -> dict:
    # aliased "sum_…": an aggregate named like a field would shadow it in the expressions after it
    return {
        "sum_assigned": Sum("assigned"),
        "sum_headcount": Sum("headcount"),
        "sum_vacancies": Sum(
            Case(When(assigned__gt=F("headcount"), then=F("assigned") - F("headcount")), default=Value(0)),
            output_field=IntegerField(),
        ),
        "sum_over": Sum(
            Case(When(headcount__gt=F("assigned"), then=F("headcount") - F("assigned")), default=Value(0)),
            output_field=IntegerField(),
        ),
        "sum_rows": Count("id"),
    }


def figures_of(row: dict) -> Figures:
    return Figures(**{name: row.get(f"sum_{name}") or 0 for name in FIGURES})


# --- scope ---------------------------------------------------------------------------------------------------------


def quotas_for(user) -> QuerySet[StaffingQuota]:
    """The staffing rows of the units `user` may see."""
    qs = StaffingQuota.objects.all()
    if getattr(user, "is_superuser", False) and user.is_active:
        return qs
    return qs.filter(subtree_q(scope_paths(user, Perm.VIEW), "unit_path"))


def targets_for(user, *, include_archived: bool = False) -> QuerySet[StreamliningTarget]:
    qs = StreamliningTarget.objects.all()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if getattr(user, "is_superuser", False) and user.is_active:
        return qs
    return qs.filter(subtree_q(scope_paths(user, Perm.VIEW), "unit_path"))


# --- rows ----------------------------------------------------------------------------------------------------------


def in_subtree(qs: QuerySet, unit: Unit) -> QuerySet:
    return qs.filter(path_prefix_q(unit.path, "unit_path"))


def subtree_rows(unit: Unit, *, years: Iterable[int], category: str = "") -> QuerySet[StaffingQuota]:
    years = sorted(set(years))
    qs = in_subtree(StaffingQuota.objects.all(), unit)
    qs = qs.filter(year=years[0]) if len(years) == 1 else qs.filter(year__in=years)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by()


def unit_rows(unit: Unit) -> QuerySet[StaffingQuota]:
    """The unit's own rows, every year, the latest first."""
    return StaffingQuota.objects.filter(unit=unit).order_by("-year", "category")


def rows_of(units: Iterable[Unit], year: int) -> dict[tuple[int, str], StaffingQuota]:
    """{(unit id, category): row} of `units` in `year`, in one query (for the forms)."""
    ids = [u.pk for u in units]
    if not ids:
        return {}
    return {(r.unit_id, r.category): r for r in StaffingQuota.objects.filter(unit_id__in=ids, year=year)}


def subtree_figures(unit: Unit, year: int, category: str = "") -> Figures:
    """The figures of the whole subtree (the unit's rows included) in `year`: one query."""
    return figures_of(subtree_rows(unit, years=[year], category=category).aggregate(**aggregates()))


def series(unit: Unit, years: Iterable[int], category: str = "") -> list[tuple[int, Figures]]:
    """The subtree's figures year by year (a year without rows gives zeros): one query."""
    years = sorted(set(years))
    rows = subtree_rows(unit, years=years, category=category).values("year").annotate(**aggregates())
    by_year = {r["year"]: figures_of(r) for r in rows}
    return [(y, by_year.get(y, Figures())) for y in years]


def by_year_and_category(unit: Unit, years: Iterable[int]) -> dict[tuple[int, str], Figures]:
    """{(year, category): figures} of the subtree: one query (the unit page's trend and targets)."""
    rows = subtree_rows(unit, years=years).values("year", "category").annotate(**aggregates())
    return {(r["year"], r["category"]): figures_of(r) for r in rows}


def fold_categories(figures: dict[tuple[int, str], Figures], year: int, category: str = "") -> Figures:
    total = Figures()
    for (y, c), f in figures.items():
        if y == year and (not category or c == category):
            total += f
    return total


def over_quota(unit: Unit, year: int, category: str = "") -> QuerySet[StaffingQuota]:
    """Rows of the subtree whose headcount exceeds the quota, the largest excess first, with `.excess`."""
    return (
        subtree_rows(unit, years=[year], category=category)
        .filter(headcount__gt=F("assigned"))
        .annotate(excess=F("headcount") - F("assigned"))
        .select_related("unit")
        .order_by("-excess", "unit_path", "category")
    )


# --- children ------------------------------------------------------------------------------------------------------


def _child_key(unit: Unit):
    """The column or expression that names a row's child of `unit`, and how to get it from a child unit."""
    depth = unit.depth + 1
    if depth in (2, 3):
        return F(f"level{depth}_id"), (lambda u: u.pk), None
    return Substr("unit_path", 1, depth * Unit.steplen), (lambda u: u.path), unit.path


def grouped_by_child(unit: Unit, qs: QuerySet, *extra: str) -> QuerySet:
    """`qs` summed by the child of `unit` each row lies under (and by `extra` fields): one row per group."""
    expression, _key_of, _own = _child_key(unit)
    return qs.annotate(child=expression).values("child", *extra).annotate(**aggregates())


def _own_key(unit: Unit, key):
    """SELF for the unit's own rows (no ancestor id at the children's depth, or the unit's own path)."""
    _expression, _key_of, own = _child_key(unit)
    return SELF if key is None or key == own else key


def child_figures(unit: Unit, year: int, category: str = "") -> dict:
    """{child key: figures} in `year` for each child with rows (SELF for the unit's own rows): one query."""
    rows = grouped_by_child(unit, subtree_rows(unit, years=[year], category=category))
    return {_own_key(unit, r["child"]): figures_of(r) for r in rows}


def child_series(unit: Unit, years: Iterable[int], category: str = "") -> dict:
    """{child key: {year: figures}}: one query."""
    result: dict = defaultdict(dict)
    for r in grouped_by_child(unit, subtree_rows(unit, years=years, category=category), "year"):
        result[_own_key(unit, r["child"])][r["year"]] = figures_of(r)
    return result


# --- targets -------------------------------------------------------------------------------------------------------


def live_targets(units: Iterable[Unit], category: str | None = "") -> list[StreamliningTarget]:
    """The targets of these units (of one category; None: every category): one query."""
    paths = [u.path for u in units]
    qs = StreamliningTarget.objects.filter(unit_path__in=paths, archived_at__isnull=True)
    if category is not None:
        qs = qs.filter(category=category)
    return list(qs.select_related("unit").order_by("unit_path", "target_year", "base_year", "pk"))


def target_in_force(targets: Iterable[StreamliningTarget], year: int) -> StreamliningTarget | None:
    """The target that `year` is judged against: one running in that year (the nearest target year first), else
    the last one that has ended; none before any base year."""
    started = [t for t in targets if t.base_year <= year]
    running = [t for t in started if t.target_year >= year]
    if running:
        return min(running, key=lambda t: (t.target_year, -t.base_year, t.pk))
    if started:
        return max(started, key=lambda t: (t.target_year, t.base_year, t.pk))
    return None


def summary(unit: Unit, year: int, category: str = "", *, years: int = 6) -> Summary:
    """The subtree view of `unit` in `year`: a line per child (and one for the unit's own rows), the totals, the
    targets in force and how far each is from it, and the trend of the last `years` years. Five queries at most,
    whatever the size of the subtree."""
    kids = list(unit_children(unit, include_archived=True))  # 1
    window = list(range(year - years + 1, year + 1))
    per_child = child_series(unit, window, category)  # 2
    targets = live_targets([unit, *kids], category)  # 3
    by_path: dict[str, list[StreamliningTarget]] = defaultdict(list)
    for t in targets:
        by_path[t.unit_path].append(t)
    in_force = {path: target_in_force(ts, year) for path, ts in by_path.items()}
    bases = {t.base_year for t in in_force.values() if t is not None}
    base_rows = grouped_by_child(unit, subtree_rows(unit, years=bases, category=category), "year") if bases else []
    base_by: dict = defaultdict(int)
    for r in base_rows:
        base_by[(_own_key(unit, r["child"]), r["year"])] += r["sum_assigned"] or 0

    _expression, key_of, _own = _child_key(unit)
    lines = []
    for kid in kids:
        key = key_of(kid)
        history = per_child.get(key, {})
        if kid.is_archived and not history:
            continue
        figures = history.get(year, Figures())
        target = in_force.get(kid.path)
        progress = Progress(target, base_by[(key, target.base_year)], figures.assigned) if target else None
        lines.append(Line(kid, figures, progress, [(y, history.get(y, Figures())) for y in window]))
    own = per_child.get(SELF, {})
    if own:
        lines.insert(0, Line(None, own.get(year, Figures()), None, [(y, own.get(y, Figures())) for y in window]))

    trend = [(y, sum((history.get(y, Figures()) for history in per_child.values()), Figures())) for y in window]
    totals = trend[-1][1]
    target = in_force.get(unit.path)
    progress = None
    if target is not None:
        base = sum(n for (_key, y), n in base_by.items() if y == target.base_year)
        progress = Progress(target, base, totals.assigned)
    return Summary(unit, year, category, totals, progress, lines, trend)


SORTS = {
    "name": lambda line: (line.unit is not None, line.unit.path if line.unit else ""),
    "assigned": lambda line: -line.figures.assigned,
    "headcount": lambda line: -line.figures.headcount,
    "vacancies": lambda line: -line.figures.vacancies,
    "over": lambda line: -line.figures.over,
    # the furthest from its target first; lines without a known target last
    "distance": lambda line: (0, -line.progress.distance) if line.progress and line.progress.known else (1, 0),
}


def sorted_lines(lines: list[Line], sort: str) -> list[Line]:
    """Lines sorted by a figure (largest first; ties in tree order), or in tree order."""
    order = SORTS.get(sort, SORTS["name"])
    return sorted(lines, key=lambda line: (order(line), SORTS["name"](line)))


# Where the reviews find the staffing rows of a unit and its subtree.
STAFFING_RECORDS = Source(StaffingQuota, related=("unit",))
