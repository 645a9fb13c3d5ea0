"""Who may see and do what, on which units. The one place every access check in the product starts from."""

from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from lanhdao.core.search import filter_folded
from lanhdao.org.models import Unit
from lanhdao.org.selectors import subtree_q

from .models import RoleAssignment, User
from .roles import ROLE_PERMS, Clearance, Perm, Role, roles_with

_CACHE = "_lanhdao_role_paths"


def role_paths(user) -> list[tuple[str, str]]:
    """(role, unit path) of every active role of `user` on a unit in force; one query, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user, unit__archived_at__isnull=True)
            .values_list("role", "unit__path")
        )
        setattr(user, _CACHE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles of `user` (after a grant or revoke that concerns the same object)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def scope_paths(user, perm: Perm = Perm.VIEW) -> list[str]:
    """The minimal set of subtree roots on which `user` holds `perm` (a root inside another is dropped)."""
    paths = sorted({path for role, path in role_paths(user) if perm in ROLE_PERMS.get(role, ())})
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in minimal):
            minimal.append(path)
    return minimal


def own_unit_paths(user, perm: Perm = Perm.VIEW) -> list[str]:
    """The paths of the units on which `user` holds a role carrying `perm` themselves (not the units under them):
    the units they work in, whose work waits for them on their home page. No query (the roles are cached)."""
    return sorted({path for role, path in role_paths(user) if perm in ROLE_PERMS.get(role, ())})


def has_perm(user, perm: Perm, unit: Unit) -> bool:
    """Whether `user` holds `perm` on `unit` through a role on it or on one of its ancestors."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(unit.path.startswith(root) for root in scope_paths(user, perm))


def units_for(user, perm: Perm = Perm.VIEW, *, include_archived: bool = False) -> QuerySet[Unit]:
    """Every unit on which `user` holds `perm`: one query, whatever the size of the tree."""
    qs = Unit.objects.all()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if getattr(user, "is_superuser", False) and user.is_active:
        return qs
    return qs.filter(subtree_q(scope_paths(user, perm)))


def scope_roots(user, perm: Perm = Perm.VIEW) -> QuerySet[Unit]:
    """The top units of `user`'s scope: where browsing starts."""
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(depth=1, archived_at__isnull=True).order_by("path")
    return Unit.objects.filter(path__in=scope_paths(user, perm), archived_at__isnull=True).order_by("path")


def perms_on(user, unit: Unit) -> frozenset[Perm]:
    """Every permission `user` holds on `unit` (through roles on it or on its ancestors)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Perm)
    held: set[Perm] = set()
    for role, path in role_paths(user):
        if unit.path.startswith(path):
            held |= ROLE_PERMS.get(role, frozenset())
    return frozenset(held)


def may_grant(actor, role: str, unit: Unit) -> bool:
    """Whether `actor` may give `role` on `unit`: they manage users there and hold every right the role carries there
    themselves, so no one makes an account that can do more than they can (an administrator no Organisation board)."""
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return True
    held = perms_on(actor, unit)
    return Perm.MANAGE_USERS in held and ROLE_PERMS.get(role, frozenset({Perm.MANAGE_USERS})) <= held


def grantable_roles(actor) -> list[str]:
    """The roles `actor` may give on at least one unit they manage (what the role choices offer)."""
    if getattr(actor, "is_superuser", False):
        return list(Role.values)
    roots = scope_paths(actor, Perm.MANAGE_USERS)
    held_at = [
        frozenset().union(*(ROLE_PERMS.get(r, frozenset()) for r, p in role_paths(actor) if root.startswith(p)))
        for root in roots
    ]
    return [role for role in Role.values if any(ROLE_PERMS[role] <= held for held in held_at)]


def _unmanageable_roles_q(actor) -> Q:
    """Active roles that put their holder out of `actor`'s reach: outside the user-management scope, or carrying a
    right `actor` does not hold on that unit (the same rule as `permissions.may_manage_user`, in SQL)."""
    beyond = [~subtree_q(scope_paths(actor, Perm.MANAGE_USERS), "unit__path")]
    for perm in Perm:
        beyond.append(Q(role__in=roles_with(perm)) & ~subtree_q(scope_paths(actor, perm), "unit__path"))
    return reduce(or_, beyond)


def users_for(user, *, query: str = "") -> QuerySet[User]:
    """The users that `user` may manage: those holding a role inside a subtree where `user` manages users, none
    outside it, none carrying a right `user` lacks there, cleared no higher than `user`; never a superuser.
    Anyone else is out of reach (404), as if the account did not exist."""
    qs = User.objects.all()
    if not user.is_superuser:
        managed = subtree_q(scope_paths(user, Perm.MANAGE_USERS), "unit__path")
        qs = (
            qs.filter(id__in=RoleAssignment.objects.active().filter(managed).values("user_id"))
            .exclude(id__in=RoleAssignment.objects.active().filter(_unmanageable_roles_q(user)).values("user_id"))
            .filter(is_superuser=False, clearance__lte=clearance_of(user))
        )
    if query:
        qs = filter_folded(qs, "search_name", query)
    return with_second_factor_state(qs).order_by("username")


def with_second_factor_state(qs: QuerySet[User]) -> QuerySet[User]:
    """`qs` with `second_factor_set` (a confirmed authenticator) and `second_factor_needed` (`needs_second_factor`
    in SQL), so that a list shows both without a query per user."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    manages = RoleAssignment.objects.active().filter(
        user=OuterRef("pk"), role__in=roles_with(Perm.MANAGE_USERS), unit__archived_at__isnull=True
    )
    return qs.annotate(
        second_factor_set=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
        second_factor_needed=Q(is_superuser=True) | Q(clearance__gt=Clearance.NORMAL) | Q(Exists(manages)),
    )


def needs_second_factor(user) -> bool:
    """Whether `user` signs in with a second factor: cleared above Normal, managing users anywhere, or a superuser;
    that is, whoever can read confidential matter or take over other accounts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_superuser or int(user.clearance or 0) > Clearance.NORMAL or bool(scope_paths(user, Perm.MANAGE_USERS))
    )


def clearance_of(user) -> int:
    """The confidentiality level up to which `user` may open records (0 for anyone not signed in or inactive)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return 0
    return int(getattr(user, "clearance", 0) or 0)


def may_open(user, level: int) -> bool:
    """Whether a record of confidentiality `level` may be shown to `user` at all (README "Confidentiality")."""
    return int(level or 0) <= clearance_of(user)
