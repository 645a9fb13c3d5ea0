"""Access to cadre rows. Views and the API get one row only through these functions: 404 outside the scope (the
same answer as for a row that does not exist), 403 on a write without the right."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope, require
from lanhdao.members.models import Member
from lanhdao.members.permissions import may_manage_members
from lanhdao.org.models import Unit

from .models import Movement, Nomination, PositionHeld, SuccessionEntry, Training
from .selectors import movements_for, nominations_for, positions_for, succession_for, trainings_for


def may_manage_cadre(user, unit: Unit, member: Member) -> bool:
    """Whether `user` may record or change a cadre row of `member` placed on `unit`: the right to manage the member
    and RECORD on the unit."""
    return may_manage_members(user, member.unit) and has_perm(user, Perm.RECORD, unit)


# --- one row: 404 outside the scope, 403 on a write without the right ----------------------------------------------


def _access(user, qs: QuerySet, pk, write: bool, not_found: str, refused: str):
    row = get_in_scope(qs.select_related("member__unit", "unit"), pk, not_found)
    if write:
        require(may_manage_cadre(user, row.unit, row.member), refused)
    return row


def access_position(user, pk, *, write: bool = False) -> PositionHeld:
    return _access(
        user,
        positions_for(user),
        pk,
        write,
        _("No such position, or you may not see it."),
        _("You may not change this position."),
    )


def access_succession(user, pk, *, write: bool = False) -> SuccessionEntry:
    return _access(
        user,
        succession_for(user),
        pk,
        write,
        _("No such plan entry, or you may not see it."),
        _("You may not change this plan entry."),
    )


def access_training(user, pk, *, write: bool = False) -> Training:
    return _access(
        user,
        trainings_for(user),
        pk,
        write,
        _("No such training, or you may not see it."),
        _("You may not change this training."),
    )


def access_movement(user, pk, *, write: bool = False) -> Movement:
    return _access(
        user,
        movements_for(user),
        pk,
        write,
        _("No such movement, or you may not see it."),
        _("You may not change this movement."),
    )


def access_nomination(user, pk, *, write: bool = False) -> Nomination:
    return _access(
        user,
        nominations_for(user),
        pk,
        write,
        _("No such nomination, or you may not see it."),
        _("You may not change this nomination."),
    )
