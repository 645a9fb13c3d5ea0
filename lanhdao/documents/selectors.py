"""Reads of the document registry. Every list starts from `documents_for(user)`, so confidentiality and unit scope
apply to lists, searches, counts, links and attachments alike."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lanhdao.accounts.roles import Clearance, Perm
from lanhdao.accounts.selectors import scope_paths
from lanhdao.core.access import parse_id
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q, subtree_q

from .models import Document, DocumentLink, Relation, symbol_key
from .references import find_references
from .symbols import normalise_symbol

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


@dataclass(frozen=True)
class DocumentFilter:
    """What a list of documents is narrowed to, read once from the page's form (`SearchForm.document_filter`) or the
    API's query string (`api.document_filter`): `filter_documents` applies it for both. The words are searched apart
    (`documents.search`), ranked."""

    kind: str = ""
    issuer: str = ""  # the issuer's code, in any case
    term: int | None = None
    issued_from: datetime.date | None = None
    issued_to: datetime.date | None = None


def filter_documents(qs: QuerySet[Document], wanted: DocumentFilter) -> QuerySet[Document]:
    """`qs` narrowed to what `wanted` asks for (an empty filter leaves it as it is)."""
    if wanted.kind:
        qs = qs.filter(kind=wanted.kind)
    if wanted.issuer:
        qs = qs.filter(issuer_code__iexact=wanted.issuer)
    lookups = {"term": wanted.term, "issued_on__gte": wanted.issued_from, "issued_on__lte": wanted.issued_to}
    return qs.filter(**{lookup: value for lookup, value in lookups.items() if value is not None})


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


def documents_named(visible: QuerySet[Document], text: str) -> list[Document]:
    """The documents among `visible` that `text` names, as a person types it in a box that takes a document: its id,
    or a reference as the reader reads it in a text (`12/CTr/TU`, `12-CTr/TU`, `Chương trình số 12-CTr/TU`, with or
    without diacritics, with a date or a term). One reader for the boxes and the pasted texts: whatever the reader
    accepts, a box accepts. Newest first; several when the symbol is ambiguous (Party numbering restarts each term)."""
    text = (text or "").strip()
    if not text:
        return []
    if text.isdigit():
        return list(visible.filter(pk=parse_id(text) or 0)[:1])
    for ref in find_references(text):
        found = match_reference(visible, ref)
        if found:
            return found
    # What the reader does not take as a reference in running text may still be a bare symbol (`05 NQ/TU`).
    return find_by_symbol(visible, symbol_key(normalise_symbol(text) or text))[:5]


def match_reference(visible: QuerySet[Document], ref) -> list[Document]:
    """Registered documents a reference found in text (documents.references.Reference) points to.

    Party numbering restarts every term, so the symbol alone is not enough: a term or a date given in the text
    must agree with the registered document's (when it has one). A reference without a number (`Nghị quyết Trung
    ương 5 khóa X`) matches a document of the same kind, issuer and term whose title names the same plenum.
    """
    if ref.symbol is not None:
        qs = visible.filter(symbol_key=symbol_key(str(ref.symbol)))
    elif ref.kind and ref.term and (ref.plenum or ref.congress):
        qs = visible.filter(kind=ref.kind, term=ref.term, number="", issuer_code=ref.issuer or "TW")
        if ref.plenum:
            qs = qs.filter(search_title__contains=f"trung uong {ref.plenum} ") | qs.filter(
                search_title__contains=f"lan thu {_ORDINALS.get(ref.plenum, ref.plenum)} "
            )
    else:
        return []
    if ref.term:
        qs = qs.filter(Q(term=ref.term) | Q(term__isnull=True))
    if ref.date:
        qs = qs.filter(Q(issued_on=ref.date) | Q(issued_on__isnull=True))
    return list(qs.order_by("-issued_on")[:5])


_ORDINALS = {1: "nhat", 2: "hai", 3: "ba", 4: "tu", 5: "nam", 6: "sau", 7: "bay", 8: "tam", 9: "chin", 10: "muoi"}


# Where the reviews find the documents issued by a unit and its subtree (reports.selectors).
DOCUMENT_RECORDS = Source(Document, ("owner__path",), Q(archived_at__isnull=True))


def directing_addressed_to(unit: Unit) -> QuerySet[Document]:
    """Directing documents (resolutions, directives, conclusions) issued by the unit or a unit above it: what it has
    to concretise (the reviews narrow them to a period)."""
    qs = Document.objects.filter(archived_at__isnull=True, kind__in=DIRECTING_KINDS)
    return qs.filter(owner__path__in=[*unit.ancestor_paths(), unit.path])
