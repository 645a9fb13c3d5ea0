import re
import subprocess

import pytest
from django.utils.translation import gettext

from lanhdao.reports.rendering import pdf
from lanhdao.reports.rendering.docx import render_docx

from .render_samples import needs_soffice, party_report


def test_docx_converts_to_pdf_with_libreoffice_and_keeps_its_text(tmp_path):
    needs_soffice()
    data = pdf.docx_to_pdf(render_docx(party_report()))
    assert data.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "HUYỆN ỦY ĐỊNH HÓA",
        "Số 12-BC/HU",
        "Định Hóa, ngày 05 tháng 02 năm 2026",
        "BÁO CÁO",
        "Kết nạp 1.411 đảng viên",
        "Quy chế làm việc",
        "Nơi nhận:",
        "Nguyễn Văn A",
    ):
        assert expected in text
    fonts = subprocess.run(["pdffonts", str(tmp_path / "report.pdf")], capture_output=True, text=True).stdout
    assert "Serif" in fonts or "Times" in fonts  # Times New Roman, or its metric twin Liberation Serif


def test_missing_libreoffice_gives_a_clear_error(monkeypatch):
    monkeypatch.delenv("LANHDAO_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(
        pdf.PdfUnavailable,
        match=re.escape(
            gettext("LibreOffice is not installed (no `soffice` command): install Debian's libreoffice-writer-nogui.")[
                :20
            ]
        ),
    ):
        pdf.docx_to_pdf(b"not used")
