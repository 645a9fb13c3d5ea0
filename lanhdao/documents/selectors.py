"""Reads of the document registry. Every list starts from `documents_for(user)`, so confidentiality and unit scope
apply to lists, searches, counts, links and attachments alike."""

from django.db.models import Q, QuerySet

from lanhdao.accounts.roles import Clearance, Perm
from lanhdao.accounts.selectors import scope_paths
from lanhdao.org.models import Unit
from lanhdao.org.selectors import path_prefix_q, subtree_q

from .models import Document, DocumentLink, Relation

# Kinds that lower levels are expected to concretise into programmes, plans and tasks.
DIRECTING_KINDS = ("NQ", "CT", "KL")


def _ancestor_paths(paths: list[str]) -> set[str]:
    step = Unit.steplen
    return {p[:i] for p in paths for i in range(step, len(p), step)}


def documents_for(user, *, include_archived: bool = False) -> QuerySet[Document]:
    """Documents `user` may see.

    - A document of a unit in the user's scope (their units and everything under them) is visible up to the user's
      clearance.
    - A normal (not confidential) document of a unit above the user's units is visible too: it is addressed to them,
      and they have to implement it.
    - A confidential document is never visible outside the user's scope, nor above the user's clearance.
    """
    qs = Document.objects.all()
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    clearance = Q(confidentiality__lte=user.clearance)
    if user.is_superuser:
        return qs.filter(clearance)
    roots = scope_paths(user, Perm.VIEW)
    if not roots:
        return qs.none()
    inside = subtree_q(roots, "owner__path") & clearance
    above = Q(owner__path__in=_ancestor_paths(roots), confidentiality=Clearance.NORMAL)
    return qs.filter(inside | above)


def _live_links() -> QuerySet[DocumentLink]:
    return DocumentLink.objects.filter(removed_at__isnull=True)


def implemented_chain(document: Document, visible: QuerySet[Document], *, max_depth: int = 12) -> list[list[Document]]:
    """What `document` implements, level by level, up to the central resolution: one query per level."""
    levels, frontier, seen = [], {document.pk}, {document.pk}
    for _ in range(max_depth):
        ids = set(
            _live_links()
            .filter(source_id__in=frontier, relation=Relation.IMPLEMENTS)
            .values_list("target_id", flat=True)
        )
        ids -= seen
        level = list(visible.filter(pk__in=ids).order_by("issued_on", "pk"))
        if not level:
            break
        levels.append(level)
        frontier = {d.pk for d in level}
        seen |= frontier
    return levels


def implementing_tree(document: Document, visible: QuerySet[Document], *, max_depth: int = 12) -> list[list[Document]]:
    """Everything that implements `document`, level by level, down to local plans: one query per level."""
    levels, frontier, seen = [], {document.pk}, {document.pk}
    for _ in range(max_depth):
        ids = set(
            _live_links()
            .filter(target_id__in=frontier, relation=Relation.IMPLEMENTS)
            .values_list("source_id", flat=True)
        )
        ids -= seen
        level = list(visible.filter(pk__in=ids).select_related("owner").order_by("owner__path", "issued_on"))
        if not level:
            break
        levels.append(level)
        frontier = {d.pk for d in level}
        seen |= frontier
    return levels


def links_of(document: Document, visible: QuerySet[Document]) -> tuple[list[DocumentLink], list[DocumentLink]]:
    """(links from it, links to it), only towards documents the user may see."""
    out = list(
        _live_links().filter(source=document, target__in=visible).select_related("target").order_by("relation", "pk")
    )
    into = list(
        _live_links().filter(target=document, source__in=visible).select_related("source").order_by("relation", "pk")
    )
    return out, into


def uncovered_documents(visible: QuerySet[Document], unit: Unit) -> QuerySet[Document]:
    """Directing documents (resolutions, directives, conclusions) visible here that no document of `unit`'s subtree
    implements yet: the concretisation the unit still owes."""
    implemented = _live_links().filter(
        path_prefix_q(unit.path, "source__owner__path"), relation=Relation.IMPLEMENTS, source__archived_at__isnull=True
    )
    addressed_here = [*unit.ancestor_paths(), unit.path]  # issued by this unit or a unit above it
    return (
        visible.filter(kind__in=DIRECTING_KINDS, owner__path__in=addressed_here)
        .exclude(pk__in=implemented.values("target_id"))
        .order_by("-issued_on", "pk")
    )


def find_by_symbol(visible: QuerySet[Document], symbol_key: str) -> list[Document]:
    return list(visible.filter(symbol_key=symbol_key).order_by("-issued_on"))
