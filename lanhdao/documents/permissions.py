"""Access to documents and their attachments. Views and the API get them only through these functions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm

from .models import Attachment, Document
from .selectors import documents_for


def may_record(user, document: Document) -> bool:
    return has_perm(user, Perm.RECORD, document.owner) and document.confidentiality <= user.clearance


def access_document(user, pk, *, write: bool = False) -> Document:
    """Document `pk` if `user` may see it (404 otherwise, also for a confidential one above their clearance);
    with `write`, 403 unless they may record in its owner's registry."""
    document = documents_for(user, include_archived=True).select_related("owner", "issuer_unit").filter(pk=pk).first()
    if document is None:
        raise Http404(_("No such document, or you may not see it."))
    if write and not may_record(user, document):
        raise PermissionDenied(_("You may not change this document."))
    return document


def access_attachment(user, pk) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=pk, archived_at__isnull=True, document__in=documents_for(user))
        .select_related("document")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such file, or you may not see it."))
    return attachment
