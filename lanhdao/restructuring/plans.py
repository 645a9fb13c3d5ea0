"""What an operation will do, computed before anything is written: the units it closes, the units it creates, and
for every closed unit its successor. The same plan is shown as the preview and then applied (restructuring.services).

Every operation reduces to three lists:
- `closed`: subtree roots to close (each with every live unit under it);
- `new`: new units, each under an existing unit or under another new one;
- `successor`: for each closed unit, where its open work goes — a new unit, an existing unit, or the copy made of it.
Copying a subtree (`copies`) recreates a closed unit and its live descendants under a destination with the same
codes, names and kinds; the copies succeed the originals one for one.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from lanhdao.core.access import parse_id
from lanhdao.org.kinds import UnitKind, may_contain
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, parent_of, subtree, subtree_q

from . import bodies
from .models import Kind


@dataclass
class NewUnit:
    key: str
    code: str
    name: str
    kind: str
    parent: "Unit | str"  # an existing unit or the key of another new unit


@dataclass
class Plan:
    kind: str
    effective_on: datetime.date
    closed: list[Unit] = field(default_factory=list)
    new: list[NewUnit] = field(default_factory=list)
    copies: list[tuple[Unit, "Unit | str"]] = field(default_factory=list)  # (closed root, destination)
    successor: dict[int, "Unit | str"] = field(default_factory=dict)  # closed unit pk → unit or new key
    rename: tuple[Unit, str] | None = None
    spec: dict = field(default_factory=dict)

    def parents_touched(self) -> list[Unit]:
        """The units under which something changes: only their organisation boards may restructure."""
        # one query for the parents of every closed root (a province's reform closes hundreds of communes)
        paths = {c.path[: -Unit.steplen] for c in self.closed if c.depth > 1}
        units = {u.pk: u for u in Unit.objects.filter(path__in=paths)} if paths else {}
        for new in self.new:
            if isinstance(new.parent, Unit):
                units[new.parent.pk] = new.parent
        for _root, destination in self.copies:
            if isinstance(destination, Unit):
                units[destination.pk] = destination
        if self.rename:
            parent = parent_of(self.rename[0])
            units[(parent or self.rename[0]).pk] = parent or self.rename[0]
        return list(units.values())


def _live(unit: Unit, day: datetime.date, field_name: str = "unit") -> None:
    if unit.is_archived:
        raise ValidationError({field_name: _("%(unit)s is archived.") % {"unit": unit}})
    if unit.valid_from and unit.valid_from >= day:
        raise ValidationError(
            {field_name: _("%(unit)s comes into force only after the effective date.") % {"unit": unit}}
        )


def _check_under(parent_kind: str, kind: str, name: str) -> None:
    if not may_contain(parent_kind, kind):
        raise ValidationError(
            _("%(name)s: a %(child)s cannot stand under a %(parent)s.")
            % {"name": name, "child": UnitKind(kind).label, "parent": UnitKind(parent_kind).label}
        )


def _new_unit(key: str, data: dict, parent: "Unit | str", parent_kind: str) -> NewUnit:
    code, name, kind = (str(data.get(k) or "").strip() for k in ("code", "name", "kind"))
    if not code or not name:
        raise ValidationError(_("Each new unit needs a code and a name."))
    if kind not in UnitKind.values:
        raise ValidationError(_("%(name)s: unknown kind of unit.") % {"name": name})
    _check_under(parent_kind, kind, name)
    return NewUnit(key=key, code=code, name=name, kind=kind, parent=parent)


def _map_children(
    source: Unit,
    mapping: dict,
    targets: dict[str, "Unit | str"],
    kinds: dict[str, str],
    plan: Plan,
    skip: set[int] = frozenset(),
):
    """Each live child of `source` must be mapped to one of `targets` (keys); it is copied there with its subtree."""
    missing = []
    for child in children(source):
        if child.pk in skip:
            continue
        target = mapping.get(str(child.pk), mapping.get(child.pk))
        if target is None or str(target) not in targets:
            missing.append(child.name)
            continue
        _check_under(kinds[str(target)], child.kind, child.name)
        plan.copies.append((child, targets[str(target)]))
    if missing:
        raise ValidationError(
            _("The mapping is incomplete: say where these units under %(unit)s go: %(names)s.")
            % {"unit": source.name, "names": ", ".join(missing)}
        )


def merge(
    *,
    sources: list[Unit],
    effective_on: datetime.date,
    survivor: Unit | None = None,
    new: dict | None = None,
    parent: Unit | None = None,
) -> Plan:
    """Several units into one: a survivor among them, or a new unit under `parent`. The others are closed; their
    bodies merge into the target's (one Executive Committee, one People's Committee… for the successor: see
    restructuring.bodies), their other children are copied under the target with their subtrees; their open work
    goes to the target (a body's to the body it merged into). A single unit may be merged into a new one
    (re-established under a new name, code or parent, as communes were in 2025)."""
    if not sources or (len(sources) < 2 and new is None):
        raise ValidationError(_("A merge needs at least two units."))
    if (survivor is None) == (new is None):
        raise ValidationError(_("Choose either a surviving unit or a new unit to merge into."))
    for unit in sources:
        _live(unit, effective_on)
    plan = Plan(kind=Kind.MERGE, effective_on=effective_on)
    if survivor is not None:
        if survivor.pk not in {u.pk for u in sources}:
            raise ValidationError(_("The surviving unit must be one of the units merged."))
        target: Unit | str = survivor
        target_kind = survivor.kind
    else:
        if parent is None:
            raise ValidationError(_("Choose the unit the new unit stands under."))
        _live(parent, effective_on, "parent")
        plan.new.append(_new_unit("target", new or {}, parent, parent.kind))
        target, target_kind = "target", plan.new[0].kind
    paths = sorted(u.path for u in sources)
    if any(b.startswith(a) for a, b in itertools.pairwise(paths)):
        raise ValidationError(_("A unit cannot be merged with a unit under it."))
    merged = [u for u in sources if survivor is None or u.pk != survivor.pk]
    for unit in merged:
        plan.closed.append(unit)
        plan.successor[unit.pk] = target
    if survivor is not None:
        into = _Into(survivor, survivor.kind, survivor.code, survivor.name, _bodies_of(survivor))
    else:
        into = _Into(target, target_kind, plan.new[0].code, plan.new[0].name, {})
    _merge_children(plan, merged, into)
    return plan


@dataclass
class _Into:
    """What the children of merged units go under: an existing unit or a new one (its key), with its kind and code,
    the name of the committee the merged bodies are named after, and the bodies it already has (by bodies.key)."""

    unit: "Unit | str"
    kind: str
    code: str
    committee: str
    bodies: dict


def _bodies_of(unit: Unit) -> dict:
    return {k: child for child in children(unit) if (k := bodies.key(child, unit)) is not None}


def _merge_children(plan: Plan, parents: list[Unit], into: _Into) -> None:
    """Place the children of `parents` (all closed) under `into`: a body of a kind the successor holds one of (or of
    the same name) merges into the one it has, or into one new body when several parents have it; any other unit is
    copied there with its subtree, as it is. Recurses into merged bodies (a People's Committee's departments, the
    Front's organisations)."""
    groups: dict[tuple, list[tuple[Unit, Unit]]] = {}
    for parent in parents:
        for child in children(parent):
            body = bodies.key(child, parent)
            if body is None:
                _check_under(into.kind, child.kind, child.name)
                plan.copies.append((child, into.unit))
            else:
                groups.setdefault(body, []).append((child, parent))
    for body, found in groups.items():
        first, first_parent = found[0]
        existing = into.bodies.get(body)
        if existing is None and len(found) == 1:
            _check_under(into.kind, first.kind, first.name)
            plan.copies.append((first, into.unit))
            continue
        if existing is not None:
            below = _Into(existing, existing.kind, existing.code, into.committee, _bodies_of(existing))
        else:
            _check_under(into.kind, first.kind, first.name)
            new = NewUnit(
                key=f"body{len(plan.new)}",
                code=bodies.merged_code(first, first_parent, into_code=into.code),
                name=bodies.merged_name(first, first_parent, committee=into.committee),
                kind=first.kind,
                parent=into.unit,
            )
            plan.new.append(new)
            below = _Into(new.key, new.kind, new.code, into.committee, {})
        for unit, _parent in found:
            plan.successor[unit.pk] = below.unit
        _merge_children(plan, [unit for unit, _parent in found], below)


def split(*, source: Unit, effective_on: datetime.date, parts: list[dict], mapping: dict, own: str) -> Plan:
    """One unit into several new ones under the same parent. `mapping` sends each child (by id) to a part (by key);
    `own` names the part that takes the unit's own open work (its members, tasks, roles)."""
    _live(source, effective_on, "source")
    parent = parent_of(source)
    if parent is None:
        raise ValidationError(_("The root of the tree cannot be split."))
    if len(parts) < 2:
        raise ValidationError(_("A split needs at least two new units."))
    plan = Plan(kind=Kind.SPLIT, effective_on=effective_on, closed=[source])
    keys: dict[str, Unit | str] = {}
    kinds: dict[str, str] = {}
    for index, data in enumerate(parts, 1):
        key = str(data.get("key") or index)
        if key in keys:
            raise ValidationError(_("Two new units have the same key."))
        plan.new.append(_new_unit(key, data, parent, parent.kind))
        keys[key], kinds[key] = key, plan.new[-1].kind
    if str(own) not in keys:
        raise ValidationError(
            _("The mapping is incomplete: say which new unit takes over the work of %(unit)s.") % {"unit": source.name}
        )
    plan.successor[source.pk] = str(own)
    _map_children(source, mapping, keys, kinds, plan)
    return plan


def move(*, unit: Unit, parent: Unit, effective_on: datetime.date) -> Plan:
    """A unit, with everything under it, under another parent: the subtree is copied there and the original closed."""
    _live(unit, effective_on)
    _live(parent, effective_on, "parent")
    if parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or a unit below it."))
    if parent_of(unit) and parent_of(unit).pk == parent.pk:
        raise ValidationError(_("The unit already stands under %(parent)s.") % {"parent": parent})
    _check_under(parent.kind, unit.kind, unit.name)
    plan = Plan(kind=Kind.MOVE, effective_on=effective_on, closed=[unit], copies=[(unit, parent)])
    return plan


DISSOLVED = "dissolve"


def dissolve(*, unit: Unit, effective_on: datetime.date, receiver: Unit | None, mapping: dict) -> Plan:
    """A unit ceases to exist. Its open work goes to `receiver` (an existing unit); each live child is moved under
    the existing unit `mapping` names for it, or ceases with it when mapped to DISSOLVED (its open work, and that of
    every unit under it, then goes to the receiver too)."""
    _live(unit, effective_on)
    plan = Plan(kind=Kind.DISSOLVE, effective_on=effective_on, closed=[unit])
    if receiver is None:
        raise ValidationError(
            _("The mapping is incomplete: say which unit takes over the work of %(unit)s.") % {"unit": unit.name}
        )
    _live(receiver, effective_on, "receiver")
    if receiver.path.startswith(unit.path):
        raise ValidationError(_("The receiving unit cannot be inside the dissolved unit."))
    plan.successor[unit.pk] = receiver
    mapping = {str(k): str(v) for k, v in mapping.items()}
    for child in children(unit):
        if mapping.get(str(child.pk)) == DISSOLVED:
            del mapping[str(child.pk)]
            for below in subtree(child):
                plan.successor[below.pk] = receiver
    targets: dict[str, Unit | str] = {}
    kinds: dict[str, str] = {}
    wanted = {str(v) for v in mapping.values()}
    ids = [number for v in wanted if (number := parse_id(str(v))) is not None]
    for target in Unit.objects.filter(pk__in=ids):
        if target.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved into the unit being dissolved."))
        _live(target, effective_on, "mapping")
        targets[str(target.pk)], kinds[str(target.pk)] = target, target.kind
    _map_children(unit, mapping, targets, kinds, plan, skip=set(plan.successor))
    return plan


def rename(*, unit: Unit, name: str, effective_on: datetime.date) -> Plan:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("The new name is required.")})
    _live(unit, effective_on)
    if name == unit.name:
        raise ValidationError({"name": _("The unit already has this name.")})
    return Plan(kind=Kind.RENAME, effective_on=effective_on, rename=(unit, name))


def closed_units(plan: Plan) -> list[Unit]:
    """Every unit the plan closes: the closed roots with their live subtrees, in path order (a query per 300 roots)."""
    units: dict[int, Unit] = {}
    roots = list(plan.closed)
    for start in range(0, len(roots), ROOTS_PER_QUERY):
        paths = [root.path for root in roots[start : start + ROOTS_PER_QUERY]]
        for unit in Unit.objects.filter(subtrees_q(paths), archived_at__isnull=True):
            units[unit.pk] = unit
    return sorted(units.values(), key=lambda u: u.path)


ROOTS_PER_QUERY = 300  # subtrees read together (a 2025 province's reform closes a few hundred communes at once)


def subtrees_q(paths: list[str]) -> Q:
    """Units inside any of the subtrees at `paths`. On SQLite a plain range per path, which its planner serves from
    the path index for each term of the OR (the LIKE that path_prefix_q adds there makes it scan instead); on
    PostgreSQL the prefix LIKE, which the pattern index serves in any collation."""
    if connection.vendor != "sqlite":
        return subtree_q(paths)
    return reduce(or_, (Q(path__gte=p, path__lt=p + "~") for p in paths), Q(pk__in=[]))
