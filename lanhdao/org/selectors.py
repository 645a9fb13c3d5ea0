"""Reads of the organisation tree. Each is one query (or a fixed few), whatever the size of the subtree."""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from lanhdao.core.search import filter_folded

from .kinds import UnitKind
from .models import Unit


def path_prefix_q(prefix: str, field: str = "path") -> Q:
    """Rows whose `field` starts with `prefix`: the subtree rooted at that path, through the path index.

    Paths use only 0-9 and A-Z (treebeard's alphabet), all below "~", so [prefix, prefix + "~") is exactly the
    subtree. SQLite's LIKE ignores case and so cannot use the BINARY path index: there the range is added (measured
    on 269,308 units: a commune's subtree 25.7 ms → 0.3 ms). PostgreSQL keeps the LIKE, which its pattern index
    serves in any collation (a `<` under a non-C collation may order `~` differently).
    """
    q = Q(**{f"{field}__startswith": prefix})
    if connection.vendor == "sqlite":
        q &= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
    return q


def subtree(unit: Unit, *, include_self: bool = True, include_archived: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path_prefix_q(unit.path))
    if not include_self:
        qs = qs.filter(depth__gt=unit.depth)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.order_by("path")


def children(unit: Unit, *, include_archived: bool = False) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path_prefix_q(unit.path), depth=unit.depth + 1)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.order_by("path")


def parent_of(unit: Unit) -> Unit | None:
    if unit.depth <= 1:
        return None
    return Unit.objects.filter(path=unit.path[: -Unit.steplen]).first()


def parent_ids(units) -> dict[str, int]:
    """{parent path: parent id} for a page of units, in one query (each path says who its parent is)."""
    paths = {u.path[: -Unit.steplen] for u in units if u.depth > 1}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "id")) if paths else {}


def level_ids(units) -> dict[int, tuple[int | None, int | None]]:
    """{unit id: (id of its ancestor-or-self at depth 2, … at depth 3)} for many units, in one query.

    Fact rows keep these two ids so that the figures of a province (depth 2) group on a plain integer column by
    district or commune (depth 3) instead of by a path expression (STYLE.md, lessons from the field).
    """
    step = Unit.steplen
    units = list(units)
    wanted = {u.path[: step * d] for u in units for d in (2, 3) if u.depth >= d}
    ids = dict(Unit.objects.filter(path__in=wanted).values_list("path", "id")) if wanted else {}
    return {
        u.pk: (
            ids.get(u.path[: step * 2]) if u.depth >= 2 else None,
            ids.get(u.path[: step * 3]) if u.depth >= 3 else None,
        )
        for u in units
    }


def ancestors(unit: Unit) -> list[Unit]:
    """Root first; one query by the paths the unit's own path implies."""
    paths = unit.ancestor_paths()
    return list(Unit.objects.filter(path__in=paths).order_by("depth")) if paths else []


def subtree_counts(unit: Unit) -> dict[str, int]:
    """Units below `unit` (not itself), by kind; archived ones left out."""
    rows = subtree(unit, include_self=False).order_by().values("kind").annotate(n=Count("id")).values_list("kind", "n")
    return dict(rows)


def with_child_counts(qs: QuerySet[Unit]) -> list[Unit]:
    """The units of `qs`, each with `.live_children` (children not archived). Two queries in all."""
    units = list(qs)
    if not units:
        return units
    parents = {u.path for u in units}
    rows = (
        Unit.objects.filter(
            subtree_q(sorted(parents)), archived_at__isnull=True, depth__in={u.depth + 1 for u in units}
        )
        .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * Unit.steplen))
        .filter(parent_path__in=parents)
        .order_by()
        .values("parent_path")
        .annotate(n=Count("id"))
        .values_list("parent_path", "n")
    )
    counts = dict(rows)
    for u in units:
        u.live_children = counts.get(u.path, 0)
    return units


def subtree_q(paths: list[str], field: str = "path") -> Q:
    """Rows inside any of the subtrees rooted at `paths` (an empty list matches nothing)."""
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (path_prefix_q(p, field) for p in paths))


# The bodies of a committee (its Executive Committee, Standing Board, Standing members) meet and are written to in the
# committee's name: a user of the committee answers for them, though they are units of their own under it.
COMMITTEE_BODY_KINDS = frozenset({UnitKind.EXECUTIVE_COMMITTEE, UnitKind.STANDING_BOARD, UnitKind.STANDING_MEMBERS})


def own_units_q(paths: list[str], field: str = "path", *, kind_field: str | None = None) -> Q:
    """Rows on one of the units `paths` themselves (not their subtrees) — a user's own units, where their work waits
    for them — and, with `kind_field` (the kind of the row's unit), on a body of such a committee directly under it.
    An empty list matches nothing."""
    if not paths:
        return Q(pk__in=[])
    q = Q(**{f"{field}__in": paths})
    if kind_field:
        # a child's path is its parent's plus one step of Unit.steplen characters of treebeard's alphabet
        children = "^(" + "|".join(paths) + f")[0-9A-Z]{{{Unit.steplen}}}$"
        q |= subtree_q(paths, field) & Q(**{f"{field}__regex": children, f"{kind_field}__in": COMMITTEE_BODY_KINDS})
    return q


def search(qs: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    """Units of `qs` whose name or code matches `query`, with or without diacritics."""
    return filter_folded(qs, "search_name", query)
