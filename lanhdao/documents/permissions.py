"""Access to documents and their attachments. Views and the API get them only through these functions."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.core.access import get_in_scope

from .models import Attachment, Document
from .selectors import documents_for


def may_record(user, document: Document) -> bool:
    return has_perm(user, Perm.RECORD, document.owner) and document.confidentiality <= user.clearance


def access_document(user, pk, *, write: bool = False) -> Document:
    """Document `pk` if `user` may see it (404 otherwise, also for a confidential one above their clearance);
    with `write`, 403 unless they may record in its owner's registry."""
    document = get_in_scope(
        documents_for(user, include_archived=True).select_related("owner", "issuer_unit"),
        pk,
        _("No such document, or you may not see it."),
    )
    if write and not may_record(user, document):
        raise PermissionDenied(_("You may not change this document."))
    return document


def access_attachment(user, pk) -> Attachment:
    return get_in_scope(
        Attachment.objects.filter(archived_at__isnull=True, document__in=documents_for(user)).select_related(
            "document"
        ),
        pk,
        _("No such file, or you may not see it."),
    )
