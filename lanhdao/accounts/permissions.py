"""Access to user accounts. Views and the API get a user only through `access_user`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.core.access import get_in_scope, parse_id

from .models import RoleAssignment, User
from .roles import Perm
from .selectors import has_perm, scope_paths, users_for


def may_manage_user(actor, user: User) -> bool:
    """Whether `actor` may change `user`: every active role of `user` lies inside `actor`'s user-management scope
    (so a district cannot touch an account that also works for the province), and `user` is not a superuser."""
    if actor.is_superuser:
        return True
    if user.is_superuser or user.pk == actor.pk:
        return False
    roots = scope_paths(actor, Perm.MANAGE_USERS)
    paths = list(user.roles.active().values_list("unit__path", flat=True))
    return bool(roots) and all(any(p.startswith(r) for r in roots) for p in paths)


def access_user(actor, pk, *, write: bool = False) -> User:
    """User `pk` if `actor` may see it (404 otherwise); with `write`, 403 unless `actor` may also change it."""
    if getattr(actor, "pk", None) is not None and str(actor.pk) == str(pk) and not write:
        return actor
    user = get_in_scope(users_for(actor), pk, _("No such user, or you may not see it."))
    if write and not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    return user


def access_role_assignment(actor, pk) -> RoleAssignment:
    """Role assignment `pk` if `actor` manages users of its unit (404 otherwise)."""
    number = parse_id(pk)
    assignment = RoleAssignment.objects.select_related("user", "unit").filter(pk=number).first() if number else None
    if assignment is None or not has_perm(actor, Perm.MANAGE_USERS, assignment.unit):
        raise Http404(_("No such role, or you may not manage it."))
    return assignment
