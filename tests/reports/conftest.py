"""A small programme with hand-computed figures, and tasks due in 2024.

Indicator "Tỷ trọng CN chế biến, chế tạo trong GRDP" (%): baseline 10 in 2020, target 15 in
2025 (a level, higher is better), so the path is 10 + (15 - 10) * 4 / 5 = 14 in 2024; the
2024 figure 12.43 is 1.57 points below it, 11.2% short (more than the 10% tolerance): off
track. A second indicator has no figure at all ("no data").

Tasks of 2024 led by the officer's agency (SCT): one done on time, one done late, one
overdue; one led by the other agency (SXD) done on time; one synthetic (never counted).
"""

from datetime import date
from decimal import Decimal

import pytest

from tests.actions.factories import TaskFactory
from tests.factories import (
    BaselineFactory,
    BreakthroughFactory,
    IndicatorFactory,
    ObservationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
)
from xuctien.actions.models import Occurrence

AS_OF = date(2025, 3, 1)


@pytest.fixture
def programme(db):
    ProvinceFactory()
    return ProgrammeFactory()


@pytest.fixture
def indicators(programme):
    breakthrough = BreakthroughFactory(programme=programme, name_vi="Tỷ trọng chế biến, chế tạo")
    share = IndicatorFactory(
        programme=programme,
        breakthrough=breakthrough,
        code="MFG_SHARE",
        name_vi="Tỷ trọng CN chế biến, chế tạo trong GRDP",
        name_en="Manufacturing share of GRDP",
        unit="%",
    )
    BaselineFactory(indicator=share, year=2020, value=Decimal("10"))
    TargetFactory(indicator=share, start_year=2021, year=2025, value=Decimal("15"))
    ObservationFactory(indicator=share, period="2024", value=Decimal("12.43"))
    empty = IndicatorFactory(
        programme=programme,
        breakthrough=breakthrough,
        code="MFG_FIRMS",
        name_vi="Số doanh nghiệp chế biến, chế tạo",
        name_en="Manufacturing firms",
        unit="doanh nghiệp",
        unit_en="firms",
    )
    TargetFactory(indicator=empty, start_year=2021, year=2025, value=Decimal("500"))
    return share, empty


def _task(programme, agency, due, completed=None, synthetic=False):
    task = TaskFactory(
        programme=programme,
        lead_agency=agency,
        start_date=date(2024, 1, 2),
        deadline=due,
        is_synthetic=synthetic,
    )
    status = "not_started"
    if completed is not None:
        status = "done" if completed <= due else "done_late"
    Occurrence.objects.filter(task=task).update(status=status, completed_at=completed)
    return task


@pytest.fixture
def tasks(programme, agency, other_agency):
    return [
        _task(programme, agency, date(2024, 3, 31), completed=date(2024, 3, 20)),
        _task(programme, agency, date(2024, 6, 30), completed=date(2024, 7, 10)),
        _task(programme, agency, date(2024, 9, 30)),
        _task(programme, other_agency, date(2024, 12, 31), completed=date(2024, 12, 1)),
        _task(programme, agency, date(2024, 5, 31), synthetic=True),
    ]


@pytest.fixture
def no_pdf(monkeypatch):
    """Issue without LibreOffice: the PDF's bytes stand in (the PDF is tested on its own)."""
    from xuctien.reports import services

    monkeypatch.setattr(services.pdf, "convert", lambda docx: b"%PDF-1.4 stand-in")
