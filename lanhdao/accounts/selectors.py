"""Who may see and do what, on which units. The one place every access check in the product starts from."""

from django.db.models import QuerySet

from lanhdao.core.search import filter_folded
from lanhdao.org.models import Unit
from lanhdao.org.selectors import subtree_q

from .models import RoleAssignment, User
from .roles import ROLE_PERMS, Perm

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


def users_for(user, *, query: str = "") -> QuerySet[User]:
    """The users that `user` may manage: those holding a role inside a subtree where `user` manages users."""
    qs = User.objects.all()
    if not user.is_superuser:
        managed = subtree_q(scope_paths(user, Perm.MANAGE_USERS), "unit__path")
        qs = qs.filter(id__in=RoleAssignment.objects.active().filter(managed).values("user_id"))
    if query:
        qs = filter_folded(qs, "search_name", query)
    return qs.order_by("username")


def clearance_of(user) -> int:
    """The confidentiality level up to which `user` may open records (0 for anyone not signed in or inactive)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return 0
    return int(getattr(user, "clearance", 0) or 0)


def may_open(user, level: int) -> bool:
    """Whether a record of confidentiality `level` may be shown to `user` at all (README "Confidentiality")."""
    return int(level or 0) <= clearance_of(user)
