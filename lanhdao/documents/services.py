"""Writes to the document registry: permission, validation, write and audit in one transaction."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, snapshot
from lanhdao.core.uploads import check_upload
from lanhdao.org.models import Unit

from .models import Attachment, Document, DocumentLink, Relation, System
from .selectors import documents_for, implemented_chain
from .symbols import PARTY_KINDS, STATE_KINDS, SymbolError, parse_symbol

EDITABLE = (
    "symbol",
    "kind",
    "number",
    "year",
    "issuer_code",
    "issuer_unit",
    "system",
    "issued_on",
    "term",
    "title",
    "summary",
    "full_text",
    "confidentiality",
)


def _require_record(actor, unit: Unit) -> None:
    if not has_perm(actor, Perm.RECORD, unit):
        raise PermissionDenied(_("You may not record documents for this unit."))


def resolve_fields(data: dict) -> dict:
    """Fill kind, number, issuer, year and system from the symbol (when one is given) and check they agree.

    A document without a number (`Nghị quyết Trung ương 5 khóa X`) is registered with its kind and issuer only.
    """
    data = dict(data)
    symbol_text = (data.get("symbol") or "").strip()
    if symbol_text:
        try:
            symbol = parse_symbol(symbol_text)
        except SymbolError as error:
            raise ValidationError({"symbol": str(error.message)}) from error
        # A State official letter has no kind in its symbol (`123/UBND-VP`): it is registered as a công văn.
        kind = symbol.kind or "CV"
        parsed = {"kind": kind, "number": symbol.number, "issuer_code": symbol.issuer, "year": symbol.year}
        for field, value in parsed.items():
            given = data.get(field)
            if given not in (None, "") and str(given).strip().upper() != str(value or "").upper():
                raise ValidationError(
                    {field: _("This does not match the symbol %(symbol)s.") % {"symbol": str(symbol)}}
                )
            data[field] = value
        data["system"] = symbol.system
        data["symbol"] = str(symbol)
        if symbol.year and data.get("issued_on") and data["issued_on"].year != symbol.year:
            raise ValidationError({"issued_on": _("The date is not in the year of the symbol.")})
    else:
        data["symbol"] = ""
    kinds = PARTY_KINDS if data.get("system", System.PARTY) == System.PARTY else STATE_KINDS
    if not data.get("kind") or (data["kind"] not in kinds and data["kind"] not in PARTY_KINDS | STATE_KINDS):
        raise ValidationError({"kind": _("Choose the kind of document, or enter its symbol.")})
    if not (data.get("issuer_code") or "").strip():
        raise ValidationError({"issuer_code": _("Enter the issuing body, or the symbol.")})
    if not (data.get("title") or "").strip():
        raise ValidationError({"title": _("The title is required.")})
    issued_on = data.get("issued_on")
    if issued_on and issued_on > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"issued_on": _("The date is too far in the future.")})
    return data


def document_create(*, actor, owner: Unit, **data) -> Document:
    _require_record(actor, owner)
    if owner.is_archived:
        raise ValidationError(_("An archived unit cannot receive documents."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    fields = resolve_fields(data)
    if fields.get("confidentiality", 0) > actor.clearance:
        raise ValidationError({"confidentiality": _("You cannot register a document above your own clearance.")})
    with transaction.atomic():
        document = Document(owner=owner, created_by=actor, **fields)
        document.save()
        record(actor=actor, action=Action.CREATE, obj=document, after=snapshot(document))
    return document


def document_update(*, actor, document: Document, data: dict) -> Document:
    _require_record(actor, document.owner)
    if document.archived_at:
        raise ValidationError(_("An archived document cannot be changed; restore it first."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    current = {f: getattr(document, f) for f in EDITABLE}
    fields = resolve_fields(current | data)
    if fields.get("confidentiality", 0) > actor.clearance or document.confidentiality > actor.clearance:
        raise ValidationError({"confidentiality": _("You cannot register a document above your own clearance.")})
    changed = {k: v for k, v in fields.items() if getattr(document, k) != v}
    if not changed:
        return document
    with transaction.atomic():
        before = snapshot(document)
        for key, value in changed.items():
            setattr(document, key, value)
        document.save()
        record(actor=actor, action=Action.UPDATE, obj=document, before=before, after=snapshot(document))
        if changed.get("confidentiality", 0) > before.get("confidentiality", 0):
            _raise_tasks(actor, document)
    return document


def _raise_tasks(actor, document: Document) -> None:
    """The tasks implementing `document` (and their sub-tasks) carry at least its level, from the same transaction
    on: a task never shows what its document no longer may (README "Confidentiality"). Lowering a document leaves
    its tasks as they are: their level may come from elsewhere too (a meeting, an inspection)."""
    from lanhdao.work.models import Task  # work depends on documents, not the other way round at import time
    from lanhdao.work.services import raise_tasks_to

    raise_tasks_to(
        Task.objects.filter(document=document),
        document.confidentiality,
        actor=actor,
        note=_("Confidentiality raised with the document it implements"),
    )


def document_archive(*, actor, document: Document) -> Document:
    _require_record(actor, document.owner)
    if document.archived_at:
        raise ValidationError(_("This document is already archived."))
    with transaction.atomic():
        before = snapshot(document)
        document.archived_at = timezone.now()
        document.save(update_fields=["archived_at", "updated_at"])
        record(actor=actor, action=Action.ARCHIVE, obj=document, before=before, after=snapshot(document))
    return document


def link_create(*, actor, source: Document, target: Document, relation: str) -> DocumentLink:
    """Record that `source` implements / cites / replaces / amends `target` (which the actor must be able to see)."""
    _require_record(actor, source.owner)
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Unknown relation.")})
    if source.pk == target.pk:
        raise ValidationError(_("A document cannot refer to itself."))
    visible = documents_for(actor)
    if not visible.filter(pk=target.pk).exists():
        raise ValidationError(_("The target document does not exist or you may not see it."))
    if relation == Relation.IMPLEMENTS:
        above_target = {d.pk for level in implemented_chain(target, Document.objects.all()) for d in level}
        if source.pk in above_target:
            raise ValidationError(_("This would make a circle: the target already implements this document."))
    if DocumentLink.objects.filter(source=source, target=target, relation=relation, removed_at__isnull=True).exists():
        raise ValidationError(_("This link already exists."))
    with transaction.atomic():
        link = DocumentLink.objects.create(source=source, target=target, relation=relation, created_by=actor)
        record(actor=actor, action=Action.CREATE, obj=link, after=snapshot(link))
        # The source's history names the target by id only, resolved when shown through the reader's access: a
        # reader who may not open the target sees that a hidden document was linked, never its symbol or title.
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=source,
            after={"linked_document": target.pk},
            note=_("Link added: %(relation)s") % {"relation": link.get_relation_display()},
        )
    return link


def link_remove(*, actor, link: DocumentLink) -> DocumentLink:
    _require_record(actor, link.source.owner)
    if link.removed_at:
        raise ValidationError(_("This link has already been removed."))
    with transaction.atomic():
        before = snapshot(link)
        link.removed_at = timezone.now()
        link.save(update_fields=["removed_at"])
        record(actor=actor, action=Action.ARCHIVE, obj=link, before=before, after=snapshot(link))
    return link


def attachment_add(*, actor, document: Document, uploaded) -> Attachment:
    _require_record(actor, document.owner)
    if document.confidentiality > actor.clearance:
        raise PermissionDenied(_("You may not change this document."))
    checked = check_upload(uploaded)
    with transaction.atomic():
        attachment = Attachment(
            document=document,
            original_name=(uploaded.name or "file")[-255:],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save("upload", uploaded, save=False)
        attachment.save()
        record(actor=actor, action=Action.CREATE, obj=attachment, after=snapshot(attachment))
        record(actor=actor, action=Action.UPDATE, obj=document, note=_("File attached: %(n)s") % {"n": attachment})
    return attachment


def attachment_archive(*, actor, attachment: Attachment) -> Attachment:
    _require_record(actor, attachment.document.owner)
    with transaction.atomic():
        before = snapshot(attachment)
        attachment.archived_at = timezone.now()
        attachment.save(update_fields=["archived_at"])
        record(actor=actor, action=Action.ARCHIVE, obj=attachment, before=before, after=snapshot(attachment))
    return attachment
