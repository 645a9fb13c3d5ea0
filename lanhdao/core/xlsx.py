"""Reading an uploaded Excel sheet for an import (tasks, members, posts held): the same checks and the same messages
for every import."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .uploads import check_upload


def _as_upload(file, max_bytes: int):
    """An UploadedFile for `file` (an upload, a path, bytes or a binary file object), or None if over the limit."""
    if isinstance(file, bytes):
        return SimpleUploadedFile("import.xlsx", file) if len(file) <= max_bytes else None
    if isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > max_bytes:
            return None
        return SimpleUploadedFile(path.name, path.read_bytes())
    if hasattr(file, "chunks"):
        return file if file.size <= max_bytes else None
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > max_bytes:
        return None
    return SimpleUploadedFile(getattr(file, "name", None) or "import.xlsx", file.read())


def open_sheet(file, *, max_bytes: int):
    """(read-only workbook, its first sheet) or raises ValueError with a message for people."""
    name = str(file) if isinstance(file, str | Path) else getattr(file, "name", None) or ""
    if name and not name.lower().endswith(".xlsx"):
        raise ValueError(_("Only Excel files (.xlsx) can be imported; save the sheet as .xlsx and try again."))
    upload = _as_upload(file, max_bytes)
    if upload is None:
        raise ValueError(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})
    try:
        check_upload(upload)
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from error
    except Exception as error:  # openpyxl raises anything from KeyError to TypeError on a damaged file
        raise ValueError(_("The file cannot be read as an Excel workbook.")) from error
    return workbook, workbook.worksheets[0]
