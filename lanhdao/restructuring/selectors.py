"""Reads across time: the tree as it stood on a day, the names units bore then, and a unit's predecessors (so that
a figure "as of today" can include their history when asked)."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, path_prefix_q

from .models import Lineage, Operation, Status, UnitName


def in_force_q(day: datetime.date) -> Q:
    """Units in force on `day`: begun by then, not ended before, and not archived except by a restructuring (which
    sets `valid_to`; a unit archived by mistake has none and belongs to no day)."""
    return (
        (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        & (Q(archived_at__isnull=True) | Q(valid_to__isnull=False))
    )


def children_on(unit: Unit | None, day: datetime.date) -> QuerySet[Unit]:
    """The units directly under `unit` (the roots when None) on `day`, one query."""
    qs = Unit.objects.filter(in_force_q(day))
    if unit is None:
        return qs.filter(depth=1).order_by("path")
    return qs.filter(path_prefix_q(unit.path), depth=unit.depth + 1).order_by("path")


def names_on(units, day: datetime.date) -> dict[int, str]:
    """{unit id: the name it bore on `day`} for the units that have been renamed since (others keep theirs)."""
    rows = UnitName.objects.filter(unit__in=[u.pk for u in units], until__gte=day).order_by("unit_id", "until")
    names: dict[int, str] = {}
    for row in rows:
        names.setdefault(row.unit_id, row.name)
    return names


def predecessors(unit: Unit) -> list[Unit]:
    """Every unit `unit` took over from, directly or through earlier operations (one query per generation)."""
    found: dict[int, Unit] = {}
    frontier = [unit.pk]
    while frontier:
        rows = list(Lineage.objects.filter(successor_id__in=frontier).select_related("predecessor"))
        frontier = [r.predecessor_id for r in rows if r.predecessor_id not in found]
        for row in rows:
            found.setdefault(row.predecessor_id, row.predecessor)
    return sorted(found.values(), key=lambda u: u.path)


def successors(unit: Unit) -> list[Unit]:
    return [r.successor for r in Lineage.objects.filter(predecessor=unit).select_related("successor")]


def history_paths(unit: Unit, *, include_predecessors: bool = False) -> list[str]:
    """The subtree roots whose facts count for `unit`: its own path, and with `include_predecessors` the paths of
    every unit it took over from (a closed unit's subtree holds the facts recorded before the operation)."""
    paths = [unit.path]
    if include_predecessors:
        paths += [p.path for p in predecessors(unit) if not any(p.path.startswith(q) for q in paths)]
    return paths


def operations_for(units: QuerySet[Unit]) -> QuerySet[Operation]:
    """Operations that closed or created a unit among `units`."""
    ids = list(units.values_list("id", flat=True)[:10000])
    return Operation.objects.filter(Q(lineage__predecessor_id__in=ids) | Q(lineage__successor_id__in=ids)).distinct()


def pending_for(unit: Unit) -> QuerySet[Operation]:
    """The operations scheduled to act on `unit` on a later date (what its page shows as pending)."""
    return Operation.objects.filter(status=Status.SCHEDULED, units=unit).order_by("effective_on", "pk")


def children_with_history(unit: Unit) -> QuerySet[Unit]:
    """The live children of `unit`, each with `took_over` (whether it succeeded any unit): the one query that tells
    a comparison whether any lineage is to be read at all."""
    return children(unit).annotate(took_over=Exists(Lineage.objects.filter(successor_id=OuterRef("pk"))))


def taken_over_by(units: list[Unit]) -> dict[Unit, Unit]:
    """{every unit one of `units` took over from, directly or through earlier operations: that one of `units`} (one
    query per generation; a predecessor that two of them shared goes to the first in the tree's order)."""
    found: dict[int, tuple[Unit, Unit]] = {}
    heir = {u.pk: u for u in sorted(units, key=lambda u: u.path)}
    frontier = dict(heir)
    while frontier:
        rows = Lineage.objects.filter(successor_id__in=list(frontier)).select_related("predecessor").order_by("pk")
        next_frontier: dict[int, Unit] = {}
        for row in rows:
            if row.predecessor_id in found or row.predecessor_id in heir:
                continue
            found[row.predecessor_id] = (row.predecessor, frontier[row.successor_id])
            next_frontier[row.predecessor_id] = frontier[row.successor_id]
        frontier = next_frontier
    return dict(found.values())
