"""The developer's Excel sheet, used as a developer does: download it from the report page,
fill column C and the plots in a spreadsheet program, upload it back.

The files are real workbooks: the one the page serves, filled with openpyxl (as Excel
would save it), and the same file once more after LibreOffice has opened and saved it.
An import is all or nothing, with an error per bad row, in the user's language.
"""

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import ProvinceFactory, UserFactory, ZoneFactory
from tests.investments.factories import SectorFactory
from xuctien.core.roles import Role
from xuctien.sites.models import Plot, SiteReport, State

pytestmark = pytest.mark.django_db
URL = reverse("sites:zone-report", args=["KCN-DONGMAI"])


@pytest.fixture
def developer_client(client):
    ProvinceFactory()
    zone = ZoneFactory(code="KCN-DONGMAI", name_vi="KCN Đông Mai", status="operating")
    client.force_login(UserFactory(username="dongmai", role=Role.DEVELOPER, zone=zone))
    return client


def downloaded(client) -> "object":
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def fill(book, values: dict[str, object], plots: list[list[object]]) -> bytes:
    """Put ``values`` in column C of the rows whose column A holds the key, append plots."""
    figures = book["Figures"]
    keys = {}
    for row in figures.iter_rows(min_row=1):
        if row[0].value:
            keys[row[0].value] = row[0].row
    for key, value in values.items():
        figures.cell(row=keys[key], column=3, value=value)
    sheet = book["Plots"]
    for plot in plots:
        sheet.append(plot)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "dong-mai.xlsx", **extra):
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(URL, {"import": "1", "file": file}, **extra)


GOOD = {
    "as_of": "2026-06-30",
    "source_url": "Báo cáo của chủ đầu tư KCN Đông Mai, 30/6/2026",
    "available_ha": 12.5,
    "occupancy_pct": 86.05,
    "power_kv": 110,
    "sectors": "26, 27",
}
PLOTS = [["CN-01", 2.5, "available", 85], ["CN-02", 4, "leased", None]]


def test_the_downloaded_sheet_filled_by_the_developer_imports_into_the_draft(developer_client):
    SectorFactory(code="26", level="division", section="C", name_vi="Điện tử")
    SectorFactory(code="27", level="division", section="C", name_vi="Thiết bị điện")
    book = downloaded(developer_client)
    # what the page serves: keys in A, labels in B, nothing filled in C yet
    assert book.sheetnames == ["Figures", "Plots"]
    response = upload(developer_client, fill(book, GOOD, PLOTS))

    assert response.status_code == 302
    report = SiteReport.objects.get(zone__code="KCN-DONGMAI")
    assert report.state == State.DRAFT  # a draft: nothing published by an import
    assert report.available_ha == Decimal("12.50")
    assert report.occupancy_pct == Decimal("86.05")
    assert report.power_kv == 110
    assert report.as_of.isoformat() == "2026-06-30"
    assert sorted(s.code for s in report.sectors.all()) == ["26", "27"]
    assert [(p.code, p.area_ha, p.status, p.price_usd_m2) for p in report.plots.all()] == [
        ("CN-01", Decimal("2.50"), "available", Decimal("85.00")),
        ("CN-02", Decimal("4.00"), "leased", None),
    ]
    # and the sheet downloaded again carries what was imported
    again = downloaded(developer_client)
    values = {row[0].value: row[2].value for row in again["Figures"].iter_rows() if row[0].value}
    assert values["available_ha"] == 12.5
    assert [r[0].value for r in again["Plots"].iter_rows(min_row=2)] == ["CN-01", "CN-02"]


def test_a_sheet_with_bad_rows_imports_nothing_and_names_each_row_in_vietnamese(
    developer_client,
):
    book = downloaded(developer_client)
    bad = dict(GOOD, occupancy_pct=150, power_kv="nhiều")
    del bad["sectors"]
    content = fill(book, bad, [["CN-01", 2, "available", 80], ["CN-02", "hai", "leased", None],
                               ["CN-03", 1, "sold", None]])  # fmt: skip
    rows = {row[0].value: row[0].row for row in book["Figures"].iter_rows() if row[0].value}

    response = upload(developer_client, content)

    assert response.status_code == 400
    assert not SiteReport.objects.exists()
    assert not Plot.objects.exists()
    text = response.content.decode()
    assert "Chưa nhập được gì:" in text
    assert f"trang Figures, dòng {rows['occupancy_pct']}:" in text
    assert f"trang Figures, dòng {rows['power_kv']}:" in text
    assert "trang Plots, dòng 3:" in text  # area "hai" is not a number
    assert "trang Plots, dòng 4:" in text  # status "sold" is not one of the choices
    assert "trang Plots, dòng 2" not in text  # the good plot is not blamed
    assert "row" not in text.split("Chưa nhập được gì:")[1].split("</ul>")[0]


def test_the_errors_are_in_english_for_an_english_reader(developer_client):
    book = downloaded(developer_client)
    content = fill(book, dict(GOOD, occupancy_pct=150, sectors=""), [])
    response = developer_client.post(
        URL + "?lang=en",
        {"import": "1", "file": SimpleUploadedFile("x.xlsx", content)},
    )
    assert response.status_code == 400
    assert "Nothing was imported:" in response.content.decode()
    assert "sheet Figures, row" in response.content.decode()


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(developer_client):
    response = upload(developer_client, b"plot,area\nCN-01,2\n", name="plots.csv")
    assert response.status_code == 400
    assert "Chưa nhập được gì:" in response.content.decode()
    assert not SiteReport.objects.exists()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_the_sheet_saved_by_libreoffice_imports_the_same(developer_client, tmp_path: Path):
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill(downloaded(developer_client), dict(GOOD, sectors=""), PLOTS))
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = (out / "filled.xlsx").read_bytes()
    assert saved != filled.read_bytes()  # LibreOffice wrote its own file

    response = upload(developer_client, saved)

    assert response.status_code == 302, response.content.decode()[-2000:]
    report = SiteReport.objects.get()
    assert report.available_ha == Decimal("12.50")
    assert report.occupancy_pct == Decimal("86.05")
    assert report.as_of.isoformat() == "2026-06-30"
    assert report.plots.count() == 2
