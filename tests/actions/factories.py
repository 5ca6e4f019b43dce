"""Factories for the action programme's records."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

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
    start_date = date(2025, 1, 2)
    deadline = date(2025, 6, 30)
    is_synthetic = True

    @factory.post_generation
    def occurrence(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and not self.occurrences.exists():
            Occurrence.objects.create(task=self, period_label="", due_date=self.deadline)
