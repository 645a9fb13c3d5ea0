"""A report as PDF: its DOCX converted by LibreOffice (headless).

Why LibreOffice rather than a pure-Python PDF library: the PDF is then the same document as the DOCX (one layout to
keep right, not two), and LibreOffice is also what checks that our DOCX opens. It needs Debian's
`libreoffice-writer-nogui` (or `libreoffice-writer`) on the server; without it `PdfUnavailable` says so.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 180


class PdfUnavailable(RuntimeError):
    """LibreOffice is missing or failed: the PDF cannot be made."""


def soffice_path() -> str | None:
    return os.environ.get("LANHDAO_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, *, source_suffix: str = ".docx", target: str = "pdf") -> bytes:
    """Convert a document with LibreOffice headless; each call uses its own profile so calls may run in parallel."""
    soffice = soffice_path()
    if not soffice:
        raise PdfUnavailable(
            _("LibreOffice is not installed (no `soffice` command): install Debian's libreoffice-writer-nogui.")
        )
    with tempfile.TemporaryDirectory(prefix="lanhdao-soffice-") as folder:
        work = Path(folder)
        source = work / f"report{source_suffix}"
        source.write_bytes(data)
        profile = f"-env:UserInstallation={(work / 'profile').as_uri()}"
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            profile,
            "--convert-to",
            target,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(_("LibreOffice took too long to convert the report.")) from error
        produced = work / "out" / f"report.{target.split(':')[0]}"
        if result.returncode != 0 or not produced.exists():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-300:]
            raise PdfUnavailable(_("LibreOffice could not convert the report: %(detail)s") % {"detail": detail})
        return produced.read_bytes()


def docx_to_pdf(docx: bytes) -> bytes:
    return convert(docx, source_suffix=".docx", target="pdf")
