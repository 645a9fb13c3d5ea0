import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from lanhdao.core.uploads import DOCX, PDF, XLSX, check_upload


def office(marker: str, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<document>Nghị quyết</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_real_pdf_docx_and_xlsx_pass():
    assert check_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n...")).content_type == PDF
    assert check_upload(SimpleUploadedFile("b.DOCX", office("word/document.xml"))).content_type == DOCX
    checked = check_upload(SimpleUploadedFile("c.xlsx", office("xl/workbook.xml")))
    assert checked.content_type == XLSX and len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "PDF, DOCX"),
        ("bao-cao.pdf", b"MZ\x90\x00\x03", "PDF"),  # a renamed executable
        ("bao-cao.docx", b"\x7fELF\x02\x01", "DOCX"),
        ("khong-phai.docx", office("xl/workbook.xml"), "Word"),  # an XLSX renamed DOCX
        ("hong.docx", b"PK\x03\x04garbage", "damaged"),
        ("script.pdf.html", b"<script>", "PDF, DOCX"),
    ],
)
def test_bad_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile(name, content))
    assert message.lower() in " ".join(error.value.messages).lower()


def test_a_zip_bomb_is_refused():
    bomb = office("word/document.xml", {"word/media/padding.bin": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("bom.docx", bomb))
    assert "expands" in " ".join(error.value.messages)


@override_settings(LANHDAO_MAX_UPLOAD_MB=1)
def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)))
    assert "limit" in " ".join(error.value.messages)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked by their English source text."""
    with translation.override("en"):
        yield
