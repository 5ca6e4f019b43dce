"""Every role against every labour write and every read of enterprises' needs.

Y: allowed and done; -: refused, nothing written or shown.
"""

import pytest
from django.urls import reverse

from tests.investments.factories import InvestorFactory
from tests.labour.conftest import YEAR
from xuctien.actions.models import Task
from xuctien.labour.models import Need

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

MATRIX = {
    #               add need  edit another's need  read another's need  make a gap task
    "anonymous": ("-", "-", "-", "-"),
    "secretariat": ("Y", "Y", "Y", "Y"),
    "leader": ("-", "-", "Y", "-"),
    "officer": ("Y", "Y", "Y", "-"),
    "developer": ("-", "-", "-", "-"),
    "company_account": ("Y", "-", "-", "-"),
}


@pytest.fixture
def someone_elses_need(province, occupations):
    return Need.objects.create(
        province=province, enterprise=InvestorFactory(name="Công ty khác"),
        occupation=occupations["72"], level="intermediate", number=200, year=YEAR,
    )  # fmt: skip


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_the_labour_matrix(client, request, persona, labour, company, someone_elses_need):
    add, edit, read, task = MATRIX[persona]
    user = request.getfixturevalue(persona) if persona != "anonymous" else None
    if user is not None:
        client.force_login(user)
    before = Need.objects.count()
    client.post(reverse("labour:need-add"), {
        "enterprise": company.pk, "occupation": someone_elses_need.occupation.pk,
        "level": "college", "number": 5, "year": YEAR,
    })  # fmt: skip
    assert (Need.objects.count() == before + 1) == (add == "Y")

    url = reverse("labour:need-edit", args=[someone_elses_need.pk])
    need = someone_elses_need
    data = {
        "enterprise": need.enterprise_id, "occupation": need.occupation.pk,
        "level": "intermediate", "number": 999, "year": YEAR, "version": need.version,
    }  # fmt: skip
    client.post(url, data)
    someone_elses_need.refresh_from_db()
    assert (someone_elses_need.number == 999) == (edit == "Y")

    listed = client.get(reverse("labour:need-list"))
    assert (f'data-need="{someone_elses_need.pk}"' in listed.content.decode()) == (read == "Y")

    client.post(
        reverse("labour:gap-task"), {"occupation": "7", "level": "intermediate", "year": YEAR}
    )
    assert Task.objects.exists() == (task == "Y")
