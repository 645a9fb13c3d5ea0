import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member, make_user
from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.cadres.models import PositionHeld
from lanhdao.members.models import Member, Placement
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q
from lanhdao.restructuring import plans, selectors, services
from lanhdao.restructuring.models import Lineage, Operation
from lanhdao.work.models import Task

JULY = datetime.date(2025, 7, 1)
BASIS = "Nghị quyết số 1683/NQ-UBTVQH15"


@pytest.fixture
def board(world):
    """An organisation-board officer of the province: may restructure the districts."""
    world.board = make_user("tochuc", role=Role.ORGANISATION_BOARD, unit=world.province)
    world.member = make_member(world.cell_a, "Trần Thị An", admitted_on=datetime.date(2010, 1, 5))
    return world


def fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def members_on(path: str, day: datetime.date) -> int:
    return (
        Placement.objects.filter(path_prefix_q(path, "unit_path"), started_on__lte=day)
        .exclude(ended_on__lte=day)
        .count()
    )


def task_for(world, lead: Unit, **fields) -> Task:
    return Task.objects.create(
        assigning_unit=world.district_a,
        lead_unit=lead,
        lead_path=lead.path,
        title="Rà soát đảng viên",
        start_date=datetime.date(2025, 1, 2),
        deadline=datetime.date(2025, 12, 31),
        **fields,
    )


def merge_districts(world, actor=None):
    plan = plans.merge(
        sources=[world.district_a, world.district_b],
        effective_on=JULY,
        parent=world.province,
        new={"code": "HAB", "name": "Đảng ủy khu vực An Bình", "kind": K.DISTRICT_COMMITTEE},
    )
    return plan, services.apply(actor=actor or world.board, plan=plan, legal_basis_text=BASIS)


def test_merge_closes_the_districts_and_copies_their_subtrees_under_the_new_unit(board):
    _plan, operation = merge_districts(board)
    new = Unit.objects.get(code="HAB")
    assert new.valid_from == JULY and new.path.startswith(board.province.path)
    old_a = fresh(board.district_a)
    assert old_a.valid_to == datetime.date(2025, 6, 30) and old_a.archived_at and old_a.code == "HA~20250630"
    cell_copy = Unit.objects.get(code="CA1")
    assert cell_copy.pk != board.cell_a.pk and cell_copy.path.startswith(new.path)
    assert fresh(board.cell_a).code == "CA1~20250630"
    assert sorted(Unit.objects.filter(path_prefix_q(new.path), depth=new.depth + 1).values_list("code", flat=True)) == [
        "HA-UB",
        "XA1",
        "XB1",
    ]
    # closed: HA, HB and the 5 units under them; created: HAB and a copy of each of those 5
    assert Lineage.objects.filter(operation=operation).count() == operation.summary["units_closed"] == 7
    assert operation.summary["units_created"] == 6
    assert fresh(board.province).numchild == 3


def test_history_stays_on_the_old_units_and_open_work_moves(board):
    done = task_for(
        board,
        board.commune_a,
        accepted_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC),
        completed_on=datetime.date(2025, 4, 30),
    )
    open_task = task_for(board, board.commune_a)
    merge_districts(board)
    new_commune = Unit.objects.get(code="XA1")
    new = Unit.objects.get(code="HAB")
    open_task.refresh_from_db()
    done.refresh_from_db()
    assert open_task.lead_unit_id == new_commune.pk and open_task.lead_path == new_commune.path
    assert open_task.version == 2
    assert done.lead_unit_id == board.commune_a.pk
    member = Member.objects.get(pk=board.member.pk)
    assert member.unit.code == "CA1" and member.unit_path.startswith(new.path)
    # 2024 on the units as they were; 2026 on the new ones
    assert members_on(board.district_a.path, datetime.date(2024, 12, 31)) == 1
    assert members_on(board.district_a.path, datetime.date(2026, 1, 1)) == 0
    assert members_on(new.path, datetime.date(2026, 1, 1)) == 1
    assert members_on(new.path, datetime.date(2024, 12, 31)) == 0
    paths = selectors.history_paths(new, include_predecessors=True)
    assert board.district_a.path in paths and board.district_b.path in paths
    assert sum(members_on(p, datetime.date(2024, 12, 31)) for p in paths) == 1


def test_roles_and_posts_follow_the_successor(board):
    PositionHeld.objects.create(
        member=board.member,
        unit=board.district_a,
        title="Bí thư",
        started_on=datetime.date(2020, 10, 1),
        unit_path=board.district_a.path,
    )
    merge_districts(board)
    new = Unit.objects.get(code="HAB")
    assert RoleAssignment.objects.active().filter(user=board.alice, unit=new, role=Role.SECRETARY).exists()
    assert not RoleAssignment.objects.active().filter(unit=board.district_a).exists()
    posts = PositionHeld.objects.filter(member=board.member).order_by("started_on")
    assert [(p.unit_id, p.ended_on) for p in posts] == [
        (board.district_a.pk, datetime.date(2025, 6, 30)),
        (new.pk, None),
    ]


def test_the_tree_can_be_browsed_as_of_any_date(board):
    merge_districts(board)
    before = selectors.children_on(board.province, datetime.date(2025, 6, 30))
    after = selectors.children_on(board.province, JULY)
    assert [u.code for u in before] == ["HA~20250630", "HB~20250630"]
    assert [u.code for u in after] == ["HAB"]


def test_an_incomplete_split_mapping_is_refused_and_nothing_changes(board):
    units, audits = Unit.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        plans.split(
            source=board.district_a,
            effective_on=JULY,
            parts=[
                {"key": "n", "code": "HAN", "name": "Bắc An", "kind": K.DISTRICT_COMMITTEE},
                {"key": "s", "code": "HAS", "name": "Nam An", "kind": K.DISTRICT_COMMITTEE},
            ],
            mapping={board.commune_a.pk: "n"},
            own="n",
        )
    assert "Ủy ban nhân dân huyện An" in str(error.value)
    assert (Unit.objects.count(), AuditEntry.objects.count()) == (units, audits)
    assert not Operation.objects.exists()


def test_split_sends_each_child_where_the_mapping_says(board):
    plan = plans.split(
        source=board.district_a,
        effective_on=JULY,
        parts=[
            {"key": "n", "code": "HAN", "name": "Bắc An", "kind": K.DISTRICT_COMMITTEE},
            {"key": "s", "code": "HAS", "name": "Nam An", "kind": K.DISTRICT_COMMITTEE},
        ],
        mapping={board.commune_a.pk: "n", board.ubnd_a.pk: "s"},
        own="s",
    )
    preview = services.preview(plan, actor=board.board, legal_basis_text=BASIS)
    assert preview["members"] == 1 and preview["units_closed"] == 5 and preview["roles"] == 2
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    north, south = Unit.objects.get(code="HAN"), Unit.objects.get(code="HAS")
    assert Unit.objects.get(code="CA1").path.startswith(north.path)
    assert Unit.objects.get(code="HA-UB-NV").path.startswith(south.path)
    assert RoleAssignment.objects.active().filter(user=board.bob, unit=south).exists()


def test_a_failure_half_way_leaves_nothing(board, monkeypatch):
    from lanhdao.restructuring import movers

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(movers.Tasks, "move", staticmethod(boom))
    units = list(Unit.objects.order_by("pk").values_list("pk", "code", "path", "archived_at"))
    with pytest.raises(RuntimeError):
        merge_districts(board)
    assert list(Unit.objects.order_by("pk").values_list("pk", "code", "path", "archived_at")) == units
    assert Member.objects.get(pk=board.member.pk).unit_id == board.cell_a.pk
    assert not Lineage.objects.exists()


def test_move_copies_the_subtree_under_the_new_parent(board):
    plan = plans.move(unit=board.commune_a, parent=board.district_b, effective_on=JULY)
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    moved = Unit.objects.get(code="XA1")
    assert moved.path.startswith(board.district_b.path)
    assert Unit.objects.get(code="CA1").path.startswith(moved.path)
    assert Member.objects.get(pk=board.member.pk).unit.code == "CA1"
    assert fresh(board.district_a).archived_at is None


def test_rename_keeps_the_old_name_for_earlier_dates(board):
    plan = plans.rename(unit=board.commune_a, name="Đảng ủy xã An Hòa", effective_on=JULY)
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert fresh(board.commune_a).name == "Đảng ủy xã An Hòa"
    assert selectors.names_on([board.commune_a], datetime.date(2025, 6, 1)) == {board.commune_a.pk: "Đảng ủy xã An Một"}
    assert selectors.names_on([board.commune_a], JULY) == {}


def test_dissolve_needs_a_receiver_and_a_place_for_every_child(board):
    with pytest.raises(ValidationError):
        plans.dissolve(unit=board.commune_a, effective_on=JULY, receiver=None, mapping={})
    with pytest.raises(ValidationError, match="Chi bộ thôn Một"):
        plans.dissolve(unit=board.commune_a, effective_on=JULY, receiver=board.district_a, mapping={})
    plan = plans.dissolve(
        unit=board.commune_a,
        effective_on=JULY,
        receiver=board.district_a,
        mapping={board.cell_a.pk: board.commune_b.pk},
    )
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert Unit.objects.get(code="CA1").path.startswith(board.commune_b.path)


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_the_organisation_board_of_the_parent_may_restructure(board, who):
    units = Unit.objects.count()
    plan = plans.move(unit=board.commune_a, parent=board.district_b, effective_on=JULY)
    with pytest.raises(PermissionDenied):
        services.apply(actor=getattr(board, who), plan=plan, legal_basis_text=BASIS)
    assert Unit.objects.count() == units


def test_a_legal_basis_is_required(board):
    plan = plans.move(unit=board.commune_a, parent=board.district_b, effective_on=JULY)
    with pytest.raises(ValidationError):
        services.apply(actor=board.board, plan=plan)


def test_members_are_counted_on_the_old_unit_the_day_before_and_on_the_new_one_from_the_day(board):
    from lanhdao.members.selectors import members_on as placed_on

    merge_districts(board)
    new = Unit.objects.get(code="HAB")
    assert placed_on(board.district_a, datetime.date(2025, 6, 30)).count() == 1
    assert placed_on(new, datetime.date(2025, 6, 30)).count() == 0
    assert placed_on(board.district_a, JULY).count() == 0
    assert placed_on(new, JULY).count() == 1
