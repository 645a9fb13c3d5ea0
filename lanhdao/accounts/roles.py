"""Roles a user holds on a unit, and the permissions each role gives on that unit's whole subtree.

Deny by default: a permission no role lists is refused. Later parts of the cycle add permissions here, in one place.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Perm(StrEnum):
    VIEW = "view"  # see units, and later the business data recorded on them
    RECORD = "record"  # record business data (tasks, meetings, reports) on units
    MANAGE_UNITS = "manage_units"  # create, edit, archive units
    MANAGE_USERS = "manage_users"  # create users and give roles on units
    # see and keep members' personal records (any role on the member's own cell also sees them)
    MEMBER_RECORDS = "member_records"
    RESTRUCTURE = "restructure"  # merge, split, move, rename, dissolve the units under it


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing Board member")
    ORGANISATION_BOARD = "organisation_board", _("Organisation board officer")
    OFFICE_STAFF = "office_staff", _("Office staff")
    DEPARTMENT_HEAD = "department_head", _("Head of department")
    CELL_SECRETARY = "cell_secretary", _("Cell secretary")
    INSPECTION_OFFICER = "inspection_officer", _("Inspection commission officer")
    ADMINISTRATOR = "administrator", _("Unit administrator")
    VIEWER = "viewer", _("Viewer")


ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.SECRETARY: frozenset({Perm.VIEW, Perm.RECORD, Perm.MANAGE_UNITS, Perm.MANAGE_USERS}),
    Role.DEPUTY_SECRETARY: frozenset({Perm.VIEW, Perm.RECORD, Perm.MANAGE_UNITS, Perm.MANAGE_USERS}),
    Role.STANDING_MEMBER: frozenset({Perm.VIEW, Perm.RECORD}),
    Role.ORGANISATION_BOARD: frozenset(
        {Perm.VIEW, Perm.RECORD, Perm.MANAGE_UNITS, Perm.MANAGE_USERS, Perm.MEMBER_RECORDS, Perm.RESTRUCTURE}
    ),
    Role.OFFICE_STAFF: frozenset({Perm.VIEW, Perm.RECORD}),
    Role.DEPARTMENT_HEAD: frozenset({Perm.VIEW, Perm.RECORD}),
    Role.CELL_SECRETARY: frozenset({Perm.VIEW, Perm.RECORD}),
    Role.INSPECTION_OFFICER: frozenset({Perm.VIEW, Perm.RECORD}),
    Role.ADMINISTRATOR: frozenset({Perm.VIEW, Perm.MANAGE_UNITS, Perm.MANAGE_USERS}),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def roles_with(perm: Perm) -> list[str]:
    return [role for role, perms in ROLE_PERMS.items() if perm in perms]


class Clearance(models.IntegerChoices):
    NORMAL = 0, pgettext_lazy("clearance", "Normal")
    SECRET = 1, _("Secret (Mật)")
    TOP_SECRET = 2, _("Top secret (Tối mật)")
