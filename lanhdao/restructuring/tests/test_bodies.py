"""Issue 16, item 4: merging committees merges their bodies (one Executive Committee, one People's Council… for the
successor) instead of copying every body once per predecessor; distinct units move as they are."""

import datetime
from collections import Counter

import pytest

from conftest import add_unit, make_member
from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Role
from lanhdao.cadres.models import PositionHeld
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children
from lanhdao.restructuring import plans, services
from lanhdao.restructuring.models import Lineage
from lanhdao.work.models import Task

from .test_engine import BASIS, JULY, board  # noqa: F401  (the fixture)


def commune_bodies(commune: Unit, place: str, *, departments=(), organisations=()) -> dict[str, Unit]:
    """The bodies org.shapes puts under a commune committee, coded and named the same way."""
    code = commune.code
    units = {
        "bch": add_unit(commune, f"{code}-BCH", f"Ban Chấp hành {commune.name}", K.EXECUTIVE_COMMITTEE),
        "btv": add_unit(commune, f"{code}-BTV", f"Ban Thường vụ {commune.name}", K.STANDING_BOARD),
        "hdnd": add_unit(commune, f"{code}-HDND", f"Hội đồng nhân dân {place}", K.PEOPLES_COUNCIL),
        "ubnd": add_unit(commune, f"{code}-UBND", f"Ủy ban nhân dân {place}", K.PEOPLES_COMMITTEE),
        "mttq": add_unit(commune, f"{code}-MTTQ", f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}", K.FATHERLAND_FRONT),
        "tc": add_unit(commune, f"{code}-TC", f"Ban Tổ chức {commune.name}", K.ADVISORY_BOARD),
    }
    for i, name in enumerate(departments, 1):
        units[f"dept{i}"] = add_unit(units["ubnd"], f"{code}-UBND-{i:02d}", f"{name} {place}", K.DEPARTMENT)
    for short, name in organisations:
        units[short] = add_unit(units["mttq"], f"{code}-{short}", f"{name} {place}", K.MASS_ORGANISATION)
    return units


@pytest.fixture
def communes(board):  # noqa: F811
    """Two communes of district A, each with its committee's bodies, the State and the Front; the second has a
    department and an organisation the first has not, and cells of its own."""
    second = add_unit(board.district_a, "XA2", "Đảng ủy xã An Hai", K.COMMUNE_COMMITTEE)
    board.cell_a2 = add_unit(second, "CA2", "Chi bộ thôn Hai", K.CELL)
    board.one = commune_bodies(
        Unit.objects.get(pk=board.commune_a.pk),
        "xã An Một",
        departments=["Văn phòng HĐND và UBND"],
        organisations=[("ND", "Hội Nông dân")],
    )
    board.two = commune_bodies(
        Unit.objects.get(pk=second.pk),
        "xã An Hai",
        departments=["Văn phòng HĐND và UBND", "Phòng Kinh tế"],
        organisations=[("ND", "Hội Nông dân"), ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh")],
    )
    board.commune_a2 = Unit.objects.get(pk=second.pk)
    board.commune_a = Unit.objects.get(pk=board.commune_a.pk)
    return board


def under(unit: Unit) -> list[tuple[str, str, str]]:
    return sorted((u.kind, u.code, u.name) for u in children(unit))


def test_merged_communes_get_one_body_of_each_kind_not_two(communes):
    work_done_in = {
        "post": PositionHeld.objects.create(
            member=make_member(communes.cell_a2, "Lê Văn Hai", admitted_on=datetime.date(2012, 3, 1)),
            unit=communes.two["bch"],
            title="Ủy viên Ban Chấp hành",
            started_on=datetime.date(2020, 10, 1),
            unit_path=communes.two["bch"].path,
        ),
        "task": Task.objects.create(
            assigning_unit=communes.district_a,
            lead_unit=communes.one["ubnd"],
            lead_path=communes.one["ubnd"].path,
            title="Lập quy hoạch xã",
            start_date=datetime.date(2025, 1, 2),
            deadline=datetime.date(2025, 12, 31),
        ),
    }
    RoleAssignment.objects.create(user=communes.bob, unit=communes.two["hdnd"], role=Role.VIEWER)
    plan = plans.merge(
        sources=[communes.commune_a, communes.commune_a2],
        effective_on=JULY,
        parent=communes.district_a,
        new={"code": "XAH", "name": "Đảng ủy xã An Hòa", "kind": K.COMMUNE_COMMITTEE},
    )
    operation = services.apply(actor=communes.board, plan=plan, legal_basis_text=BASIS)
    new = Unit.objects.get(code="XAH")
    kinds = Counter(u.kind for u in children(new))
    # before the fix: every body twice (2 Executive Committees, 2 People's Councils…), 14 units directly under it
    assert kinds == {
        K.EXECUTIVE_COMMITTEE: 1,
        K.STANDING_BOARD: 1,
        K.PEOPLES_COUNCIL: 1,
        K.PEOPLES_COMMITTEE: 1,
        K.FATHERLAND_FRONT: 1,
        K.ADVISORY_BOARD: 1,
        K.CELL: 2,
    }
    bch = Unit.objects.get(code="XAH-BCH")
    assert bch.name == "Ban Chấp hành Đảng ủy xã An Hòa" and bch.kind == K.EXECUTIVE_COMMITTEE
    assert Unit.objects.get(code="XAH-HDND").name == "Hội đồng nhân dân xã An Hòa"
    assert Unit.objects.get(code="XAH-TC").name == "Ban Tổ chức Đảng ủy xã An Hòa"
    assert {u.code for u in children(new) if u.kind == K.CELL} == {"CA1", "CA2"}  # cells move as they are
    ubnd = Unit.objects.get(code="XAH-UBND")
    assert under(ubnd) == [
        (K.DEPARTMENT, "XA2-UBND-02", "Phòng Kinh tế xã An Hai"),  # only one commune had it: moved as it is
        (K.DEPARTMENT, "XAH-UBND-01", "Văn phòng HĐND và UBND xã An Hòa"),  # both had it: merged
    ]
    assert [name for _kind, _code, name in under(Unit.objects.get(code="XAH-MTTQ"))] == [
        "Hội Nông dân xã An Hòa",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã An Hai",
    ]
    # both Executive Committees (and both People's Committees) close into the one
    successors = dict(Lineage.objects.filter(operation=operation).values_list("predecessor_id", "successor_id"))
    assert successors[communes.one["bch"].pk] == successors[communes.two["bch"].pk] == bch.pk
    assert successors[communes.one["ubnd"].pk] == successors[communes.two["ubnd"].pk] == ubnd.pk
    # what was done in the bodies moves into the merged body
    assert PositionHeld.objects.get(unit=bch, ended_on__isnull=True).member_id == work_done_in["post"].member_id
    work_done_in["task"].refresh_from_db()
    assert work_done_in["task"].lead_unit_id == ubnd.pk
    assert RoleAssignment.objects.active().filter(user=communes.bob, unit=Unit.objects.get(code="XAH-HDND")).exists()


def test_merging_into_a_survivor_merges_the_others_bodies_into_its_own(communes):
    before = under(communes.commune_a)
    plan = plans.merge(
        sources=[communes.commune_a, communes.commune_a2], effective_on=JULY, survivor=communes.commune_a
    )
    preview = services.preview(plan, actor=communes.board, legal_basis_text=BASIS)
    services.apply(actor=communes.board, plan=plan, legal_basis_text=BASIS)
    after = under(communes.commune_a)
    assert [row for row in after if row not in before] == [(K.CELL, "CA2", "Chi bộ thôn Hai")]
    assert under(communes.one["ubnd"]) == [
        (K.DEPARTMENT, "XA1-UBND-01", "Văn phòng HĐND và UBND xã An Một"),
        (K.DEPARTMENT, "XA2-UBND-02", "Phòng Kinh tế xã An Hai"),
    ]
    assert [code for _k, code, _n in under(communes.one["mttq"])] == ["XA1-ND", "XA2-DTN"]
    closed = Unit.objects.filter(code__endswith="~20250630")
    assert closed.count() == preview["units_closed"] == 1 + len(communes.two) + 1  # XA2, its bodies and cell
    assert preview["units_created"] == 3  # copies of CA2, Phòng Kinh tế and the youth union
