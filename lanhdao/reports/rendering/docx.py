"""A report as a DOCX in the format of Party documents (Hướng dẫn 36-HD/VPTW, 2018).

A4; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman everywhere. The header is a borderless
two-column table: the issuer at the left (superior organisation, committee in bold, "*", the symbol), "ĐẢNG CỘNG SẢN
VIỆT NAM" at the right (bold, underlined) over the place-and-date line in italics. Then the kind (bold capitals) and the
summary (bold), the body (14 pt, justified, first-line indent), the tables, and at the foot "Nơi nhận:" at the left and
the signature block at the right.
"""

import io
from collections.abc import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .data import ReportDocument, date_line, sheet_cell

FONT = "Times New Roman"
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
BODY_PT = 14

Progress = Callable[[int, int], None]


def _font(run, size: float, *, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # Word picks the East-Asian and complex-script fonts from their own attributes: set them all.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    return run


def _para(container, text: str, size: float = BODY_PT, *, align=WD_ALIGN_PARAGRAPH.CENTER, after=0, **style):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        _font(paragraph.add_run(text), size, **style)
    return paragraph


def _cell(table, row: int, column: int):
    cell = table.cell(row, column)
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)  # we add our own paragraphs
    return cell


def _page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _header(document, report: ReportDocument):
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    widths = (Cm(7.0), Cm(9.5))
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    for cell, width in zip((left, right), widths, strict=True):
        cell.width = width
    if report.issuer.parent:
        _para(left, report.issuer.parent.upper())
    _para(left, report.issuer.committee.upper(), bold=True)
    _para(left, "*")
    _para(left, f"Số {report.symbol}")
    _para(right, PARTY_HEADING, 15, bold=True, underline=True, after=6)
    _para(right, date_line(report.place, report.date), italic=True)


def _body_para(document, text: str, **style):
    paragraph = _para(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, **style)
    paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def number_text(value: int | float) -> str:
    """Vietnamese digit grouping: 1.411 and 12,5."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _body(document, report: ReportDocument, progress: Progress):
    _para(document, "")
    _para(document, report.kind.upper(), 16, bold=True)
    _para(document, report.title, 14, bold=True)
    _para(document, "-----", 14, after=12)
    step = 0
    for heading, paragraphs in report.sections:
        if heading:
            _body_para(document, heading, bold=True)
        for text in paragraphs:
            _body_para(document, text)
        step += 1
        progress(step, report.steps)
    for table in report.tables:
        _table(document, table)
        step += 1
        progress(step, report.steps)


def _table(document, table_data):
    _para(document, table_data.title, bold=True, after=6)
    table = document.add_table(rows=1 + len(table_data.rows), cols=len(table_data.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(table_data.header):
        cell = _cell(table, 0, column)
        _para(cell, str(text), 13, bold=True)
    for row_number, row in enumerate(table_data.rows, start=1):
        for column, value in enumerate(row):
            cell = _cell(table, row_number, column)
            value = sheet_cell(value)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            align = WD_ALIGN_PARAGRAPH.RIGHT if number else WD_ALIGN_PARAGRAPH.LEFT
            _para(cell, number_text(value) if number else str(value), 13, align=align)
    _para(document, "", after=6)


def _foot(document, report: ReportDocument):
    table = document.add_table(rows=1, cols=2)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    left.width, right.width = Cm(8.0), Cm(8.5)
    _para(left, "Nơi nhận:", 14, underline=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in report.recipients:
        _para(left, f"- {recipient}", 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    if report.signature:
        _para(right, report.signature.on_behalf_of.upper(), bold=True)
        _para(right, report.signature.position.upper(), bold=True, after=60)
        _para(right, report.signature.name, bold=True)


def render_docx(report: ReportDocument, progress: Progress | None = None) -> bytes:
    """The report as DOCX bytes; `progress(done, total)` is called after each section and table."""
    document = Document()
    _page(document)
    _header(document, report)
    _body(document, report, progress or (lambda done, total: None))
    _para(document, "", after=6)
    _foot(document, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
