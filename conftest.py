"""The shared small world of the tests (STYLE.md): a little org tree and four people.

    TU  Tỉnh ủy Thử nghiệm (province committee)
    ├── HA  Huyện ủy An (district A)  ── XA1 Đảng ủy xã An Một ── CA1 Chi bộ thôn Một
    │                                 └─ HA-UB  UBND huyện An ── HA-UB-NV Phòng Nội vụ
    └── HB  Huyện ủy Bình (district B) ── XB1 Đảng ủy xã Bình Một

alice is the secretary of district A (reads and writes there), bob a viewer of district A (reads only),
charlie the secretary of district B (an outsider to A), and root a superuser.
"""

from types import SimpleNamespace

import pytest

from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, *, role: str | None = None, unit: Unit | None = None, **extra) -> User:
    user = User(username=username, full_name=extra.pop("full_name", username.title()), **extra)
    user.set_password(PASSWORD)
    user.save()
    if role:
        RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


def add_unit(parent: Unit | None, code: str, name: str, kind: str) -> Unit:
    fields = {"code": code, "name": name, "kind": kind}
    if parent is None:
        return Unit.objects.add_root(create_kwargs=fields)
    return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), create_kwargs=fields)


@pytest.fixture
def world(db):
    province = add_unit(None, "TU", "Tỉnh ủy Thử nghiệm", K.PROVINCE_COMMITTEE)
    district_a = add_unit(province, "HA", "Huyện ủy An", K.DISTRICT_COMMITTEE)
    commune_a = add_unit(district_a, "XA1", "Đảng ủy xã An Một", K.COMMUNE_COMMITTEE)
    add_unit(commune_a, "CA1", "Chi bộ thôn Một", K.CELL)
    ubnd_a = add_unit(district_a, "HA-UB", "Ủy ban nhân dân huyện An", K.PEOPLES_COMMITTEE)
    add_unit(ubnd_a, "HA-UB-NV", "Phòng Nội vụ huyện An", K.DEPARTMENT)
    district_b = add_unit(province, "HB", "Huyện ủy Bình", K.DISTRICT_COMMITTEE)
    add_unit(district_b, "XB1", "Đảng ủy xã Bình Một", K.COMMUNE_COMMITTEE)
    units = {u.code: u for u in Unit.objects.all()}
    return SimpleNamespace(
        province=units["TU"],
        district_a=units["HA"],
        commune_a=units["XA1"],
        cell_a=units["CA1"],
        ubnd_a=units["HA-UB"],
        dept_a=units["HA-UB-NV"],
        district_b=units["HB"],
        commune_b=units["XB1"],
        alice=make_user("alice", role=Role.SECRETARY, unit=district_a, clearance=Clearance.SECRET),
        bob=make_user("bob", role=Role.VIEWER, unit=district_a),
        charlie=make_user("charlie", role=Role.SECRETARY, unit=district_b, clearance=Clearance.SECRET),
        root=make_user("root", is_superuser=True, is_staff=True, clearance=Clearance.TOP_SECRET),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def sign_in(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return sign_in
