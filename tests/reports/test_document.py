"""The report as a document: its text read back from the DOCX (python-docx) and the PDF
(pdftotext), and the page set-up of Phụ lục I."""

import shutil
import subprocess

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Pt

from tests.reports.conftest import AS_OF
from xuctien.reports import services
from xuctien.reports.document import MOTTO, NATIONAL_TITLE
from xuctien.reports.models import Report

pytestmark = pytest.mark.django_db


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def rows_of(document, header: str) -> list[list[str]]:
    for table in document.tables:
        if table.rows[0].cells[1].text == header:
            return [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table headed {header!r}")


@pytest.fixture
def report_docx(programme, indicators, tasks, secretariat, tmp_path, monkeypatch):
    """``xuctien report NQ01 2024 --format docx``, as of 01/03/2025."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: AS_OF)
    path = tmp_path / "report.docx"
    call_command("report", "NQ01", "2024", "--format", "docx", "-o", str(path), "--number", "5")
    return Document(str(path))


def test_the_report_holds_title_motto_number_indicators_and_tasks(report_docx):
    text = text_of(report_docx)
    assert NATIONAL_TITLE in text
    assert MOTTO == "Độc lập - Tự do - Hạnh phúc"
    assert MOTTO in text
    assert "Số: 05/BC-UBND" in text
    assert "Quảng Ninh, ngày 01 tháng 3 năm 2025" in text
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện Nghị quyết số 01-NQ/TU năm 2024" in text
    assert (
        "Tỷ trọng CN chế biến, chế tạo trong GRDP năm 2024 đạt 12,43%, thấp hơn 1,57 điểm "
        "phần trăm so với lộ trình (14%); mục tiêu đến năm 2025 là 15%. Đánh giá: chậm tiến độ."
    ) in text
    assert "Số doanh nghiệp chế biến, chế tạo: chưa có số liệu được duyệt năm 2024" in text
    indicators = rows_of(report_docx, "Chỉ tiêu")
    # In the dashboard's order (by code within the breakthrough).
    assert [row[1] for row in indicators] == [
        "Số doanh nghiệp chế biến, chế tạo",
        "Tỷ trọng CN chế biến, chế tạo trong GRDP",
    ]
    assert indicators[0][5] == "Chưa có số liệu"
    assert indicators[1][2:6] == ["15% (2025)", "14%", "12,43%", "Chậm tiến độ"]
    assert "Nơi nhận:" in text
    assert "- Lưu: VT." in text


def test_the_task_table_counts_by_agency_and_leaves_synthetic_tasks_out(report_docx):
    tasks = rows_of(report_docx, "Cơ quan chủ trì")
    # agency, due, done, on time, late, overdue, not yet due
    assert [row[1:] for row in tasks] == [
        ["Sở Xây dựng", "1", "1", "1", "0", "0", "0"],
        ["Sở Công Thương", "3", "2", "1", "1", "1", "0"],
    ]
    text = text_of(report_docx)
    assert "có 4 lượt nhiệm vụ đến hạn: hoàn thành 3 (2 đúng hạn, 1 trễ hạn), quá hạn 1" in text
    assert "1 lượt nhiệm vụ minh họa (dữ liệu giả lập) không được tính." in text


def test_the_page_is_a4_with_the_margins_and_fonts_of_phu_luc_i(report_docx):
    section = report_docx.sections[0]

    def mm(length):  # stored in twips: 210 mm is 11906 twips, 209.99 mm
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    normal = report_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(f"{{{fonts.nsmap['w']}}}{k}") for k in ("ascii", "hAnsi", "eastAsia")} == {
        "Times New Roman"
    }
    sizes = {}
    for table in report_docx.tables[:1]:
        for paragraph in (p for cell in table._cells for p in cell.paragraphs):
            for run in paragraph.runs:
                sizes[run.text] = (run.font.size, run.bold, run.italic)
    assert sizes[NATIONAL_TITLE] == (Pt(12), True, False)
    assert sizes[MOTTO] == (Pt(14), True, False)
    assert sizes["Số: 05/BC-UBND"] == (Pt(13), False, False)
    assert sizes["Quảng Ninh, ngày 01 tháng 3 năm 2025"] == (Pt(14), False, True)
    # Page numbers from page 2, centred in the top margin: none on the first page.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_an_agencys_own_report_lists_its_tasks(programme, tasks, agency, tmp_path, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: AS_OF)
    path = tmp_path / "agency.docx"
    call_command("report", "NQ01", "2024", "--agency", "SCT", "-o", str(path), "--number", "3")
    document = Document(str(path))
    text = text_of(document)
    assert "Số: 03/BC-SCT" in text
    assert "SỞ CÔNG THƯƠNG" in text
    assert "KT. GIÁM ĐỐC" in text
    results = [row[5] for row in rows_of(document, "Nhiệm vụ")]
    assert results == ["Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Quá hạn"]


def test_a_bad_period_is_refused_with_the_forms_it_accepts(programme, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2024-Q2"):
        call_command("report", "NQ01", "2024-Q9", "-o", str(tmp_path / "x.docx"))


def _times_font() -> bool:
    """Times New Roman, or Liberation Serif 2 (1.x lacks Vietnamese letters): fonts-liberation2."""
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    return "liberation2/LiberationSerif" in listed or "Times New Roman" in listed


needs_pdf = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None or not _times_font(),
    reason="LibreOffice, pdftotext or fonts-liberation2 missing here (.ci/run installs them)",
)


@needs_pdf
def test_the_pdf_holds_the_same_text(programme, indicators, tasks, tmp_path, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: AS_OF)
    path = tmp_path / "report.pdf"
    call_command("report", "NQ01", "2024", "--format", "pdf", "-o", str(path), "--number", "5")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert NATIONAL_TITLE in flat
    assert MOTTO in flat
    assert "Số: 05/BC-UBND" in flat
    for words in ("Chậm tiến độ", "Chưa có số liệu", "Sở Công Thương", "Sở Xây dựng"):
        assert words in flat
    assert "Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì" in flat
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    # Every letter in the Times-compatible font: no fallback font for a Vietnamese letter.
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts.splitlines()[2:]}
    assert names <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRoman"}, names


def test_the_draft_preview_leaves_the_number_and_day_blank(programme, secretariat):
    report = services.create_draft(secretariat, programme, "2024-H1")
    assert report.number_and_symbol.endswith("/BC-UBND")
    assert report.number is None
    assert report.summary == "Kết quả thực hiện Nghị quyết số 01-NQ/TU 6 tháng đầu năm 2024"
    text = text_of(Document(__import__("io").BytesIO(services.render_docx(report))))
    assert "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-UBND" in text
    assert Report.objects.get().status == "draft"
