"""Factories for the action programme's records."""

from datetime import date
from io import BytesIO

import factory
from factory.django import DjangoModelFactory
from openpyxl import Workbook

from tests.factories import AgencyFactory
from xuctien.actions.models import Occurrence, Task


class TaskFactory(DjangoModelFactory):
    """A one-off task with its single occurrence (as ``services.create_task`` would make)."""

    class Meta:
        model = Task
        skip_postgeneration_save = True

    title_vi = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    title_en = factory.Sequence(lambda n: f"Task {n}")
    lead_agency = factory.SubFactory(AgencyFactory)
    province = factory.LazyAttribute(lambda o: o.lead_agency.province)
    start_date = date(2025, 1, 2)
    deadline = date(2025, 6, 30)
    is_synthetic = True

    @factory.post_generation
    def occurrence(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and not self.occurrences.exists():
            Occurrence.objects.create(task=self, period_label="", due_date=self.deadline)


PLAN_HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
               "Sản phẩm"]  # fmt: skip


def plan_workbook(rows: list[list]) -> BytesIO:
    """An action plan in the usual annex layout: a title line, the header, then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.append(["KẾ HOẠCH THỰC HIỆN"])
    sheet.append(PLAN_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "ke-hoach.xlsx"
    return buffer
