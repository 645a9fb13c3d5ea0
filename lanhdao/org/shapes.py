"""The shape of a real province's political system, as UnitSpec trees: used by the demo and the benchmark generator.

Place names come from the `vietnam-provinces` package (the General Statistics Office's list of administrative
units: pre-2025 provinces, districts and communes in `vietnam_provinces.legacy`, the post-July-2025 ones at the top
level). The bodies under each committee follow DOMAIN.md §1.
"""

import datetime

from vietnam_provinces import Province as Province2025
from vietnam_provinces import Ward as Ward2025
from vietnam_provinces.legacy import District, Province, Ward

from .kinds import UnitKind as K
from .services import UnitSpec

TERM_START = datetime.date(2015, 10, 1)  # the 2015–2020 congresses, the period of the seed articles

PROVINCE_DEPARTMENTS = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Công Thương",
    "Sở Tư pháp",
    "Sở Khoa học và Công nghệ",
    "Sở Thông tin và Truyền thông",
    "Thanh tra tỉnh",
]
DISTRICT_DEPARTMENTS = [
    "Văn phòng HĐND và UBND",
    "Phòng Nội vụ",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Tư pháp",
    "Phòng Văn hóa và Thông tin",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế",
    "Thanh tra",
]
ADVISORY_BOARDS = [
    ("TC", "Ban Tổ chức"),
    ("KT", "Ủy ban Kiểm tra"),
    ("TG", "Ban Tuyên giáo"),
    ("DV", "Ban Dân vận"),
    ("VP", "Văn phòng"),
]
MASS_ORGANISATIONS = [
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("PN", "Hội Liên hiệp Phụ nữ"),
    ("ND", "Hội Nông dân"),
    ("CCB", "Hội Cựu chiến binh"),
    ("LDLD", "Liên đoàn Lao động"),
]


def _committee_name(district: District) -> str:
    kind = district.division_type.value
    short = district.name.split(" ", 2)[-1] if kind in {"thành phố", "thị xã"} else district.name.split(" ", 1)[-1]
    return {"thành phố": "Thành ủy", "thị xã": "Thị ủy", "quận": "Quận ủy"}.get(kind, "Huyện ủy") + f" {short}"


def committee_bodies(code: str, committee: str, *, advisory: bool = True) -> list[UnitSpec]:
    """Executive Committee, Standing Board, Standing members and the advisory boards of one committee."""
    bodies = [
        UnitSpec(f"{code}-BCH", f"Ban Chấp hành {committee}", K.EXECUTIVE_COMMITTEE, TERM_START),
        UnitSpec(f"{code}-BTV", f"Ban Thường vụ {committee}", K.STANDING_BOARD, TERM_START),
        UnitSpec(f"{code}-TT", f"Thường trực {committee}", K.STANDING_MEMBERS, TERM_START),
    ]
    if advisory:
        bodies += [UnitSpec(f"{code}-{c}", f"{n} {committee}", K.ADVISORY_BOARD) for c, n in ADVISORY_BOARDS]
    return bodies


def state_bodies(code: str, place: str, departments: list[str], *, mass_orgs: list[tuple[str, str]]) -> list[UnitSpec]:
    """HĐND, UBND with its departments, and the Fatherland Front with the socio-political organisations."""
    return [
        UnitSpec(f"{code}-HDND", f"Hội đồng nhân dân {place}", K.PEOPLES_COUNCIL),
        UnitSpec(
            f"{code}-UBND",
            f"Ủy ban nhân dân {place}",
            K.PEOPLES_COMMITTEE,
            children=[
                UnitSpec(f"{code}-UBND-{i:02d}", d if d.endswith("tỉnh") else f"{d} {place}", K.DEPARTMENT)
                for i, d in enumerate(departments, 1)
            ],
        ),
        UnitSpec(
            f"{code}-MTTQ",
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {place}",
            K.FATHERLAND_FRONT,
            children=[UnitSpec(f"{code}-{c}", f"{n} {place}", K.MASS_ORGANISATION) for c, n in mass_orgs],
        ),
    ]


def commune_spec(ward_code: int, ward_name: str, *, cells: int) -> UnitSpec:
    code = f"DU{ward_code:05d}"
    is_urban = ward_name.startswith(("Phường", "Thị trấn"))
    place = ward_name.split(" ", 1)[1] if ward_name.startswith(("Xã", "Phường")) else ward_name.split(" ", 2)[-1]
    local = ward_name[0].lower() + ward_name[1:]
    committee = f"Đảng ủy {local}"
    village = "Chi bộ tổ dân phố" if is_urban else "Chi bộ xóm"
    children = [
        *committee_bodies(code, committee, advisory=False)[:2],
        *state_bodies(code, local, [], mass_orgs=MASS_ORGANISATIONS[:4]),
        *[UnitSpec(f"{code}-CB{i:02d}", f"{village} số {i}", K.CELL) for i in range(1, cells + 1)],
        UnitSpec(f"{code}-CBQS", f"Chi bộ Quân sự {place}", K.CELL),
        UnitSpec(f"{code}-CBCA", f"Chi bộ Công an {place}", K.CELL),
        UnitSpec(f"{code}-THCS", f"Chi bộ Trường Trung học cơ sở {place}", K.GRASSROOTS_CELL),
    ]
    return UnitSpec(code, committee, K.COMMUNE_COMMITTEE, TERM_START, children=children)


def district_spec(district: District) -> UnitSpec:
    code = f"HU{int(district.code):03d}"
    committee = _committee_name(district)
    place = district.name[0].lower() + district.name[1:]
    communes = [
        commune_spec(int(w.code), w.name, cells=4 + int(w.code) % 5)
        for w in sorted(Ward.iter_by_district(district.code), key=lambda w: int(w.code))
    ]
    police = UnitSpec(
        f"{code}-CA",
        f"Đảng bộ Công an {place}",
        K.GRASSROOTS_COMMITTEE,
        children=[UnitSpec(f"{code}-CA-{i}", f"Chi bộ Đội {i}", K.CELL) for i in range(1, 4)],
    )
    return UnitSpec(
        code,
        committee,
        K.DISTRICT_COMMITTEE,
        TERM_START,
        children=[
            *committee_bodies(code, committee),
            *state_bodies(code, place, DISTRICT_DEPARTMENTS, mass_orgs=MASS_ORGANISATIONS),
            police,
            UnitSpec(f"{code}-QS", f"Chi bộ Quân sự {place}", K.GRASSROOTS_CELL),
            UnitSpec(f"{code}-GD", f"Chi bộ Phòng Giáo dục và Đào tạo {place}", K.GRASSROOTS_CELL),
            *communes,
        ],
    )


def province_spec(province_name: str = "Thái Nguyên") -> UnitSpec:
    """A province as it stood before the 2025 reform: committee, bodies, State, Front, districts and communes."""
    province = next(p for p in Province.iter_all() if p.name.endswith(province_name))
    code = f"TU{int(province.code):02d}"
    committee = f"Tỉnh ủy {province_name}"
    agencies = UnitSpec(
        f"{code}-KCQ",
        "Đảng bộ Khối các cơ quan tỉnh",
        K.GRASSROOTS_COMMITTEE,
        TERM_START,
        children=[
            UnitSpec(f"{code}-KCQ-{i:02d}", f"Chi bộ {d}", K.CELL) for i, d in enumerate(PROVINCE_DEPARTMENTS[1:8], 1)
        ],
    )
    districts = [district_spec(d) for d in sorted(District.iter_by_province(province.code), key=lambda d: int(d.code))]
    return UnitSpec(
        code,
        committee,
        K.PROVINCE_COMMITTEE,
        TERM_START,
        children=[
            *committee_bodies(code, committee),
            *state_bodies(code, f"tỉnh {province_name}", PROVINCE_DEPARTMENTS, mass_orgs=MASS_ORGANISATIONS),
            agencies,
            *districts,
        ],
    )


def country_spec_2025(
    *, grassroots_per_commune: int = 16, cells_per_grassroots: int = 4, provinces: int = 34
) -> UnitSpec:
    """The post-2025 country for benchmarks: 34 provinces, 3,321 communes (real names), and under each commune
    generated grassroots organisations and cells (53,136 and 212,544 at the defaults)."""
    root_children = []
    for p in list(Province2025.iter_all())[:provinces]:
        pcode = f"P{int(p.code):02d}"
        place = p.name.split(" ", 1)[1] if p.name.startswith("Tỉnh ") else p.name.removeprefix("Thành phố ")
        committee = f"Tỉnh ủy {place}" if p.name.startswith("Tỉnh ") else f"Thành ủy {place}"
        communes = []
        for w in Ward2025.iter_by_province(p.code):
            wcode = f"W{int(w.code):05d}"
            grassroots = [
                UnitSpec(
                    f"{wcode}-G{g:02d}",
                    f"Đảng bộ cơ sở số {g} {w.name}",
                    K.GRASSROOTS_COMMITTEE,
                    children=[
                        UnitSpec(f"{wcode}-G{g:02d}-C{c}", f"Chi bộ {c}", K.CELL)
                        for c in range(1, cells_per_grassroots + 1)
                    ],
                )
                for g in range(1, grassroots_per_commune + 1)
            ]
            communes.append(UnitSpec(wcode, f"Đảng ủy {w.name}", K.COMMUNE_COMMITTEE, children=grassroots))
        root_children.append(
            UnitSpec(
                pcode,
                committee,
                K.PROVINCE_COMMITTEE,
                children=[*committee_bodies(pcode, committee), *communes],
            )
        )
    return UnitSpec("TW", "Ban Chấp hành Trung ương", K.CENTRAL, children=root_children)


# --- The bodies as they stand after the 2025 reorganisation (docs/reform2025.md says what each rests on) ---

# Quy định 298-QĐ/TW (9 June 2025): a commune or ward committee has three full-time bodies (Văn phòng, Ban Xây dựng
# Đảng, the Inspection Commission's office); a special-zone committee up to four (Văn phòng, Ban Tổ chức, Ban Tuyên
# giáo và Dân vận, the Inspection Commission's office) and a political centre.
COMMUNE_BOARDS_2025 = [("VP", "Văn phòng"), ("XDD", "Ban Xây dựng Đảng"), ("KT", "Ủy ban Kiểm tra")]
SPECIAL_ZONE_BOARDS_2025 = [
    ("VP", "Văn phòng"),
    ("TC", "Ban Tổ chức"),
    ("TGDV", "Ban Tuyên giáo và Dân vận"),
    ("KT", "Ủy ban Kiểm tra"),
]
# Nghị định 150/2025/NĐ-CP (12 June 2025): the People's Committee of a commune has an office, an economic department
# (for a ward and for Phú Quốc: economy, infrastructure and urban affairs), a cultural and social department, and a
# public administration service centre.
COMMUNE_DEPARTMENTS_2025 = [
    "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
]
URBAN_ECONOMY_DEPARTMENT_2025 = "Phòng Kinh tế, Hạ tầng và Đô thị"
# The amended Law on the Vietnam Fatherland Front (2025): the socio-political organisations stand under the Front's
# committee; at commune level the trade union has no organisation of its own (it stays with the province's).
COMMUNE_MASS_ORGANISATIONS_2025 = MASS_ORGANISATIONS[:4]


def committee_name_2025(ward_name: str) -> str:
    """`Xã Hòa Lạc` → `Đảng ủy xã Hòa Lạc`; `Đặc khu Côn Đảo` → `Đảng ủy đặc khu Côn Đảo`."""
    return f"Đảng ủy {ward_name[0].lower()}{ward_name[1:]}"


def commune_spec_2025(code: str, ward_name: str, *, valid_from: datetime.date | None = None) -> UnitSpec:
    """A commune, ward or special zone as the reform creates it on 1 July 2025: its Party committee with the
    Executive Committee, Standing Board, Standing members and full-time bodies, and the People's Council, People's
    Committee (with its departments) and Fatherland Front (with the socio-political organisations) it leads."""
    local = ward_name[0].lower() + ward_name[1:]
    committee = committee_name_2025(ward_name)
    special_zone = ward_name.startswith("Đặc khu")
    urban = ward_name.startswith("Phường") or ward_name == "Đặc khu Phú Quốc"
    boards = SPECIAL_ZONE_BOARDS_2025 if special_zone else COMMUNE_BOARDS_2025
    departments = [
        URBAN_ECONOMY_DEPARTMENT_2025 if d == "Phòng Kinh tế" and urban else d for d in COMMUNE_DEPARTMENTS_2025
    ]
    children = [
        *committee_bodies(code, committee, advisory=False),
        *[UnitSpec(f"{code}-{c}", f"{n} {committee}", K.ADVISORY_BOARD) for c, n in boards],
        UnitSpec(f"{code}-HDND", f"Hội đồng nhân dân {local}", K.PEOPLES_COUNCIL),
        UnitSpec(
            f"{code}-UBND",
            f"Ủy ban nhân dân {local}",
            K.PEOPLES_COMMITTEE,
            children=[UnitSpec(f"{code}-UBND-{i:02d}", d, K.DEPARTMENT) for i, d in enumerate(departments, 1)],
        ),
        UnitSpec(
            f"{code}-MTTQ",
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {local}",
            K.FATHERLAND_FRONT,
            children=[
                UnitSpec(f"{code}-{c}", f"{n} {local}", K.MASS_ORGANISATION) for c, n in COMMUNE_MASS_ORGANISATIONS_2025
            ],
        ),
    ]
    for spec in _walk_specs(children):
        spec.valid_from = valid_from
    return UnitSpec(code, committee, K.COMMUNE_COMMITTEE, valid_from, children=children)


def _walk_specs(specs: list[UnitSpec]):
    for spec in specs:
        yield spec
        yield from _walk_specs(spec.children)


def country_spec_pre2025(*, cells: int = 0, bodies: bool = False) -> UnitSpec:
    """The country as it stood on 30 June 2025 for the reform's benchmark and its completeness test: 63 province
    committees, 696 district committees and every commune of the GSO conversion table once (10,033; the 28 communes
    of the legacy list that the table leaves out had been merged away before 2025, and the 10 of the table the
    legacy list lacks, formed in 2024–2025, are named after the new commune of their code), with `cells` cells under
    each commune and, when `bodies`, each commune's and district's bodies (org.shapes' full shapes)."""
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    legacy = {int(w.code): w.name for w in Ward.iter_all()}
    wards_by_district: dict[int, list[tuple[int, str]]] = {}
    for code, entry in OLD_TO_NEW.items():
        name = legacy.get(code) or _name_2025(code)
        wards_by_district.setdefault(entry.old_ward.district_code, []).append((code, name))
    provinces = []
    for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        pcode = f"TU{int(province.code):02d}"
        place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        committee = f"Thành ủy {place}" if province.name.startswith("Thành phố") else f"Tỉnh ủy {place}"
        districts = []
        for district in sorted(District.iter_by_province(province.code), key=lambda d: int(d.code)):
            wards = sorted(wards_by_district.get(int(district.code), []))
            if bodies:
                spec = district_spec(district)
                spec.children = [c for c in spec.children if c.kind != K.COMMUNE_COMMITTEE]
            else:
                spec = UnitSpec(
                    f"HU{int(district.code):03d}", _committee_name(district), K.DISTRICT_COMMITTEE, TERM_START
                )
            for ward_code, ward_name in wards:
                commune = commune_spec(ward_code, ward_name, cells=cells)
                if not bodies:
                    commune.children = [c for c in commune.children if c.kind == K.CELL][:cells]
                spec.children.append(commune)
            districts.append(spec)
        children = [*committee_bodies(pcode, committee)] if bodies else []
        provinces.append(UnitSpec(pcode, committee, K.PROVINCE_COMMITTEE, TERM_START, children=[*children, *districts]))
    return UnitSpec("TW", "Ban Chấp hành Trung ương", K.CENTRAL, children=provinces)


def _name_2025(code: int) -> str:
    try:
        return Ward2025.from_code(code).name
    except Exception:  # not a code of the new list either
        return f"Xã {code:05d}"
