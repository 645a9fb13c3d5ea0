"""Demo data: the province of Thái Nguyên as it stood before the 2025 reform, and one account per role.

The passwords are for the demo only and are printed in the README.
"""

from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, snapshot

from .models import Unit
from .services import units_bulk_create
from .shapes import province_spec

DEMO_PASSWORD = "lanhdao@2026"
ROOT_CODE = "TU19"

# (username, full name, position, role, unit code, clearance)
DEMO_USERS = [
    ("bithu.tinh", "Nguyễn Văn Tỉnh", "Bí thư Tỉnh ủy", Role.SECRETARY, "TU19", Clearance.TOP_SECRET),
    (
        "tochuc.tinh",
        "Trần Thị Tổ",
        "Chuyên viên Ban Tổ chức Tỉnh ủy",
        Role.ORGANISATION_BOARD,
        "TU19",
        Clearance.SECRET,
    ),
    (
        "vanphong.tinh",
        "Lê Văn Phòng",
        "Chuyên viên Văn phòng Tỉnh ủy",
        Role.OFFICE_STAFF,
        "TU19",
        Clearance.NORMAL,
    ),
    (
        "bithu.songcong",
        "Dương Xuân Công",
        "Bí thư Thành ủy Sông Công",
        Role.SECRETARY,
        "HU165",
        Clearance.SECRET,
    ),
    (
        "thuongvu.songcong",
        "Phạm Thị Vụ",
        "Ủy viên Ban Thường vụ Thành ủy",
        Role.STANDING_MEMBER,
        "HU165",
        Clearance.SECRET,
    ),
    (
        "vanphong.songcong",
        "Hoàng Văn Văn",
        "Chuyên viên Văn phòng Thành ủy",
        Role.OFFICE_STAFF,
        "HU165",
        Clearance.NORMAL,
    ),
    (
        "quantri.songcong",
        "Vũ Thị Trị",
        "Quản trị hệ thống Thành ủy",
        Role.ADMINISTRATOR,
        "HU165",
        Clearance.NORMAL,
    ),
    (
        "truongphong.noivu",
        "Đỗ Văn Nội",
        "Trưởng phòng Nội vụ thành phố",
        Role.DEPARTMENT_HEAD,
        "HU165-UBND-02",
        Clearance.NORMAL,
    ),
    (
        "bithu.chibo",
        "Ngô Thị Chi",
        "Bí thư Chi bộ tổ dân phố số 1",
        Role.CELL_SECRETARY,
        "DU05512-CB01",
        Clearance.NORMAL,
    ),
    ("bithu.dinhhoa", "Ma Văn Hóa", "Bí thư Huyện ủy Định Hóa", Role.SECRETARY, "HU167", Clearance.SECRET),
    ("xem.dinhhoa", "Lường Thị Xem", "Cán bộ theo dõi", Role.VIEWER, "HU167", Clearance.NORMAL),
]


def demo_loaded() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()


def load_demo() -> dict[str, int]:
    """Create the demo province and accounts. Refuses to run twice (the codes are unique)."""
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser(
            "admin",
            email="admin@localhost",
            password=DEMO_PASSWORD,
            full_name="Quản trị hệ thống",
            clearance=Clearance.TOP_SECRET,
        )
    units = units_bulk_create(actor=admin, parent=None, specs=[province_spec("Thái Nguyên")])
    by_code = {u.code: u for u in Unit.objects.filter(code__in=[row[4] for row in DEMO_USERS])}
    users, roles = [], []
    for username, full_name, position, role, unit_code, clearance in DEMO_USERS:
        user = User(
            username=username,
            full_name=full_name,
            position=position,
            clearance=clearance,
            email=f"{username}@demo.lanhdao.local",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        users.append(user)
        roles.append(RoleAssignment.objects.create(user=user, unit=by_code[unit_code], role=role, granted_by=admin))
    note = "Demo data"
    record_many(actor=admin, action=Action.CREATE, changes=((u, None, snapshot(u)) for u in users), note=note)
    record_many(actor=admin, action=Action.GRANT, changes=((r, None, snapshot(r)) for r in roles), note=note)
    return {"units": units, "users": len(users) + 1}
