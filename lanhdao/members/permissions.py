"""Who may see and do what with members and cadre work. Views and the API get each record only through its
`access_<entity>(user, pk, *, write=False)`: 404 when it does not exist or lies outside the user's scope (one answer
for both), 403 on `write` without the right.

- see a member (name, cell, stage, party dates, levels, positions): VIEW on the member's unit;
- see a member's personal data (birth date, identity number, addresses, phone, ethnicity, religion): a role on the
  member's own unit (the cell sees its members), or MEMBER_RECORDS (organisation board) on it or above, or a
  superuser. Every view of it is logged (`log_personal_view`);
- record and change anything of a member (pipeline, transfers, evaluations, cadre work): RECORD on the member's unit
  and the right to see their personal data;
- export lists with personal data: the same as seeing it, row by row; the export is recorded.
"""

from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record
from lanhdao.core.access import get_in_scope as _get
from lanhdao.core.access import require
from lanhdao.org.models import Unit
from lanhdao.org.selectors import parent_of

from . import selectors
from .models import Member, Transfer


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_see_personal(user, unit: Unit) -> bool:
    """Whether `user` may see the personal data of the members of `unit`."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    roots, own = selectors.personal_paths(user)
    return unit.path in own or any(unit.path.startswith(root) for root in roots)


def may_manage_members(user, unit: Unit) -> bool:
    """Whether `user` may record and change members (and their cadre work) of `unit`."""
    return has_perm(user, Perm.RECORD, unit) and may_see_personal(user, unit)


def access_member(user, pk, *, write: bool = False) -> Member:
    member = _get(
        selectors.members_for(user).select_related("unit"), pk, _("No such party member, or you may not see them.")
    )
    if write:
        require(may_manage_members(user, member.unit), _("You may not change this member's records."))
    return member


def log_personal_view(user, member: Member, *, via: str) -> None:
    """Record that `user` saw `member`'s personal data (the page or the API: `via`)."""
    record(actor=user, action=Action.VIEW, obj=member, note=via)


def may_classify_organisation(user, unit: Unit) -> bool:
    """An organisation is classified and awarded by the level above it: RECORD on its parent (or a superuser)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    parent = parent_of(unit)
    return parent is not None and has_perm(user, Perm.RECORD, parent)


def access_transfer(user, pk, *, write: bool = False) -> Transfer:
    """A transfer from or to a unit in the user's scope. With `write`: the right to act on it at all — the sender's
    (to cancel) or the destination's (to receive); each service checks its own side."""
    transfer = _get(
        selectors.transfers_for(user).select_related("member", "from_unit", "to_unit"),
        pk,
        _("No such transfer, or you may not see it."),
    )
    if write:
        require(
            may_manage_members(user, transfer.from_unit) or may_manage_members(user, transfer.to_unit),
            _("You may not act on this transfer."),
        )
    return transfer
