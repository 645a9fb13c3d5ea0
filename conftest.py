"""The shared small world of the tests (STYLE.md): a little org tree and four people.

    TU  Tỉnh ủy Thử nghiệm (province committee)
    ├── HA  Huyện ủy An (district A)  ── XA1 Đảng ủy xã An Một ── CA1 Chi bộ thôn Một
    │                                 └─ HA-UB  UBND huyện An ── HA-UB-NV Phòng Nội vụ
    └── HB  Huyện ủy Bình (district B) ── XB1 Đảng ủy xã Bình Một

alice is the secretary of district A (reads and writes there), bob a viewer of district A (reads only),
charlie the secretary of district B (an outsider to A), and root a superuser.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

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


def verify_second_factor(client, user) -> None:
    """Mark `client`'s session verified by a confirmed authenticator of `user` (made if missing), as the
    second-factor page does after a right code (`django_otp.login`). Tests of that page go through it for real
    (accounts/tests/test_second_factor.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def authenticator_for(user):
    """`user`'s confirmed authenticator (a django-otp TOTP device), made if missing: what the phone app would hold."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device) -> str:
    """The code the authenticator app shows now for `device` (django_otp.oath), or the next step's when this step's
    code was used already (a code is accepted once; the device's tolerance accepts the next step)."""
    import time

    from django_otp.oath import hotp

    device.refresh_from_db()
    step = (int(time.time()) - device.t0) // device.step + device.drift
    return f"{hotp(device.bin_key, max(step, device.last_t + 1), digits=device.digits):0{device.digits}d}"


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as `user`, with the second factor verified when the account
    needs one (cleared above Normal, or managing users)."""
    from lanhdao.accounts.selectors import needs_second_factor

    def sign_in(user):
        client.force_login(user)
        # a fresh copy: the check caches the roles on the object, and the test may change them afterwards
        if needs_second_factor(User.objects.get(pk=user.pk)):
            verify_second_factor(client, user)
        return client

    return sign_in


def shown(response, message: str, context: str = "", **params) -> str:
    """`message` — the English msgid the code or template translates, with `params` filled in — as `response` shows
    it: in the language the page was rendered in (its Content-Language), so that a test does not depend on the
    language the product speaks by default."""
    with translation.override(response["Content-Language"]):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
        return text % params if params else text


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def sign_in(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return sign_in


def make_member(unit: Unit, full_name: str = "Nguyễn Văn Một", **fields):
    """A member row placed on `unit` with an open placement, written directly (tests of reads use it; tests of the
    pipeline go through members.services). Defaults: a full member admitted on 2015-03-02."""
    from lanhdao.members.models import Member, Placement
    from lanhdao.members.placing import place
    from lanhdao.members.stages import probation_end

    values = {"gender": "male", "admitted_on": datetime.date(2015, 3, 2), "full_on": datetime.date(2016, 3, 2)}
    values |= fields
    if values.get("admitted_on") and "probation_ends_on" not in values:
        values["probation_ends_on"] = probation_end(values["admitted_on"])
    member = place(Member(unit=unit, full_name=full_name, **values), unit)
    member.save()
    start = values.get("admitted_on") or values.get("introduced_on") or datetime.date(2015, 1, 1)
    Placement.objects.create(
        member=member,
        unit=unit,
        started_on=start,
        unit_path=member.unit_path,
        level2_id=member.level2_id,
        level3_id=member.level3_id,
    )
    return member


@pytest.fixture
def members_world(world):
    """The world plus olga, an organisation-board officer of district A (sees members' personal records in A), and
    celia, the secretary of cell CA1 (sees her own cell's members), and one member in CA1 and one in XB1."""
    world.olga = make_user("olga", role=Role.ORGANISATION_BOARD, unit=world.district_a)
    world.celia = make_user("celia", role=Role.CELL_SECRETARY, unit=world.cell_a)
    world.member_a = make_member(
        world.cell_a,
        "Trần Thị An",
        gender="female",
        birth_date=datetime.date(1980, 5, 1),
        identity_number="001180000001",
        phone="0912000001",
    )
    world.member_b = make_member(world.commune_b, "Lê Văn Bình", identity_number="001180000002")
    return world
