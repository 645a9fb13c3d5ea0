"""The rows of a table that belong to a unit of the tree, alone or with its subtree: how each app tells the reviews
(reports.selectors) where its facts are, without the reviews reading its models directly (STYLE.md: reports read
every app through selectors). Each app declares its sources in its own selectors module."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q, QuerySet

from .models import Unit
from .selectors import path_prefix_q


def on_unit(unit: Unit, subtree: bool, path_field: str) -> Q:
    """The rows whose `path_field` is the unit's path, or inside its subtree."""
    return path_prefix_q(unit.path, path_field) if subtree else Q(**{path_field: unit.path})


@dataclass(frozen=True)
class Source:
    """The rows of one table that belong to a unit (and its subtree): on the unit's path in any of `paths` (a task
    counts on its lead, or on its earlier lead before a restructuring moved it). `sparse` names the paths most rows
    leave empty (indexed only where filled); `live` leaves out archived rows; `related` is what a drill-down list
    shows with each row."""

    model: type[models.Model]
    paths: tuple[str, ...] = ("unit_path",)
    live: Q = field(default_factory=Q)
    related: tuple[str, ...] = ()
    sparse: tuple[str, ...] = ()
    apart: bool = False  # each rule in its own query: their conditions read different indexes (no OR of them)
    prefilter: bool = True  # the rows read must satisfy one of the rules (False: when nearly all do anyway)
    # The lookup of the rows' confidentiality level, when it is not the model's own `confidentiality` (a
    # recommendation carries its inspection's): figures say how many of their rows are confidential.
    level: str = ""

    @property
    def level_field(self) -> str | None:
        """The lookup of the rows' confidentiality level, None for rows that carry none (members, staffing…)."""
        if self.level:
            return self.level
        return "confidentiality" if any(f.name == "confidentiality" for f in self.model._meta.fields) else None

    def _on(self, unit: Unit, subtree: bool, path: str) -> Q:
        found = on_unit(unit, subtree, path)
        # Said outright, so that PostgreSQL may use the partial index (a LIKE does not tell it the path is not empty).
        return found & ~Q(**{path: ""}) if path in self.sparse else found

    def rows(self, unit: Unit, subtree: bool) -> QuerySet:
        placed = reduce(or_, (self._on(unit, subtree, path) for path in self.paths))
        return self.model.objects.filter(self.live).filter(placed)

    def rows_on(self, unit: Unit, subtree: bool, path: str) -> QuerySet:
        """The rows on the unit (and its subtree) by `path` alone, whatever their other paths say."""
        return self.model.objects.filter(self.live).filter(self._on(unit, subtree, path))

    def parts(self, unit: Unit, subtree: bool) -> list[QuerySet]:
        """The same rows as disjoint querysets, one per path (those on a later path that are not on an earlier one):
        each reads one index range, where one query with an OR of paths would read the rows from the table."""
        found, before = [], []
        for path in self.paths:
            qs = self.model.objects.filter(self.live).filter(self._on(unit, subtree, path))
            for earlier in before:
                qs = qs.exclude(on_unit(unit, subtree, earlier))
            found.append(qs)
            before.append(path)
        return found
