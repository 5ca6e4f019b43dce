"""The report as a Word document in the Decree 30/2020 layout (Phụ lục I), and its PDF.

Page: A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman
throughout; page numbers from page 2, centred in the top margin. The first page carries
the header block (governing and issuing body, number and symbol on the left; national
title, motto, place and date on the right), then the type (BÁO CÁO) and summary, the
numbered body, and the signature block beside "Nơi nhận". Sizes follow Phụ lục I Mục V
(see ``SIZES``). The PDF is that same DOCX converted by LibreOffice (``pdf.convert``).
"""

import zipfile
from collections.abc import Iterable
from datetime import date
from io import BytesIO
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
#: Point sizes of Phụ lục I Mục V, within its ranges.
SIZES = {
    "national_title": 12,
    "motto": 14,
    "body_name": 13,
    "number": 13,
    "place_date": 14,
    "type": 14,
    "summary": 14,
    "body": 14,
    "table": 12,
    "signer": 14,
    "recipients_head": 12,
    "recipients": 11,
    "page_number": 13,
}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_LEFT, _RIGHT = Mm(62), Mm(103)  # the header's two columns: 165 mm of text width


def setup(document: Any) -> None:
    """A4, the margins, Times New Roman 14 and a page number from page 2."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZES["body"])
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(0), Pt(6)
    style.paragraph_format.line_spacing = 1.15
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number.add_run())
    number.runs[0].font.size = Pt(SIZES["page_number"])


def _page_field(run: Any) -> None:
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def para(
    container: Any,
    text: str = "",
    size: int = SIZES["body"],
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    after: int = 0,
    indent: bool = False,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    return paragraph


def rule(container: Any, width_mm: float, column_mm: float) -> None:
    """A short horizontal line, centred in its column (under the motto, the body, the summary)."""
    paragraph = container.add_paragraph()
    side = Mm(max(0.0, (column_mm - width_mm) / 2))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def widths(grid: Any, sizes: list[Any]) -> None:
    """Fixed column widths (LibreOffice reads the grid, Word the cells): no autofit."""
    grid.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    grid._tbl.tblPr.append(layout)
    for column, size in zip(grid.columns, sizes, strict=True):
        column.width = size
        for cell in column.cells:
            cell.width = size


def _cell(table: Any, row: int, column: int, width: Any) -> Any:
    cell = table.cell(row, column)
    cell.width = width
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def place_and_date(place: str, day: date | None, year: int | None = None) -> str:
    """ "Hà Giang, ngày 05 tháng 12 năm 2024"; months 1 and 2 with a leading 0, a draft's
    day and month left blank for the clerk."""
    if day is None:
        blank = "\u00a0" * 5
        return f"{place}, ngày{blank}tháng{blank}năm {year or ''}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def header_block(document: Any, report: Any) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, [_LEFT, _RIGHT])
    left = _cell(table, 0, 0, _LEFT)
    if report.parent_body:
        para(left, report.parent_body.upper(), SIZES["body_name"])
    for line in body_lines(report.issuing_body):
        para(left, line, SIZES["body_name"], bold=True)
    rule(left, 22, 62)
    right = _cell(table, 0, 1, _RIGHT)
    para(right, NATIONAL_TITLE, SIZES["national_title"], bold=True)
    para(right, MOTTO, SIZES["motto"], bold=True)
    rule(right, 64, 103)
    number = _cell(table, 1, 0, _LEFT)
    para(number, f"Số: {report.number_and_symbol}", SIZES["number"], after=6)
    when = _cell(table, 1, 1, _RIGHT)
    para(
        when,
        place_and_date(report.place, report.issued_on, timezone.localdate().year),
        SIZES["place_date"],
        italic=True,
    )


def body_lines(name: str) -> list[str]:
    """The issuing body in capitals, "ỦY BAN NHÂN DÂN" on its own line as it is printed."""
    text = name.upper()
    for head in ("ỦY BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN "):
        if text.startswith(head):
            return [head.strip(), text.removeprefix(head)]
    return [text]


def title_block(document: Any, report: Any) -> None:
    para(document, "", after=6)
    para(document, "BÁO CÁO", SIZES["type"], bold=True)
    para(document, report.summary, SIZES["summary"], bold=True)
    rule(document, 40, PAGE["width"] - PAGE["left"] - PAGE["right"])
    para(document, "", after=6)


def heading(document: Any, text: str) -> None:
    para(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)


def body(document: Any, text: str) -> None:
    """Paragraphs of the body (one per line of ``text``): justified, first line indented."""
    for line in (text or "").splitlines():
        if line.strip():
            para(document, line.strip(), align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)


def table(
    document: Any, headers: list[str], rows: Iterable[list[Any]], widths_mm: list[int]
) -> None:
    """A bordered table in 12 pt, its header bold and repeated on each page."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cells in ([headers], rows):
        for values in cells:
            row = grid.rows[0] if values is headers else grid.add_row()
            for cell, value in zip(row.cells, values, strict=True):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.line_spacing = 1.0
                run = paragraph.add_run("" if value is None else str(value))
                run.font.size, run.bold = Pt(SIZES["table"]), values is headers
    widths(grid, [Mm(width) for width in widths_mm])
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    para(document, "", after=6)


def signature_block(document: Any, report: Any) -> None:
    para(document, "", after=6)
    grid = document.add_table(rows=1, cols=2)
    widths(grid, [Mm(80), Mm(85)])
    recipients = _cell(grid, 0, 0, Mm(80))
    para(recipients, "Nơi nhận:", SIZES["recipients_head"], True, True, WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipient_lines(report.recipients):
        para(recipients, line, SIZES["recipients"], align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = _cell(grid, 0, 1, Mm(85))
    for line in report.signer_authority.splitlines():
        para(signer, line.strip().upper(), SIZES["signer"], bold=True)
    para(signer, report.signer_title.upper(), SIZES["signer"], bold=True)
    for _n in range(4):
        para(signer, "")
    para(signer, report.signer_name, SIZES["signer"], bold=True)


def recipient_lines(text: str) -> list[str]:
    """Each recipient on its line, starting "- ", ending ";" and the last one "."."""
    names = [line.strip().lstrip("-").strip().rstrip(";.") for line in (text or "").splitlines()]
    names = [name for name in names if name]
    return [f"- {name}{'.' if n == len(names) - 1 else ';'}" for n, name in enumerate(names)]


def build(report: Any, snapshot: dict, write_body: Any) -> bytes:
    """The DOCX bytes: the frame of Phụ lục I around ``write_body(document, snapshot)``."""
    document = Document()
    setup(document)
    header_block(document, report)
    title_block(document, report)
    write_body(document, report, snapshot)
    signature_block(document, report)
    core = document.core_properties
    core.title, core.author = report.summary, report.issuing_body
    buffer = BytesIO()
    document.save(buffer)
    return dated_once(buffer.getvalue())


#: Every part of a document is dated this (the earliest a zip can say): a report written
#: again from its snapshot is the same bytes, whatever the clock says (the zip's parts were
#: dated when written, to two seconds, and two writes straddling one differed).
PART_DATE = (1980, 1, 1, 0, 0, 0)


def dated_once(data: bytes) -> bytes:
    """The zip ``data`` with every part dated ``PART_DATE``, in the same order."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=PART_DATE)
            part.compress_type = zipfile.ZIP_DEFLATED
            part.external_attr = info.external_attr
            target.writestr(part, source.read(info))
    return out.getvalue()


def roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1]


def sections_heading(n: int, title: str) -> str:
    return f"{roman(n)}. {title.upper()}"
