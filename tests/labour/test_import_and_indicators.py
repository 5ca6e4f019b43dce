"""The survey workbook (all or nothing, an error per row) and the indicators' bounds."""

import io

from django.urls import reverse
from openpyxl import Workbook

from tests.investments.factories import ProjectFactory
from tests.labour.conftest import YEAR
from xuctien.labour import indicators
from xuctien.labour.models import Channel, JobsReport, Need
from xuctien.programmes.assessment import Bound


def workbook(*rows):  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Doanh nghiệp", "Mã nghề", "Trình độ", "Số lượng", "Năm", "Quý", "Chuyên gia nước ngoài"]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "khao-sat.xlsx"
    return buffer


def test_the_survey_imports_every_row(client, labour, company, occupations, officer):
    client.force_login(officer)
    file = workbook(
        [company.name, "72", "intermediate", 40, YEAR, 1, "có"],
        [company.name, "72", "College", 10, YEAR, None, None],
    )
    response = client.post(reverse("labour:need-import"), {"file": file})
    assert response.status_code == 302
    needs = Need.objects.order_by("number")
    assert [(n.level, n.number, n.foreign_experts, n.channel) for n in needs] == [
        ("college", 10, False, Channel.SURVEY),
        ("intermediate", 40, True, Channel.SURVEY),
    ]


def test_one_bad_row_imports_nothing_and_each_error_names_its_row(
    client, labour, company, occupations, officer
):
    client.force_login(officer)
    file = workbook(
        [company.name, "72", "intermediate", 40, YEAR, 1, None],
        ["Công ty không có", "72", "intermediate", 5, YEAR, 1, None],
        [company.name, "99", "intermediate", 0, YEAR, 7, None],
    )
    response = client.post(reverse("labour:need-import"), {"file": file})
    assert response.status_code == 400
    assert not Need.objects.exists()
    page = response.content.decode()
    assert "Dòng 3:" in page
    assert "Công ty không có" in page
    assert "Dòng 4:" in page
    assert "“99”" in page


def test_a_file_that_is_not_a_workbook_is_refused_in_words(client, labour, officer):
    client.force_login(officer)
    file = io.BytesIO(b"not a workbook")
    file.name = "x.xlsx"
    response = client.post(reverse("labour:need-import"), {"file": file})
    assert response.status_code == 400
    assert (
        "không phải" in response.content.decode().lower()
        or "excel" in response.content.decode().lower()
    )


def test_new_jobs_are_a_lower_bound_until_every_project_reports(db):
    reporting = ProjectFactory(name="Nhà máy A")
    silent = ProjectFactory(name="Nhà máy B")
    JobsReport.objects.create(project=reporting, year=2024, workers=100)
    JobsReport.objects.create(project=reporting, year=2025, quarter=2, workers=130)
    JobsReport.objects.create(project=reporting, year=2025, quarter=4, workers=180)
    projects = type(reporting).objects.filter(pk__in=[reporting.pk, silent.pk])
    # 2024: the first report counts in full; 2025: 180 − 100 = 80 (the latest report)
    assert indicators.new_jobs(projects) == {2024: Bound.at_least(100), 2025: Bound.at_least(80)}
    JobsReport.objects.create(project=silent, year=2025, workers=20)
    assert indicators.new_jobs(projects)[2025] == Bound.exact(100)


def test_the_skilled_share_is_an_estimate_from_a_sample(db):
    a, b = ProjectFactory(name="A"), ProjectFactory(name="B")
    JobsReport.objects.create(project=a, year=2025, workers=200, skilled_workers=150)
    projects = type(a).objects.filter(pk__in=[a.pk, b.pk])
    assert indicators.skilled_share(projects) == {2025: Bound.about(75)}
    JobsReport.objects.create(project=b, year=2025, workers=300, skilled_workers=100)
    assert indicators.skilled_share(projects) == {2025: Bound.exact(50)}  # 250 / 500


def test_jobs_lines_keep_unknown_figures_unknown(db):
    from xuctien.labour.jobs import lines, with_reported

    known = ProjectFactory(name="A", jobs_planned=400)
    unknown = ProjectFactory(name="B", jobs_planned=None, zone=known.zone, sector=known.sector)
    JobsReport.objects.create(project=known, year=2025, quarter=1, workers=100)
    JobsReport.objects.create(project=known, year=2025, quarter=3, workers=300)
    projects = type(known).objects.filter(pk__in=[known.pk, unknown.pk]).order_by("name")
    found = lines(with_reported(projects))
    a, b = found["projects"]
    assert (a.planned, a.reported, a.share) == (400, 300, 75)
    assert (b.planned, b.reported, b.share) == (None, None, None)
    [zone] = found["zones"]
    assert (zone.planned, zone.unknown_planned, zone.reported, zone.share) == (400, 1, 300, None)


def test_the_jobs_page_pages_its_projects_and_sums_zones_over_all_of_them(client, secretariat):
    import datetime as dt

    from tests.factories import ProvinceFactory, ZoneFactory
    from xuctien.labour import views

    zone = ZoneFactory(code="KCN-JOBS", name_vi="KCN Việc làm")
    irc = dt.date(2024, 5, 1)
    for n in range(views.JOBS_PAGE + 1):  # one more than a page: 51 projects of 10 jobs
        project = ProjectFactory(name=f"P{n:03}", zone=zone, jobs_planned=10, irc_date=irc)
        if n < 3:
            JobsReport.objects.create(project=project, year=2025, workers=4)
    elsewhere = ProvinceFactory(code="HP", slug="hai-phong", name_vi="TP Hải Phòng")
    ProjectFactory(name="Dự án Hải Phòng", province=elsewhere, jobs_planned=999, irc_date=irc)
    client.force_login(secretariat)

    first = client.get(reverse("labour:jobs")).content.decode()
    last = client.get(reverse("labour:jobs"), {"page": 2}).content.decode()

    assert "P000" in first
    assert "P050" not in first
    assert "P050" in last
    assert "Dự án Hải Phòng" not in first + last  # another province's project
    zones = first[first.index('id="jobs-zones-table"') :]
    row = zones[zones.index("KCN Việc làm") : zones.index("</tr>", zones.index("KCN Việc làm"))]
    # 51 × 10 planned, 3 × 4 reported, 3 of 51 projects reporting
    assert ">510<" in row.replace("\u202f", "").replace(".", "")
    assert "3/51" in row
