"""Checks on uploaded attachments: type by content (not by name), size, and DOCX/XLSX archives that would explode.

Refused: anything but PDF, DOCX and XLSX; a file whose content does not match its extension (a renamed executable);
a file over the size limit; an Office file whose archive is corrupt, holds too many entries, inflates beyond the
limit or at a ratio no real document has (a zip bomb).
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPES = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX}
OFFICE_MARKER = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}

MAX_ENTRIES = 5000
MAX_RATIO = 200  # real DOCX/XLSX compress XML about 5–20×; bombs go to thousands


@dataclass
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "LANHDAO_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_upload(uploaded) -> CheckedUpload:
    name = (uploaded.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    content_type = TYPES.get(extension)
    if content_type is None:
        raise ValidationError(_("Only PDF, DOCX and XLSX files can be attached."))
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"size": uploaded.size // (1024 * 1024), "limit": limit // (1024 * 1024)}
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    if content_type == PDF:
        if not head.startswith(b"%PDF-"):
            raise ValidationError(_("This file is not a real PDF document."))
    else:
        if not head.startswith(b"PK\x03\x04"):
            raise ValidationError(_("This file is not a real %(kind)s document.") % {"kind": extension[1:].upper()})
        _check_office_archive(uploaded, content_type, limit)
    uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(content_type=content_type, size=uploaded.size, sha256=digest.hexdigest())


def _check_office_archive(uploaded, content_type: str, limit: int) -> None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise ValidationError(_("The file holds too many parts to be a real document."))
            inflated = sum(e.file_size for e in entries)
            packed = sum(e.compress_size for e in entries) or 1
            if inflated > 10 * limit or inflated / packed > MAX_RATIO:
                raise ValidationError(_("The file expands to an unreasonable size and was refused."))
            names = {e.filename for e in entries}
            if "[Content_Types].xml" not in names or OFFICE_MARKER[content_type] not in names:
                raise ValidationError(_("The file is not a valid Word or Excel document."))
    except zipfile.BadZipFile as error:
        raise ValidationError(_("The file is damaged and cannot be read.")) from error
