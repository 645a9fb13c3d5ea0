"""The 2025 reform applied to Thái Nguyên as it stood before (org.shapes, 3,610 units): reports for 2024 and for
2026 both come out right, every new commune is created with its post-2025 bodies, a split commune's cells wait to be
placed by hand (never silently sent to its first successor), and a second run does nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member, make_user
from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.members.models import Member, Placement
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children, path_prefix_q
from lanhdao.org.services import units_bulk_create
from lanhdao.org.shapes import province_spec
from lanhdao.restructuring import reform2025, reform2025_plans, reform2025_runs, selectors
from lanhdao.restructuring.models import Lineage, Operation
from lanhdao.work.models import Task

JUNE_30, JULY_1 = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)


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


def whole_group() -> tuple[int, list[int]]:
    """A new commune of Thái Nguyên formed whole from two or more old communes of the old province (Bắc Kạn's are
    not in this tree), none of which was split."""
    present = set(Unit.objects.filter(code__startswith="DU").values_list("code", flat=True))
    for code, _name in reform2025.new_communes(19):
        olds = reform2025.predecessors(code)
        whole = all(len(reform2025.successors(o)) == 1 and f"DU{o:05d}" in present for o in olds)
        if len(olds) >= 2 and whole:
            return code, olds
    raise AssertionError("no such commune")


def test_the_2025_reform_keeps_2024_on_the_districts_and_2026_on_the_new_communes(thai_nguyen):
    province, board = thai_nguyen
    new_code, old_codes = whole_group()
    old_cells = [Unit.objects.get(code=f"DU{c:05d}-CB01") for c in old_codes]
    for index, cell in enumerate(old_cells):
        make_member(cell, f"Đảng viên {index}", admitted_on=datetime.date(2010, 1, 5))
    districts = list(Unit.objects.filter(path__in={c.path[: 3 * Unit.steplen] for c in old_cells}))
    old_council = Unit.objects.get(code=f"DU{old_codes[0]:05d}-HDND")
    Task.objects.create(
        assigning_unit=districts[0],
        lead_unit=old_cells[0],
        lead_path=old_cells[0].path,
        title="Kiện toàn chi bộ",
        start_date=datetime.date(2025, 3, 1),
        deadline=datetime.date(2025, 12, 31),
    )
    council_task = Task.objects.create(
        assigning_unit=districts[0],
        lead_unit=old_council,
        lead_path=old_council.path,
        title="Kỳ họp thường lệ",
        start_date=datetime.date(2025, 3, 1),
        deadline=datetime.date(2025, 12, 31),
    )
    in_2024 = sum(members_on(d.path, datetime.date(2024, 12, 31)) for d in districts)

    operations = reform2025.apply_reform(actor=board, province=province, province_code=19)

    live = list(children(province))
    assert not [u for u in live if u.kind == K.DISTRICT_COMMITTEE]
    new_communes = [u for u in live if u.code.startswith("XA")]
    assert {u.code for u in new_communes} == {reform2025.commune_code(c) for c, _n in reform2025.new_communes(19)}
    assert len(new_communes) == 92  # Resolution 1683/NQ-UBTVQH15: 77 communes and 15 wards, Bắc Kạn's included
    assert [op.spec["step"] for op in operations] == ["communes", "districts"]
    assert all("1683/NQ-UBTVQH15" in op.legal_basis_text for op in operations)
    new_commune = Unit.objects.get(code=f"XA{new_code:05d}")
    assert new_commune.valid_from == JULY_1
    # its post-2025 bodies (Quy định 298-QĐ/TW, Nghị định 150/2025/NĐ-CP), one of each
    bodies = {u.name.split(" Đảng ủy")[0] for u in children(new_commune) if u.kind == K.ADVISORY_BOARD}
    assert bodies == {"Văn phòng", "Ban Xây dựng Đảng", "Ủy ban Kiểm tra"}
    assert sum(1 for u in children(new_commune) if u.kind == K.PEOPLES_COUNCIL) == 1
    # 2024: on the district as it was; 2026: on the new commune, and nothing left on the district
    assert sum(members_on(d.path, datetime.date(2024, 12, 31)) for d in districts) == in_2024 == len(old_cells)
    assert sum(members_on(d.path, datetime.date(2026, 1, 1)) for d in districts) == 0
    assert members_on(new_commune.path, datetime.date(2026, 1, 1)) == len(old_cells)
    assert members_on(new_commune.path, datetime.date(2024, 12, 31)) == 0
    assert Task.objects.get(title="Kiện toàn chi bộ").lead_path.startswith(new_commune.path)
    # the old People's Council's open work goes to the new one, not to the Party committee
    council_task.refresh_from_db()
    assert council_task.lead_unit == Unit.objects.get(code=f"XA{new_code:05d}-HDND")
    # as of today, with its predecessors' history: the old communes' 2024 members count for the new commune
    paths = selectors.history_paths(new_commune, include_predecessors=True)
    assert sum(members_on(p, datetime.date(2024, 12, 31)) for p in paths) == len(old_cells)
    # the tree as of a day before the reform still has the nine districts
    before = selectors.children_on(province, JUNE_30)
    assert sum(1 for u in before if u.kind == K.DISTRICT_COMMITTEE) == 9


def test_a_split_commune_with_cells_waits_to_be_placed_then_goes_where_the_board_says(thai_nguyen):
    province, board = thai_nguyen
    split = Unit.objects.get(
        code="DU05461"
    )  # Phường Gia Sàng: split between Phường Gia Sàng and Phường Phan Đình Phùng
    cell = Unit.objects.get(code="DU05461-CB02")
    member = make_member(cell, "Đảng viên Gia Sàng", admitted_on=datetime.date(2010, 1, 5))

    reform2025.apply_reform(actor=board, province=province, province_code=19)

    # not sent to its first successor: it stands under the province, listed for the board
    held = reform2025_runs.held_communes(province)
    assert "DU05461" in {h.code for h in held}
    held_unit = next(h for h in held if h.code == "DU05461")
    assert not Lineage.objects.filter(predecessor=split, successor__code__startswith="XA").exists()
    member.refresh_from_db()
    assert member.unit.code == "DU05461-CB02" and member.unit_path.startswith(held_unit.path)
    options = reform2025_runs.candidates(held_unit)
    assert {o.code for o in options} == {"XA05443", "XA05467"}
    cells = reform2025_runs.placeable(held_unit)
    target = Unit.objects.get(code="XA05467")
    mapping = {c.pk: options[0] for c in cells} | {next(c.pk for c in cells if c.code == "DU05461-CB02"): target}
    with pytest.raises(ValidationError):  # every cell needs a place
        reform2025_runs.place(actor=board, held=held_unit, receiver=options[0], mapping={}, effective_on=JULY_1)
    with pytest.raises(ValidationError):  # only among the successors the data lists
        other = Unit.objects.get(code="XA05500")
        reform2025_runs.place(actor=board, held=held_unit, receiver=other, mapping=mapping, effective_on=JULY_1)

    operation = reform2025_runs.place(
        actor=board, held=held_unit, receiver=options[0], mapping=mapping, effective_on=datetime.date(2025, 7, 2)
    )

    member.refresh_from_db()
    assert member.unit.code == "DU05461-CB02" and member.unit_path.startswith(target.path)
    assert reform2025_runs.held_communes(province) == [h for h in held if h.code != "DU05461"]
    assert operation.batch == reform2025.BATCH and "1683/NQ-UBTVQH15" in operation.legal_basis_text


def test_applying_the_reform_twice_does_nothing_the_second_time(thai_nguyen):
    province, board = thai_nguyen
    assert reform2025.apply_reform(actor=board, province=province, province_code=19)
    before = (Operation.objects.count(), AuditEntry.objects.count(), Unit.objects.count(), Member.objects.count())
    assert reform2025.apply_reform(actor=board, province=province, province_code=19) == []
    assert (
        Operation.objects.count(),
        AuditEntry.objects.count(),
        Unit.objects.count(),
        Member.objects.count(),
    ) == before
    assert reform2025_plans.design(19).applied is not None


def test_a_board_of_another_unit_cannot_apply_the_reform_and_nothing_is_written(thai_nguyen):
    province, _board = thai_nguyen
    district = Unit.objects.get(code="HU164")
    other = make_user("other", role=Role.ORGANISATION_BOARD, unit=district)
    before = (Operation.objects.count(), AuditEntry.objects.count(), Unit.objects.count())
    with pytest.raises(Exception) as refused:
        reform2025.apply_reform(actor=other, province=province, province_code=19)
    assert type(refused.value).__name__ == "PermissionDenied"
    assert (Operation.objects.count(), AuditEntry.objects.count(), Unit.objects.count()) == before


def test_a_district_officers_role_ends_with_the_district_instead_of_reaching_the_whole_province(thai_nguyen):
    province, board = thai_nguyen
    new_code, old_codes = whole_group()
    commune = Unit.objects.get(code=f"DU{old_codes[0]:05d}")
    district = Unit.objects.get(path=commune.path[: 2 * Unit.steplen])
    secretary = make_user("bithu.huyen", role=Role.SECRETARY, unit=district)
    commune_secretary = make_user("bithu.xa", role=Role.SECRETARY, unit=commune)
    counts = reform2025_plans.preview(reform2025_plans.design(19))
    assert counts["roles_ended"] == 1 and counts["roles"] == 1  # the commune secretary's moves
    reform2025.apply_reform(actor=board, province=province, province_code=19)
    assert not RoleAssignment.objects.active().filter(user=secretary).exists()
    assert AuditEntry.objects.filter(action="revoke", object_id=str(secretary.roles.get().pk)).exists()
    [moved] = RoleAssignment.objects.active().filter(user=commune_secretary)
    assert moved.unit.code == f"XA{new_code:05d}"
