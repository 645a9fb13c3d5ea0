"""The 2025 reform of local government applied to the tree: districts abolished, communes merged, provinces merged.

Source of the facts: the General Statistics Office's conversion table of communes before and after 1 July 2025
(`BangChuyendoiĐVHCmoi_cu_khong_merge.csv`, shipped in the `vietnam-provinces` package as
`vietnam_provinces._ward_conversion_2025`, provinces in `_province_conversion_2025`), the list of the 3,321 new
communes (`vietnam_provinces.Ward`), and the pre-2025 list (`vietnam_provinces.legacy`). The legal bases: Resolution
202/2025/QH15 of the National Assembly (12 June 2025) on arranging provinces, and for each new province the Standing
Committee's resolution of 16 June 2025 on arranging its communes (COMMUNE_RESOLUTIONS). docs/reform2025.md.

The tree as org.shapes builds it is read by its codes: province committees TU<old code>, districts HU<code>,
communes DU<code>; the new communes are coded XA<new code>. For each new province (reform2025_plans.design):
1. one operation creates every new commune (special zones included) with its post-2025 bodies (org.shapes
   .commune_spec_2025) and closes the old communes it was formed from: their cells are copied under it, their
   bodies' open work goes to the matching new body. The five island districts that had no communes (Bạch Long Vĩ,
   Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) become their special zones the same way;
2. one operation dissolves the district committees: their bodies cease, their open work passes to the province.
   An old commune split among several new ones whose cells or open work the data cannot place, and an old commune
   the table does not list, is moved under the province as it is, to be placed by hand (reform2025_runs.place);
3. one operation dissolves the other old provinces merged into the surviving one (the one whose code the new
   province keeps): bodies into the matching bodies, grassroots organisations moved under the survivor;
4. the survivor is renamed when the new province's name differs.
All of it runs in one transaction, and a province already reformed is reported as such, not reformed twice.
"""

import datetime
import re
from functools import cache

from vietnam_provinces import Province as Province2025
from vietnam_provinces import Ward as Ward2025
from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD as PROVINCES_NEW_TO_OLD
from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCES_OLD_TO_NEW
from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD, OLD_TO_NEW
from vietnam_provinces.legacy import District
from vietnam_provinces.legacy import Province as OldProvince
from vietnam_provinces.legacy import Ward as OldWard

from lanhdao.core.text import fold

EFFECTIVE_ON = datetime.date(2025, 7, 1)
BATCH = "Sắp xếp đơn vị hành chính 2025"
NATIONAL_BASIS = "Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh"
# The Standing Committee of the National Assembly's resolutions of 16 June 2025 on arranging the communes of each
# new province (numbers 1654–1687/NQ-UBTVQH15), by the new province's GSO code.
COMMUNE_RESOLUTIONS = {
    1: 1656,
    4: 1657,
    8: 1684,
    11: 1661,
    12: 1670,
    14: 1681,
    15: 1673,
    19: 1683,
    20: 1672,
    22: 1679,
    24: 1658,
    25: 1676,
    31: 1669,
    33: 1666,
    37: 1674,
    38: 1686,
    40: 1678,
    42: 1665,
    44: 1680,
    46: 1675,
    48: 1659,
    51: 1677,
    52: 1664,
    56: 1667,
    66: 1660,
    68: 1671,
    75: 1662,
    79: 1685,
    80: 1682,
    82: 1663,
    86: 1687,
    91: 1654,
    92: 1668,
    96: 1655,
}


def commune_basis(new_province: int) -> str:
    """The Standing Committee's resolution on the communes of `new_province`."""
    return (
        f"Nghị quyết số {COMMUNE_RESOLUTIONS[new_province]}/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội "
        f"về việc sắp xếp các đơn vị hành chính cấp xã của {province_name(new_province)}"
    )


def legal_basis(new_province: int) -> str:
    """Both legal bases of the reform of `new_province`, as operations record them."""
    return f"{NATIONAL_BASIS}; {commune_basis(new_province)}"


# --- the data, by GSO codes ---


def province_codes() -> list[int]:
    return sorted(int(p.code) for p in Province2025.iter_all())


def province_name(new_province: int) -> str:
    """`Tỉnh Thái Nguyên`, `Thành phố Đà Nẵng`."""
    return Province2025.from_code(new_province).name


def old_provinces(new_province: int) -> list[int]:
    """The pre-2025 provinces merged into `new_province`, the one whose code it keeps first."""
    codes = sorted(p.code for p in PROVINCES_NEW_TO_OLD[new_province].old_provinces)
    return sorted(codes, key=lambda code: code != new_province)


def new_province_of(old_province: int) -> int:
    return PROVINCES_OLD_TO_NEW[old_province].new_provinces[0].code


def resolve_province(text: str) -> int:
    """A new province by its GSO code or its name (with or without `Tỉnh`/`Thành phố`, diacritics optional)."""
    text = (text or "").strip()
    if text.isdigit() and int(text) in COMMUNE_RESOLUTIONS:
        return int(text)
    wanted = fold(re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", text, flags=re.IGNORECASE))
    for code in province_codes():
        name = province_name(code)
        if wanted and wanted == fold(re.sub(r"^(Tỉnh|Thành phố)\s+", "", name)):
            return code
    raise LookupError(text)


@cache
def new_communes(new_province: int) -> list[tuple[int, str]]:
    """[(code, name)] of the new communes, wards and special zones of `new_province`, by code."""
    return sorted((int(w.code), w.name) for w in Ward2025.iter_by_province(new_province))


def predecessors(new_commune: int) -> list[int]:
    """The old communes a new one was formed from (whole or in part), as the table lists them."""
    entry = NEW_TO_OLD.get(new_commune)
    return [o.code for o in entry.old_wards] if entry else []


def successors(old_commune: int) -> list[int]:
    """The new communes an old one went to: several when it was split (`is_partly_merged`)."""
    entry = OLD_TO_NEW.get(old_commune)
    return [n.code for n in entry.new_wards] if entry else []


@cache
def island_districts(new_province: int) -> dict[int, list[int]]:
    """{special zone: [old district]} for the special zones the table gives no commune for: island districts that
    had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) became special zones themselves."""
    zones: dict[int, list[int]] = {}
    olds = old_provinces(new_province)
    for code, name in new_communes(new_province):
        if not name.startswith("Đặc khu ") or predecessors(code):
            continue
        place = fold(name.removeprefix("Đặc khu "))
        zones[code] = [
            int(d.code)
            for old in olds
            for d in District.iter_by_province(old)
            if fold(d.name.split(" ", 1)[1]) == place and not list(OldWard.iter_by_district(d.code))
        ]
    return zones


def old_province_name(old_province: int) -> str:
    return OldProvince.from_code(old_province).name


def province_committee_name(new_province: int) -> str:
    name = province_name(new_province)
    return f"Thành ủy {name.removeprefix('Thành phố ')}" if name.startswith("Thành phố") else f"Tỉnh ủy {name[5:]}"


def old_code(unit_code: str, prefix: str) -> int | None:
    """The GSO code in a tree code (`DU05527` → 5527), None for a code of another form."""
    match = re.fullmatch(rf"{prefix}(\d+)", unit_code)
    return int(match.group(1)) if match else None


def commune_code(new_commune: int) -> str:
    return f"XA{new_commune:05d}"


def apply_reform(*, actor, province, province_code: int, effective_on=EFFECTIVE_ON, legal_basis_text: str = ""):
    """Reform the new province that old province `province_code` (the tree's `province`) belongs to, in one
    transaction; the operations written ([] when it was already reformed). `legal_basis_text` is kept for callers
    of the first version: the legal bases are now those of the data (legal_basis())."""
    from django.db import transaction

    from .reform2025_plans import apply_province

    with transaction.atomic():
        return apply_province(actor=actor, province=new_province_of(province_code), day=effective_on)
