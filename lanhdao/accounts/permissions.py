"""Access to user accounts. Views and the API get a user only through `access_user`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.core.access import get_in_scope, parse_id

from .models import RoleAssignment, User
from .roles import ROLE_PERMS, Perm
from .selectors import clearance_of, has_perm, scope_paths, users_for


def may_manage_user(actor, user: User) -> bool:
    """Whether `actor` may change `user` (edit, reset the password or the second factor, deactivate, grant or revoke
    roles): `user` is cleared no higher than `actor`, every active role of `user` lies inside `actor`'s
    user-management scope (so a district cannot touch an account that also works for the province) and carries no
    right `actor` lacks on that unit (so an administrator cannot take over an Organisation-board account and read
    what their own role hides), and `user` is not a superuser. `selectors.users_for` is the same rule in SQL."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser or user.pk == actor.pk or user.clearance > clearance_of(actor):
        return False
    roots = scope_paths(actor, Perm.MANAGE_USERS)
    if not roots:
        return False
    roots_by_perm = {perm: scope_paths(actor, perm) for perm in Perm}
    for role, path in user.roles.active().values_list("role", "unit__path"):
        if not any(path.startswith(r) for r in roots):
            return False
        for perm in ROLE_PERMS.get(role, frozenset(Perm)):
            if not any(path.startswith(r) for r in roots_by_perm[perm]):
                return False
    return True


def access_user(actor, pk, *, write: bool = False) -> User:
    """User `pk` if `actor` may see it (404 otherwise); with `write`, 403 unless `actor` may also change it.
    An account `actor` may not manage is not shown at all (404), except `actor`'s own, which they may read."""
    if getattr(actor, "pk", None) is not None and str(actor.pk) == str(pk) and not write:
        return actor
    user = get_in_scope(users_for(actor), pk, _("No such user, or you may not see it."))
    if write and not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    return user


def access_role_assignment(actor, pk) -> RoleAssignment:
    """Role assignment `pk` if `actor` manages users of its unit and may manage its holder (404 otherwise)."""
    number = parse_id(pk)
    assignment = RoleAssignment.objects.select_related("user", "unit").filter(pk=number).first() if number else None
    if (
        assignment is None
        or not has_perm(actor, Perm.MANAGE_USERS, assignment.unit)
        or not may_manage_user(actor, assignment.user)
    ):
        raise Http404(_("No such role, or you may not manage it."))
    return assignment
