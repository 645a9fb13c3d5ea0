"""The 2025 reform applied to Thái Nguyên as it stood before (org.shapes, 3,610 units): reports for 2024 and for
2026 both come out right."""

import datetime

import pytest

from conftest import make_member, make_user
from lanhdao.accounts.roles import Role
from lanhdao.members.models import Placement
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, path_prefix_q
from lanhdao.org.services import units_bulk_create
from lanhdao.org.shapes import province_spec
from lanhdao.restructuring import reform2025, selectors
from lanhdao.work.models import Task


def members_on(path: str, day: datetime.date) -> int:
    qs = Placement.objects.filter(path_prefix_q(path, "unit_path"), started_on__lte=day).exclude(ended_on__lte=day)
    return qs.count()


@pytest.fixture
def thai_nguyen(db):
    root = make_user("root", is_superuser=True, is_staff=True)
    units_bulk_create(actor=root, parent=None, specs=[province_spec()], audit=False)
    province = Unit.objects.get(code="TU19")
    board = make_user("tochuc", role=Role.ORGANISATION_BOARD, unit=province)
    return province, board


def test_the_2025_reform_keeps_2024_on_the_districts_and_2026_on_the_new_communes(thai_nguyen):
    province, board = thai_nguyen
    groups = reform2025.commune_groups(19)
    # a new commune formed from several old ones of the same district: pick one and put a member in each old one
    new_code, old_codes = next((n, olds) for n, olds in groups.items() if len(olds) >= 2)
    old_cells = [Unit.objects.get(code=f"DU{c:05d}-CB01") for c in old_codes]
    for index, cell in enumerate(old_cells):
        make_member(cell, f"Đảng viên {index}", admitted_on=datetime.date(2010, 1, 5))
    districts = list(Unit.objects.filter(path__in={c.path[: 3 * Unit.steplen] for c in old_cells}))
    district = districts[0]
    Task.objects.create(
        assigning_unit=district,
        lead_unit=old_cells[0],
        lead_path=old_cells[0].path,
        title="Kiện toàn chi bộ",
        start_date=datetime.date(2025, 3, 1),
        deadline=datetime.date(2025, 12, 31),
    )
    in_2024 = sum(members_on(d.path, datetime.date(2024, 12, 31)) for d in districts)

    operations = reform2025.apply_reform(actor=board, province=province, province_code=19)

    live = list(children(province))
    assert not [u for u in live if u.kind == K.DISTRICT_COMMITTEE]
    assert sum(1 for u in live if u.kind == K.COMMUNE_COMMITTEE) == len(groups)
    assert len(operations) == len(groups) + 9
    new_commune = Unit.objects.get(code=f"XA{new_code:05d}")
    # 2024: on the district as it was; 2026: on the new commune, and nothing left on the district
    assert sum(members_on(d.path, datetime.date(2024, 12, 31)) for d in districts) == in_2024 == len(old_cells)
    assert sum(members_on(d.path, datetime.date(2026, 1, 1)) for d in districts) == 0
    assert members_on(new_commune.path, datetime.date(2026, 1, 1)) == len(old_cells)
    assert members_on(new_commune.path, datetime.date(2024, 12, 31)) == 0
    assert Task.objects.get().lead_path.startswith(new_commune.path)
    # as of today, with its predecessors' history: the old communes' 2024 members count for the new commune
    paths = selectors.history_paths(new_commune, include_predecessors=True)
    assert sum(members_on(p, datetime.date(2024, 12, 31)) for p in paths) == len(old_cells)
    # the tree as of a day before the reform still has the nine districts
    before = selectors.children_on(province, datetime.date(2025, 6, 30))
    assert sum(1 for u in before if u.kind == K.DISTRICT_COMMITTEE) == 9
