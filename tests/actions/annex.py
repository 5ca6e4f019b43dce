"""An action-plan annex laid out as provincial offices lay them out, written as real files.

``python -m tests.actions.annex`` (from the worktree, with LibreOffice's ``soffice``) writes
``tests/actions/files/annex.{xlsx,xls,ods,docx}``: the .xlsx and .docx by openpyxl and
python-docx, the .xls and .ods converted from the .xlsx by LibreOffice, as an office would
save them. The files are committed, so the tests need no LibreOffice.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"
WIDTH = 7

TITLE = [
    ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    ["PHỤ LỤC"],
    ["DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT SỐ 01-NQ/TU NĂM 2025"],
    ["(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/02/2025 của UBND tỉnh)"],
    [],
]
HEADER = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Ghi chú",
]
NUMBERS = [f"({n})" for n in range(1, WIDTH + 1)]
BODY = [
    ["I", "QUY HOẠCH, QUỸ ĐẤT CÔNG NGHIỆP"],
    [
        "1",
        "Rà soát quỹ đất khu công nghiệp",
        "Ban QLKKT",
        "Sở NN&MT; UBND các địa phương",
        "Quý II/2025",
        "Báo cáo rà soát",
    ],
    [
        "1.1",
        "Cập nhật danh mục dự án kêu gọi đầu tư",
        "Ban Xúc tiến và Hỗ trợ đầu tư",
        "Sở Tài chính và Sở Xây dựng",
        "30/9/2025",
        "Danh mục dự án",
    ],
    ["II.", "HẠ TẦNG VÀ NGUỒN NHÂN LỰC"],
    ["2", "Báo cáo tình hình thu hút đầu tư", "Sở KH&ĐT", "Ban QLKKT", "Hằng quý", "Báo cáo quý"],
    [
        "3",
        "Kế hoạch đào tạo nghề cho lao động KCN",
        "Sở Nội vụ",
        "Sở Ngoại vụ",
        "Trước 15/12 hằng năm",
        "Kế hoạch năm",
    ],
    ["III", "CẢI CÁCH HÀNH CHÍNH, MÔI TRƯỜNG KINH DOANH"],
    [
        "4",
        "Hỗ trợ nhà đầu tư tháo gỡ khó khăn",
        "Ban Xúc tiến và Hỗ trợ đầu tư tỉnh Quảng Ninh",
        "Các sở, ngành",
        "Thường xuyên",
        None,
        "Báo cáo cùng báo cáo định kỳ",
    ],
    [
        "5",
        "Báo cáo tiến độ giải phóng mặt bằng",
        "Sở NN&MT",
        "Sở Xây dựng, Sở Nội vụ",
        "Trước ngày 20 tháng cuối quý",
        "Báo cáo",
    ],
    [
        "6",
        "Sơ kết thực hiện Nghị quyết",
        "UBND tỉnh",
        "Sở Tài chính",
        "2025–2026",
        "Báo cáo sơ kết",
    ],
    [],
    ["Ghi chú: các cơ quan chủ trì gửi báo cáo về Sở Tài chính để tổng hợp."],
]


def rows() -> list[list]:
    return [*TITLE, HEADER, NUMBERS, *BODY]


def write_xlsx(path: Path, table: list[list] | None = None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    for row in table or rows():
        sheet.append(row)
    if table is not None and table[: len(TITLE)] != TITLE:
        book.save(path)
        return
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:G1")
    sheet.merge_cells("D2:G2")
    for number in (3, 4, 5):
        sheet.merge_cells(f"A{number}:G{number}")
    for index, row in enumerate(table or rows(), start=1):  # group and notes rows
        if len(row) <= 2 and index > len(TITLE) + 2 and row:
            sheet.merge_cells(f"B{index}:G{index}" if len(row) == 2 else f"A{index}:G{index}")
    book.save(path)


def write_docx(path: Path, table: list[list] | None = None) -> None:
    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "PHỤ LỤC", TITLE[3][0], TITLE[4][0]):
        document.add_paragraph(line)
    body = [HEADER, NUMBERS, *BODY] if table is None else table
    grid = document.add_table(rows=len(body), cols=WIDTH)
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            if value is not None:
                grid.cell(r, c).text = str(value)
        if len(row) == 2:  # a group row: the title spans the other columns
            merged = grid.cell(r, 1).merge(grid.cell(r, WIDTH - 1))
            merged.text = row[1]
        if len(row) == 1:
            grid.cell(r, 0).merge(grid.cell(r, WIDTH - 1)).text = row[0]
    document.save(path)


def convert(source: Path, extension: str) -> Path:
    """Save ``source`` as .xls or .ods with LibreOffice, as an office would."""
    with tempfile.TemporaryDirectory() as home:
        subprocess.run(
            [
                "soffice",
                "--headless",
                "--norestore",
                "--convert-to",
                extension,
                "--outdir",
                str(source.parent),
                str(source),
            ],
            check=True,
            capture_output=True,
            env={"HOME": home, "PATH": "/usr/bin:/bin"},
            timeout=180,
        )
    return source.with_suffix(f".{extension}")


def main() -> None:
    FILES.mkdir(exist_ok=True)
    write_xlsx(FILES / "annex.xlsx")
    write_docx(FILES / "annex.docx")
    for extension in ("xls", "ods"):
        convert(FILES / "annex.xlsx", extension)
    print("\n".join(sorted(str(p) for p in FILES.iterdir())), file=sys.stdout)


if __name__ == "__main__":
    main()
