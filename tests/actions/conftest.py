"""Shared records for the action programme's tests."""

from datetime import date

import pytest

from tests.actions.factories import TaskFactory
from xuctien.actions import services
from xuctien.actions.models import Task


@pytest.fixture
def own_task(agency, other_agency, secretariat):
    """A task led by the officer's agency (SCT), coordinated by the other agency (SXD)."""
    task = Task(
        title_vi="Rà soát quỹ đất KCN",
        title_en="Review industrial land",
        lead_agency=agency,
        start_date=date(2025, 1, 2),
        deadline=date(2025, 6, 30),
        is_synthetic=True,
    )
    return services.create_task(secretariat, task, [other_agency], today=date(2025, 3, 1))


@pytest.fixture
def other_task(other_agency):
    """A task led by the other agency."""
    return TaskFactory(lead_agency=other_agency, title_vi="Nhiệm vụ của Sở Xây dựng")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def scope(db):
    """The province whose plans are imported (its name is stripped from agency names)."""
    from tests.factories import ProvinceFactory

    return ProvinceFactory()
