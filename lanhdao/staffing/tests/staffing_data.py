"""Staffing figures on the `world` tree, counted by hand, shared by the test_staffing_* modules.

    2025 (assigned / headcount)           2021 (assigned)
    HA        civil servants   20 / 18     22
    XA1       civil servants   22 / 21     25
    XA1       contract          3 /  5      3     (2 over quota)
    HA-UB     civil servants   30 / 30     34
    HA-UB-NV  civil servants    8 / 10     10     (2 over quota)
    HA-UB-NV  public employees  5 /  2      6
    HB        civil servants   25 / 25     25
    XB1       civil servants   20 / 19     20

District A's subtree in 2025: assigned 88, headcount 86, vacancies 2 + 1 + 3 = 6, over quota 2 + 2 = 4; in 2021
assigned 100. Its children: XA1 25 / 26 (vacancies 1, over 2), HA-UB 43 / 42 (vacancies 3, over 2), and HA's own
rows 20 / 18. Targets: HA −10 % from 2021 to 2026 (limit 90, 88 now: met by 2), HA-UB −20 % (base 50, limit 40,
43 now: 3 to cut).
"""

from decimal import Decimal

from lanhdao.staffing.models import StaffCategory as C
from lanhdao.staffing.services import Entry, staffing_save, target_create

CS, PE, CT = C.CIVIL_SERVANT, C.PUBLIC_EMPLOYEE, C.CONTRACT

ROWS_2025 = [
    ("district_a", CS, 20, 18),
    ("commune_a", CS, 22, 21),
    ("commune_a", CT, 3, 5),
    ("ubnd_a", CS, 30, 30),
    ("dept_a", CS, 8, 10),
    ("dept_a", PE, 5, 2),
    ("district_b", CS, 25, 25),
    ("commune_b", CS, 20, 19),
]
ROWS_2021 = [
    ("district_a", CS, 22),
    ("commune_a", CS, 25),
    ("commune_a", CT, 3),
    ("ubnd_a", CS, 34),
    ("dept_a", CS, 10),
    ("dept_a", PE, 6),
    ("district_b", CS, 25),
    ("commune_b", CS, 20),
]


def load(world):
    """Write the rows above and the two targets, as the superuser."""
    staffing_save(
        actor=world.root,
        year=2025,
        entries=[Entry(getattr(world, u), c, {"assigned": a, "headcount": h}) for u, c, a, h in ROWS_2025],
    )
    staffing_save(
        actor=world.root,
        year=2021,
        entries=[Entry(getattr(world, u), c, {"assigned": a}) for u, c, a in ROWS_2021],
    )
    world.target_a = target_create(
        actor=world.root,
        unit=world.district_a,
        base_year=2021,
        target_year=2026,
        percent=Decimal(10),
        legal_basis="Nghị quyết 39-NQ/TW",
    )
    world.target_ub = target_create(
        actor=world.root, unit=world.ubnd_a, base_year=2021, target_year=2026, percent=Decimal(20)
    )
    return world
