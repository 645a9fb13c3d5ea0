"""The 2025 reform of one new province as restructuring plans (restructuring.plans.Plan), read from the tree and the
conversion data (restructuring.reform2025), then applied through restructuring.services in one transaction.

`design()` reads what the tree holds (one query per old province and per split commune), `preview()` counts it,
`apply_province()` writes it. The same design serves the page, the command and the background run.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.models import RoleAssignment
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many
from lanhdao.core.text import fold
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q
from lanhdao.org.shapes import commune_spec_2025

from . import movers, plans, services
from . import reform2025 as data
from .models import Lineage, Operation


@dataclass
class NewCommune:
    code: int
    name: str
    sources: list[Unit] = field(default_factory=list)  # old communes closed into it (whole)
    parts: list[Unit] = field(default_factory=list)  # split old communes it took a part of
    districts: list[Unit] = field(default_factory=list)  # island districts it was formed from
    existing: Unit | None = None  # already in the tree (a second run)


@dataclass
class ToPlace:
    """An old commune whose cells, members or open work the data cannot place: moved under the province as it is,
    for the organisation board to place by hand among `candidates` (new commune codes; empty: any of the province)."""

    unit: Unit
    candidates: list[int]
    reason: str


@dataclass
class Design:
    province: int  # the new province's GSO code
    survivor: Unit | None
    merged: list[Unit] = field(default_factory=list)  # the other old province committees present
    communes: list[NewCommune] = field(default_factory=list)
    districts: list[Unit] = field(default_factory=list)
    to_place: list[ToPlace] = field(default_factory=list)
    split_closed: dict[int, list[int]] = field(default_factory=dict)  # closed split commune pk → successor codes
    applied: Operation | None = None

    @property
    def name(self) -> str:
        return data.province_name(self.province)

    @property
    def closing(self) -> list[Unit]:
        units = {u.pk: u for c in self.communes for u in [*c.sources, *c.districts]}
        return [*units.values(), *self.districts, *self.merged]


def applied_operation(province: int) -> Operation | None:
    return Operation.objects.filter(batch=data.BATCH, spec__reform2025=province).order_by("id").first()


def design(province: int, *, day: datetime.date = data.EFFECTIVE_ON) -> Design:
    """What the reform of new `province` does to the tree as it stands."""
    codes = {f"TU{old:02d}": old for old in data.old_provinces(province)}
    found = {
        u.code: u for u in Unit.objects.filter(code__in=codes, archived_at__isnull=True, kind=K.PROVINCE_COMMITTEE)
    }
    present = [found[c] for c in codes if c in found]
    result = Design(province=province, survivor=present[0] if present else None, merged=present[1:])
    result.applied = applied_operation(province)
    if result.survivor is None or result.applied is not None:
        return result
    under = Q()
    for unit in present:
        under |= path_prefix_q(unit.path)
    live = Unit.objects.filter(under, archived_at__isnull=True)
    result.districts = list(live.filter(kind=K.DISTRICT_COMMITTEE).order_by("path"))
    old_communes = {u.code: u for u in live.filter(kind=K.COMMUNE_COMMITTEE, code__startswith="DU")}
    wanted = {f"DU{o:05d}" for code, _name in data.new_communes(province) for o in data.predecessors(code)}
    # an old commune of another province listed for one of ours (the table's own province codes are not reliable)
    old_communes |= {
        u.code: u for u in Unit.objects.filter(code__in=wanted - set(old_communes), archived_at__isnull=True)
    }
    existing = {
        u.code: u
        for u in Unit.objects.filter(
            code__in=[data.commune_code(c) for c, _n in data.new_communes(province)], archived_at__isnull=True
        )
    }
    _place_communes(result, old_communes, existing, day)
    return result


def _place_communes(result: Design, old_communes: dict[str, Unit], existing: dict[str, Unit], day) -> None:
    districts = {u.code: u for u in result.districts}
    by_code = {}
    for code, name in data.new_communes(result.province):
        new = NewCommune(code=code, name=name, existing=existing.get(data.commune_code(code)))
        new.districts = [
            districts.pop(f"HU{d:03d}")
            for d in data.island_districts(result.province).get(code, [])
            if f"HU{d:03d}" in districts
        ]
        by_code[code] = new
        result.communes.append(new)
    result.districts = list(districts.values())
    split: list[tuple[Unit, list[int]]] = []
    for unit in sorted(old_communes.values(), key=lambda u: u.path):
        old = data.old_code(unit.code, "DU")
        mine = [c for c in data.successors(old) if c in by_code]
        if not data.successors(old):
            result.to_place.append(ToPlace(unit, [], _("The conversion table does not list this commune.")))
        elif len(mine) == 1 and len(data.successors(old)) == 1:
            by_code[mine[0]].sources.append(unit)
        elif mine:
            split.append((unit, mine))
    reasons = _split_reasons([unit for unit, _mine in split], day)
    for unit, mine in split:
        if reasons.get(unit.pk):
            result.to_place.append(ToPlace(unit, mine, reasons[unit.pk]))
            continue
        by_code[mine[0]].sources.append(unit)
        result.split_closed[unit.pk] = mine
        for code in mine:
            by_code[code].parts.append(unit)


def _split_reasons(units: list[Unit], day) -> dict[int, str]:
    """{split commune pk: why the reform cannot close it itself} for those whose cells or open work need a place
    the data does not give (a handful of queries for all of them)."""
    below = _below(units)
    reasons: dict[int, str] = {}
    for unit in units:
        if any(u.kind in PARTY_ORGANISATIONS for u in below[unit.pk]):
            reasons[unit.pk] = _("Split among several new communes: say where each of its cells goes.")
    rest = [u for u in units if u.pk not in reasons]
    ids = [u.pk for u in rest] + [b.pk for u in rest for b in below[u.pk]]
    if not ids or not any(mover.count(ids, day) for _name, mover in movers.MOVERS):
        return reasons
    for unit in rest:  # some have open work: find which
        own = [unit.pk, *(b.pk for b in below[unit.pk])]
        if any(mover.count(own, day) for _name, mover in movers.MOVERS):
            reasons[unit.pk] = _("Split among several new communes: say which one takes its members and open work.")
    return reasons


# --- the plans ---


def _new_units(commune: NewCommune, parent: Unit, day, bodies: bool) -> tuple[list[plans.NewUnit], dict[str, str]]:
    """The new commune and (when `bodies`) its bodies as plan units; {body suffix: key} to send old bodies' work to."""
    spec = commune_spec_2025(data.commune_code(commune.code), commune.name, valid_from=day)
    if not bodies:
        spec.children = []
    key = f"W{commune.code}"
    units = [plans.NewUnit(key=key, code=spec.code, name=spec.name, kind=spec.kind, parent=parent)]
    keys: dict[str, str] = {"": key}

    def walk(children, parent_key):
        for child in children:
            suffix = child.code.split("-", 1)[1]
            keys[suffix] = f"{key}/{suffix}"
            units.append(
                plans.NewUnit(key=keys[suffix], code=child.code, name=child.name, kind=child.kind, parent=parent_key)
            )
            walk(child.children, keys[suffix])

    walk(spec.children, key)
    return units, keys


BODY_BY_KIND = {
    K.EXECUTIVE_COMMITTEE: "BCH",
    K.STANDING_BOARD: "BTV",
    K.STANDING_MEMBERS: "TT",
    K.PEOPLES_COUNCIL: "HDND",
    K.PEOPLES_COMMITTEE: "UBND",
    K.DEPARTMENT: "UBND",
    K.FATHERLAND_FRONT: "MTTQ",
}
BODY_BY_NAME = [
    ("kiem tra", "KT"),
    ("van phong", "VP"),
    ("to chuc", "TC"),
    ("tuyen giao", "TGDV"),
    ("dan van", "TGDV"),
    ("doan thanh nien", "DTN"),
    ("phu nu", "PN"),
    ("nong dan", "ND"),
    ("cuu chien binh", "CCB"),
]


def body_target(unit: Unit, keys: dict[str, str]) -> str:
    """The new body that takes over an old body's open work: the same kind, or by name; else the commune."""
    if unit.kind in (K.ADVISORY_BOARD, K.MASS_ORGANISATION):
        name = fold(unit.name)
        for words, suffix in BODY_BY_NAME:
            if words in name and suffix in keys:
                return keys[suffix]
        fallback = "XDD" if unit.kind == K.ADVISORY_BOARD else "MTTQ"
        return keys.get(fallback, keys.get("TC", keys[""]))
    return keys.get(BODY_BY_KIND.get(unit.kind, ""), keys[""])


def _close_into(plan: plans.Plan, unit: Unit, below: list[Unit], keys: dict[str, str], target) -> None:
    """Close `unit` into new key `keys['']`: its Party organisations are copied under `target` with their subtrees,
    the rest (its bodies) pass their open work to the matching new body."""
    plan.closed.append(unit)
    plan.successor[unit.pk] = keys[""]
    copied: list[str] = []
    for child in below:
        if any(child.path.startswith(p) for p in copied):
            continue
        if child.kind in PARTY_ORGANISATIONS:
            plan.copies.append((child, target))
            copied.append(child.path)
        else:
            plan.successor[child.pk] = body_target(child, keys)


def communes_plan(result: Design, day, bodies: bool = True) -> plans.Plan | None:
    plan = plans.Plan(kind=plans.Kind.MERGE, effective_on=day, spec={"reform2025": result.province, "step": "communes"})
    roots = [u for c in result.communes for u in [*c.sources, *c.districts]]
    below = _below(roots)
    done: set[int] = set()
    for commune in result.communes:
        if commune.existing is not None:
            continue
        new_units, keys = _new_units(commune, result.survivor, day, bodies)
        plan.new += new_units
        for unit in [*commune.sources, *commune.districts]:
            if unit.pk not in done:
                done.add(unit.pk)
                _close_into(plan, unit, below.get(unit.pk, []), keys, keys[""])
    plan.spec["communes"] = [c.code for c in result.communes if c.existing is None]
    return plan if plan.new else None


def _below(roots: list[Unit]) -> dict[int, list[Unit]]:
    """{root pk: its live descendants in path order}: one read of each province the roots stand in (a range scan
    of the path index), sorted out in memory — cheaper than hundreds of prefix conditions."""
    result: dict[int, list[Unit]] = {u.pk: [] for u in roots}
    by_path = {u.path: u.pk for u in roots}
    top = 2 * Unit.steplen
    for prefix in sorted({u.path[:top] for u in roots}):
        for unit in Unit.objects.filter(path_prefix_q(prefix), archived_at__isnull=True).order_by("path"):
            for end in range(len(unit.path) - Unit.steplen, 0, -Unit.steplen):
                root_pk = by_path.get(unit.path[:end])
                if root_pk is not None:
                    result[root_pk].append(unit)
                    break
    return result


def districts_plan(result: Design, province: Unit, day) -> plans.Plan | None:
    """Dissolve the district committees: everything in them ceases into the province, except the old communes still
    to be placed, which are moved under the province as they are."""
    if not result.districts:
        return None
    plan = plans.Plan(
        kind=plans.Kind.DISSOLVE, effective_on=day, spec={"reform2025": result.province, "step": "districts"}
    )
    held = [t.unit for t in result.to_place]
    below = _below(result.districts)
    for district in result.districts:
        plan.closed.append(district)
        plan.successor[district.pk] = province
        for unit in below[district.pk]:
            if any(unit.path.startswith(h.path) for h in held):
                continue
            plan.successor[unit.pk] = province
    plan.copies = [(h, province) for h in held if any(h.path.startswith(d.path) for d in result.districts)]
    plan.spec["to_place"] = [h.code for h in held]
    return plan


def provinces_plan(result: Design, day) -> plans.Plan | None:
    """The other old provinces cease into the survivor: each body into the survivor's body of the same code
    (TU06-BCH into TU19-BCH), their grassroots organisations moved under the survivor."""
    if not result.merged:
        return None
    survivor = result.survivor
    plan = plans.Plan(
        kind=plans.Kind.MERGE, effective_on=day, spec={"reform2025": result.province, "step": "provinces"}
    )
    bodies = {
        u.code.split("-", 1)[1]: u
        for u in Unit.objects.filter(
            path_prefix_q(survivor.path), code__contains="-", archived_at__isnull=True, depth__gt=survivor.depth
        )
        if u.code.startswith(survivor.code + "-")
    }
    below = _below(result.merged)
    for old in result.merged:
        plan.closed.append(old)
        plan.successor[old.pk] = survivor
        copied: list[str] = []
        for unit in below[old.pk]:
            if any(unit.path.startswith(p) for p in copied):
                continue
            if unit.kind in PARTY_ORGANISATIONS or unit.kind == K.COMMUNE_COMMITTEE:
                plan.copies.append((unit, survivor))
                copied.append(unit.path)
            else:
                suffix = unit.code.split("-", 1)[1] if "-" in unit.code else ""
                plan.successor[unit.pk] = bodies.get(suffix, survivor)
    plan.spec["merged"] = [u.code for u in result.merged]
    return plan


# --- preview and apply ---


def preview(result: Design, day: datetime.date = data.EFFECTIVE_ON) -> dict:
    """What the reform of one province would do, counted (no write)."""
    closing = result.closing
    ids = list({u.pk for u in _with_below(closing)})
    counts = {
        "communes_created": sum(1 for c in result.communes if c.existing is None),
        "communes_in_data": len(result.communes),
        "old_communes_closed": len({u.pk for c in result.communes for u in c.sources}),
        "districts_closed": len(result.districts) + sum(len(c.districts) for c in result.communes),
        "provinces_merged": len(result.merged),
        "to_place": len(result.to_place),
        "units_closed": len(ids),
    }
    for name, mover in movers.MOVERS:
        counts[name] = mover.count(ids, day)
    in_districts = _with_below(result.districts)
    communes = [u.path for u in in_districts if u.kind == K.COMMUNE_COMMITTEE]
    ending = [u.pk for u in in_districts if not any(u.path.startswith(p) for p in communes)]
    counts["roles_ended"] = movers.Roles.count(ending, day) if ending else 0
    counts["roles"] -= counts["roles_ended"]
    counts["cells"] = Unit.objects.filter(pk__in=ids, kind__in=[K.CELL, K.GRASSROOTS_CELL]).count() if ids else 0
    return counts


def _with_below(roots: list[Unit]) -> list[Unit]:
    below = _below(roots)
    return [*roots, *(u for units in below.values() for u in units)]


def apply_province(
    *, actor, province: int, day: datetime.date = data.EFFECTIVE_ON, bodies: bool = True
) -> list[Operation]:
    """Reform new `province` (inside the caller's transaction): [] when it was already reformed. Without `bodies`
    the new communes are created bare (their Party organisations and open work still move): for trees that keep
    no bodies, and for the completeness test of the whole country, which would otherwise spend two thirds of its
    time writing 60,000 bodies."""
    result = design(province, day=day)
    if result.applied is not None:
        return []
    if result.survivor is None:
        raise ValidationError(
            _("%(province)s: none of its old province committees is in the tree.") % {"province": result.name}
        )
    basis = data.legal_basis(province)
    operations = []
    survivor = result.survivor
    steps = (
        lambda: communes_plan(result, day, bodies),
        lambda: districts_plan(result, survivor, day),
        lambda: provinces_plan(result, day),
    )
    for step in steps:
        plan = step()
        if plan is None:
            continue
        if plan.spec.get("step") == "districts":
            _end_district_roles(actor, plan, day)
        operations.append(services.apply(actor=actor, plan=plan, legal_basis_text=basis, batch=data.BATCH))
    if operations:
        _split_lineage(operations[0], result, day)
    new_name = data.province_committee_name(province)
    survivor.refresh_from_db()
    if survivor.name != new_name:
        plan = plans.rename(unit=survivor, name=new_name, effective_on=day)
        plan.spec = {"reform2025": province, "step": "rename"}
        operations.append(services.apply(actor=actor, plan=plan, legal_basis_text=basis, batch=data.BATCH))
    return operations


def _end_district_roles(actor, plan: plans.Plan, day) -> int:
    """Roles held on a district committee or on a unit under it that ceases end with it: the restructuring engine
    would hand them to the province (the district's receiver), widening a district officer's reach to the whole
    province. The province's board grants the roles of the new structure. Audited as revocations."""
    ids = [pk for pk, target in plan.successor.items() if isinstance(target, Unit)]
    roles = list(RoleAssignment.objects.active().filter(unit_id__in=ids))
    if roles:
        now = timezone.now()
        RoleAssignment.objects.filter(pk__in=[r.pk for r in roles]).update(revoked_at=now, revoked_by=actor)
        note = _("The 2025 reorganisation: the district level ceases on %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
        record_many(
            actor=actor, action=Action.REVOKE, note=note, changes=((r, None, {"revoked_at": str(now)}) for r in roles)
        )
    return len(roles)


def _split_lineage(operation: Operation, result: Design, day) -> None:
    """A split commune closed by the reform succeeded into each new commune that took part of it (the services
    record only the first)."""
    codes = {data.commune_code(c) for codes in result.split_closed.values() for c in codes}
    new = {u.code: u for u in Unit.objects.filter(code__in=codes, archived_at__isnull=True)}
    rows = [
        Lineage(operation=operation, predecessor_id=pk, successor=new[data.commune_code(c)], effective_on=day)
        for pk, codes in result.split_closed.items()
        for c in codes[1:]
        if data.commune_code(c) in new
    ]
    Lineage.objects.bulk_create(rows)


def apply_provinces(
    *, actor, provinces: list[int], day: datetime.date = data.EFFECTIVE_ON, progress=None, bodies: bool = True
) -> dict:
    """Reform each new province of `provinces` in one transaction (all or nothing): {code: operations written}
    ([] for a province already reformed). `progress(done, total)` is called after each province."""
    done: dict[int, list[Operation]] = {}
    with transaction.atomic():
        for index, province in enumerate(provinces, 1):
            done[province] = apply_province(actor=actor, province=province, day=day, bodies=bodies)
            if progress:
                progress(index, len(provinces))
    return done


def country_provinces() -> list[int]:
    """The new provinces whose old province committees are in the tree, in code order."""
    present = {
        data.old_code(c, "TU")
        for c in Unit.objects.filter(
            kind=K.PROVINCE_COMMITTEE, code__startswith="TU", archived_at__isnull=True
        ).values_list("code", flat=True)
    }
    present.discard(None)
    return [p for p in data.province_codes() if present & set(data.old_provinces(p))]
