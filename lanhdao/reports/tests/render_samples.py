"""A report with known contents for the rendering tests."""

import datetime
import os
import shutil

import pytest

from lanhdao.reports.rendering.data import Issuer, ReportDocument, Signature, Table


def party_report() -> ReportDocument:
    return ReportDocument(
        issuer=Issuer("Đảng bộ tỉnh Thái Nguyên", "Huyện ủy Định Hóa"),
        symbol="12-BC/HU",
        place="Định Hóa",
        date=datetime.date(2026, 2, 5),
        kind="Báo cáo",
        title="sơ kết công tác xây dựng Đảng năm 2025",
        sections=[
            ("I. KẾT QUẢ", ["Kết nạp 1.411 đảng viên kể từ năm 2007.", "Giới thiệu 239 người ứng cử."]),
            ("II. HẠN CHẾ", ["Luân chuyển, điều động cán bộ còn ít."]),
        ],
        tables=[
            Table("Bảng 1. Hội nghị đã tổ chức", ["Loại hội nghị", "Số lượng"], [["Ban Chấp hành", 4], ["Tổng", 1411]]),
            Table("Bảng 2. Kiểm tra", ["Nội dung", "Số tổ chức"], [["Quy chế làm việc", 20]]),
        ],
        signature=Signature("T/M Ban Thường vụ", "Bí thư", "Nguyễn Văn A"),
        recipients=["Tỉnh ủy Thái Nguyên,", "Lưu Văn phòng."],
    )


def needs_soffice():
    """Skip when LibreOffice is missing here; CI installs it and sets LANHDAO_REQUIRE_SOFFICE so it never skips."""
    if shutil.which("soffice") and shutil.which("pdftotext"):
        return
    if os.environ.get("LANHDAO_REQUIRE_SOFFICE"):
        pytest.fail("LANHDAO_REQUIRE_SOFFICE is set but soffice or pdftotext is missing")
    pytest.skip(
        "LibreOffice (soffice) or pdftotext is not installed: apt-get install libreoffice-writer-nogui poppler-utils"
    )
