"""The 2025 reform applied to the whole pre-2025 country (org.shapes.country_spec_pre2025: every old commune of the
GSO table once, no cells) gives the official result: 34 provinces and 3,321 communes — 2,621 communes, 687 wards and
13 special zones — each once, as the `vietnam-provinces` package lists them (issue 16, item 2)."""

from collections import Counter

import pytest
from vietnam_provinces import Ward as Ward2025

from conftest import make_user
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.services import units_bulk_create
from lanhdao.org.shapes import country_spec_pre2025
from lanhdao.restructuring import reform2025, reform2025_plans
from lanhdao.restructuring.models import Lineage, Operation

SPECIAL_ZONES = {
    "Bạch Long Vĩ",
    "Cát Hải",
    "Côn Đảo",
    "Cô Tô",
    "Cồn Cỏ",
    "Hoàng Sa",
    "Kiên Hải",
    "Lý Sơn",
    "Phú Quốc",
    "Phú Quý",
    "Thổ Châu",
    "Trường Sa",
    "Vân Đồn",
}


def kind_of(name: str) -> str:
    return next(k for k in ("xã", "phường", "đặc khu") if name.startswith(f"Đảng ủy {k} "))


@pytest.fixture
def country(db):
    root = make_user("root", is_superuser=True, is_staff=True)
    units_bulk_create(actor=root, parent=None, specs=[country_spec_pre2025()], audit=False)
    return root


def test_the_whole_country_gets_34_provinces_and_the_3321_communes_once_each(country):
    provinces = reform2025_plans.country_provinces()
    assert len(provinces) == 34

    done = reform2025_plans.apply_provinces(actor=country, provinces=provinces, bodies=False)  # bench/: with bodies

    live = Unit.objects.filter(archived_at__isnull=True)
    assert live.filter(kind=K.PROVINCE_COMMITTEE).count() == 34
    assert not live.filter(kind=K.DISTRICT_COMMITTEE).exists()
    communes = list(live.filter(kind=K.COMMUNE_COMMITTEE))
    official = {reform2025.commune_code(int(w.code)): w.name for w in Ward2025.iter_all()}
    assert len(communes) == len(official) == 3321
    assert {u.code for u in communes} == set(official)  # every one, once, none of the old ones left
    by_kind = Counter(kind_of(u.name) for u in communes)
    assert by_kind == Counter(w.division_type.value for w in Ward2025.iter_all())
    assert by_kind == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert {u.name.removeprefix("Đảng ủy đặc khu ") for u in communes if kind_of(u.name) == "đặc khu"} == SPECIAL_ZONES
    # each stands under its own new province (the survivor named as the new province)
    for unit in communes[::97]:
        province = live.get(path=unit.path[: 2 * Unit.steplen])
        ward = Ward2025.from_code(int(unit.code[2:]))
        assert province.name == reform2025.province_committee_name(int(ward.province_code))
    # formed only from parts of split communes, and from an island district
    assert live.filter(code="XA00331", name="Đảng ủy phường Hoàng Mai").exists()
    assert live.filter(code="XA09988", name="Đảng ủy xã Hòa Lạc").exists()
    con_dao = live.get(name="Đảng ủy đặc khu Côn Đảo")
    assert Lineage.objects.filter(successor=con_dao, predecessor__code__startswith="HU755~").exists()
    # Hoàng Mai succeeded to each split commune it took part of
    assert Lineage.objects.filter(successor__code="XA00331").count() >= 2
    # the legal bases: the National Assembly's and the province's Standing Committee resolution
    operation = Operation.objects.get(spec__reform2025=19, spec__step="communes")
    assert "202/2025/QH15" in operation.legal_basis_text and "1683/NQ-UBTVQH15" in operation.legal_basis_text
    assert all(done.values())

    # a second run does nothing and says so
    operations = Operation.objects.count()
    again = reform2025_plans.apply_provinces(actor=country, provinces=provinces, bodies=False)
    assert again == {p: [] for p in provinces}
    assert Operation.objects.count() == operations
