import datetime
import io

from docx import Document
from docx.shared import Pt

from lanhdao.reports.rendering.data import date_line
from lanhdao.reports.rendering.docx import render_docx

from .render_samples import party_report


def _read(report=None):
    return Document(io.BytesIO(render_docx(report or party_report())))


def _texts(cell):
    return [p.text for p in cell.paragraphs]


def test_header_has_issuer_symbol_party_heading_and_date_line():
    header = _read().tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert _texts(left) == ["ĐẢNG BỘ TỈNH THÁI NGUYÊN", "HUYỆN ỦY ĐỊNH HÓA", "*", "Số 12-BC/HU"]
    assert _texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Định Hóa, ngày 05 tháng 02 năm 2026"]
    committee = left.paragraphs[1].runs[0]
    assert committee.bold and not left.paragraphs[0].runs[0].bold
    heading, date = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert heading.bold and heading.underline and heading.font.size == Pt(15)
    assert date.italic and not date.bold


def test_date_line_pads_days_below_ten_and_the_first_two_months():
    assert date_line("Hà Nội", datetime.date(2018, 4, 3)) == "Hà Nội, ngày 03 tháng 4 năm 2018"
    assert date_line("Hà Nội", datetime.date(2018, 1, 20)) == "Hà Nội, ngày 20 tháng 01 năm 2018"
    assert date_line("Hà Nội", datetime.date(2018, 12, 31)) == "Hà Nội, ngày 31 tháng 12 năm 2018"


def test_kind_title_and_body_are_times_new_roman_with_party_sizes():
    document = _read()
    texts = [p.text for p in document.paragraphs]
    kind = document.paragraphs[texts.index("BÁO CÁO")]
    assert kind.runs[0].bold and kind.runs[0].font.size == Pt(16)
    title = document.paragraphs[texts.index("sơ kết công tác xây dựng Đảng năm 2025")]
    assert title.runs[0].bold
    body = document.paragraphs[texts.index("Kết nạp 1.411 đảng viên kể từ năm 2007.")]
    assert body.runs[0].font.size == Pt(14) and body.paragraph_format.first_line_indent > 0
    assert body.alignment == 3  # justified
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for c in t._cells for p in c.paragraphs for run in p.runs]
    assert runs and {run.font.name for run in runs} == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_page_is_a4_with_party_margins():
    section = _read().sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    sizes += (section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]


def test_tables_carry_header_and_rows_with_vietnamese_numbers():
    tables = _read().tables
    figures = tables[1]
    assert [c.text for c in figures.rows[0].cells] == ["Loại hội nghị", "Số lượng"]
    assert figures.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert [[c.text for c in row.cells] for row in figures.rows[1:]] == [["Ban Chấp hành", "4"], ["Tổng", "1.411"]]
    assert [c.text for c in tables[2].rows[1].cells] == ["Quy chế làm việc", "20"]


def test_foot_has_recipients_left_and_signature_right():
    foot = _read().tables[-1]
    assert _texts(foot.cell(0, 0)) == ["Nơi nhận:", "- Tỉnh ủy Thái Nguyên,", "- Lưu Văn phòng."]
    assert _texts(foot.cell(0, 1)) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    assert all(p.runs[0].bold for p in foot.cell(0, 1).paragraphs)


def test_progress_is_reported_for_every_section_and_table():
    calls = []
    render_docx(party_report(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_superior_line_names_the_party_organisation_not_its_committee():
    from lanhdao.reports.rendering.sample import party_organisation

    assert party_organisation("Tỉnh ủy Thái Nguyên") == "Đảng bộ tỉnh Thái Nguyên"
    assert party_organisation("Huyện ủy Định Hóa") == "Đảng bộ huyện Định Hóa"
    assert party_organisation("Đảng ủy xã An Một") == "Đảng bộ xã An Một"
    assert party_organisation("Đảng bộ Khối cơ quan") == "Đảng bộ Khối cơ quan"
