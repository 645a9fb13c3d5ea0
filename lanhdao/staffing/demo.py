"""Demo staffing for Thành phố Sông Công (HU165, in the demo province of Thái Nguyên), 2021–2026: the quotas of the
city committee's advisory boards, the People's Committee and its departments, the Front and the mass organisations,
and the commune-level cadres and civil servants of each ward and commune, cut year by year toward the streamlining
targets of the 2022–2026 period — a little short of the city's 10 %, as the seed articles say streamlining is "not yet
effective" — with the Department of Natural Resources and Environment over its quota once its cut came before its
people left.

The figures are invented for the demo (the categories, the targets' percentages and their legal basis are real:
Conclusion 40-KL/TW of 18/7/2022 asks at least 5 % of civil servants and 10 % of public employees paid by the State
budget, against the quotas of 2021). Everything is written through the services, so it is placed and audited.
"""

from decimal import Decimal

from lanhdao.accounts.models import User
from lanhdao.org.models import Unit

from .models import StaffCategory, StaffingQuota
from .services import Entry, staffing_save, target_create

CS, PE, CT = StaffCategory.CIVIL_SERVANT, StaffCategory.PUBLIC_EMPLOYEE, StaffCategory.CONTRACT
CITY = "HU165"
YEARS = range(2021, 2027)
BASE_YEAR, TARGET_YEAR = 2021, 2026
OVER_QUOTA = "HU165-UBND-09"  # Phòng Tài nguyên và Môi trường: the quota cut before anyone left

# unit code: ({category: quota of 2021}, share cut by 2026)
BODIES = {
    "HU165-TC": ({CS: 8}, Decimal("0.125")),
    "HU165-KT": ({CS: 7}, Decimal("0.14")),
    "HU165-TG": ({CS: 6}, Decimal("0.17")),
    "HU165-DV": ({CS: 5}, Decimal(0)),
    "HU165-VP": ({CS: 12, CT: 5}, Decimal("0.17")),
    "HU165-UBND": ({CS: 3}, Decimal(0)),
    "HU165-UBND-01": ({CS: 14, CT: 6}, Decimal("0.15")),
    "HU165-UBND-02": ({CS: 7}, Decimal("0.14")),
    "HU165-UBND-03": ({CS: 9}, Decimal("0.11")),
    "HU165-UBND-04": ({CS: 8, PE: 6}, Decimal("0.125")),
    "HU165-UBND-05": ({CS: 4}, Decimal(0)),
    "HU165-UBND-06": ({CS: 4}, Decimal(0)),
    "HU165-UBND-07": ({CS: 5, PE: 8}, Decimal("0.125")),
    "HU165-UBND-08": ({CS: 7}, Decimal("0.14")),
    "HU165-UBND-09": ({CS: 8, PE: 10}, Decimal("0.20")),
    "HU165-UBND-10": ({CS: 9, PE: 5}, Decimal("0.11")),
    "HU165-UBND-11": ({CS: 5}, Decimal("0.20")),
    "HU165-MTTQ": ({CS: 6}, Decimal("0.17")),
    "HU165-DTN": ({CS: 3}, Decimal(0)),
    "HU165-PN": ({CS: 3}, Decimal(0)),
    "HU165-ND": ({CS: 3}, Decimal(0)),
    "HU165-CCB": ({CS: 2}, Decimal(0)),
    "HU165-LDLD": ({CS: 3}, Decimal("0.34")),
}
COMMUNE_CUT = Decimal("0.06")  # commune-level cadres and civil servants (cán bộ, công chức cấp xã)

TARGETS = [
    # (unit, category, percent, legal basis)
    (
        CITY,
        "",
        10,
        "Kế hoạch tinh giản biên chế giai đoạn 2022–2026 của Tỉnh ủy (thực hiện Kết luận 40-KL/TW "
        "ngày 18/7/2022 của Bộ Chính trị)",
    ),
    ("HU165-UBND", CS, 5, "Kết luận 40-KL/TW ngày 18/7/2022: tối thiểu 5 % biên chế cán bộ, công chức"),
    (
        "HU165-UBND",
        PE,
        10,
        "Kết luận 40-KL/TW ngày 18/7/2022: tối thiểu 10 % biên chế viên chức hưởng lương từ ngân sách nhà nước",
    ),
]


def _quota(base: int, cut: Decimal, year: int) -> int:
    """The quota of `year` on a straight path from `base` (2021) to `base` less `cut` (2026), in whole people."""
    step = Decimal(year - BASE_YEAR) / (TARGET_YEAR - BASE_YEAR)
    return int((base * (1 - cut * step)).to_integral_value())


def _plan(units: dict[str, Unit]) -> dict[int, list[Entry]]:
    plan: dict[int, list[Entry]] = {y: [] for y in YEARS}
    specs = dict(BODIES)
    communes = sorted(u for u in units if u.startswith("DU"))
    for code in communes:
        specs[code] = ({CS: 21 + int(code[2:]) % 3, CT: 1}, COMMUNE_CUT)
    for i, (code, (bases, cut)) in enumerate(specs.items()):
        for category, base in bases.items():
            for year in YEARS:
                assigned = _quota(base, cut, year)
                if code == OVER_QUOTA:
                    headcount = base  # nobody has left since 2021
                else:
                    headcount = max(assigned - (i + year) % 3 + (1 if category == CT else 0), 0)
                    headcount = min(headcount, assigned)
                values = {"assigned": assigned, "headcount": headcount}
                if code == OVER_QUOTA and year == 2025 and category == CS:
                    values["note"] = "Chưa bố trí được vị trí cho 01 công chức dôi dư sau khi giảm biên chế"
                plan[year].append(Entry(units[code], category, values))
    return plan


def demo_loaded() -> bool:
    return StaffingQuota.objects.filter(unit__code__in=list(BODIES)).exists()


def load_demo() -> dict[str, int]:
    """Write the quotas of 2021–2026 and the targets; needs the demo province (org.demo) loaded first, which
    `lanhdao demo` does (staffing follows org and accounts in INSTALLED_APPS)."""
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    city = Unit.objects.get(code=CITY)
    units = {
        u.code: u
        for u in Unit.objects.filter(path__startswith=city.path, depth__lte=city.depth + 2, archived_at__isnull=True)
    }
    units = {code: u for code, u in units.items() if code in BODIES or (code.startswith("DU") and "-" not in code)}
    rows = 0
    for year, entries in _plan(units).items():
        rows += len(staffing_save(actor=admin, year=year, entries=entries, note="Demo data"))
    for code, category, percent, basis in TARGETS:
        target_create(
            actor=admin,
            unit=Unit.objects.get(code=code),
            category=category,
            base_year=BASE_YEAR,
            target_year=TARGET_YEAR,
            percent=percent,
            legal_basis=basis,
        )
    return {"staffing rows": rows, "streamlining targets": len(TARGETS)}
