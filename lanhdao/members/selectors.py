"""Reads of members and cadre work. Every list starts from `members_for(user)` (or a `<things>_for(user)`): the rows
on a unit in the user's view scope. Personal data is never filtered or ordered on here: who may see it is decided
per member by members.permissions."""

from django.db.models import Q, QuerySet

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import role_paths, scope_paths
from lanhdao.core.search import filter_folded
from lanhdao.org.selectors import subtree_q

from .models import Member


def _visible(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def scoped(qs: QuerySet, user, *path_fields: str) -> QuerySet:
    """Rows of `qs` whose unit (any of `path_fields`, default `unit_path`) lies in `user`'s view scope."""
    if not _visible(user):
        return qs.none()
    if user.is_superuser:
        return qs
    roots = scope_paths(user, Perm.VIEW)
    condition = Q(pk__in=[])
    for field in path_fields or ("unit_path",):
        condition |= subtree_q(roots, field)
    return qs.filter(condition)


def members_for(user) -> QuerySet[Member]:
    """Everyone in the pipeline or in the Party (and those who left) on a unit in `user`'s view scope."""
    return scoped(Member.objects.all(), user)


def search_members(qs: QuerySet[Member], query: str) -> QuerySet[Member]:
    """By name or party card number, with or without diacritics."""
    return filter_folded(qs, "search_name", query) if query.strip() else qs


def personal_paths(user) -> tuple[list[str], set[str]]:
    """Where `user` may see members' personal data: (subtree roots where they hold MEMBER_RECORDS, paths of the
    units they hold any role on — a member's own cell sees its members)."""
    return scope_paths(user, Perm.MEMBER_RECORDS), {path for _, path in role_paths(user)}


def personal_q(user, field: str = "unit_path") -> Q:
    """The rows whose unit lets `user` see personal data (for lists that show it, such as exports)."""
    if user.is_superuser:
        return Q()
    roots, own = personal_paths(user)
    return subtree_q(roots, field) | Q(**{f"{field}__in": own})
