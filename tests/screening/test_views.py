"""The screening's pages as the secretariat, an agency officer and leadership use them."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from xuctien.core.roles import Role
from xuctien.screening import services
from xuctien.screening.models import CriteriaSet, Screening


def test_the_officer_screens_a_dossier_and_confirms_with_the_project_page_showing_it(
    client, criteria, promoter, dossier
):
    client.force_login(promoter)
    page = client.get(reverse("investments:project-detail", args=[dossier.pk]))
    assert b'id="screening"' in page.content
    assert b'data-criterion="capital_per_ha" data-status="no_norm"' in page.content
    response = client.post(reverse("screening:project", args=[dossier.pk]))
    assert response.status_code == 302
    screening = Screening.objects.get()
    url = reverse("screening:decision-edit", args=[screening.pk])
    refused = client.post(url, {"decision": "overridden", "recommendation": "recommend",
                                "reason": "", "version": screening.version})  # fmt: skip
    assert refused.status_code == 400
    assert "Ghi rõ lý do không theo khuyến nghị" in refused.content.decode()
    done = client.post(url, {"decision": "overridden", "recommendation": "recommend",
                             "reason": "Dự án ưu tiên", "version": screening.version})  # fmt: skip
    assert done.status_code == 302
    screening.refresh_from_db()
    assert (screening.decision, screening.recommendation) == ("overridden", "recommend")
    page = client.get(reverse("screening:project", args=[dossier.pk]))
    assert "Dự án ưu tiên" in page.content.decode()


def test_leadership_reads_and_cannot_screen_or_decide(client, criteria, promoter, leader, dossier):
    screening = services.screen(promoter, dossier)
    client.force_login(leader)
    assert client.get(reverse("screening:project", args=[dossier.pk])).status_code == 200
    client.post(reverse("screening:project", args=[dossier.pk]))
    assert Screening.objects.count() == 1
    assert client.get(reverse("screening:decision-edit", args=[screening.pk])).status_code == 403
    assert client.get(reverse("screening:facts-edit", args=[dossier.pk])).status_code == 403
    assert client.get(reverse("screening:analytics")).status_code == 200
    assert client.get(reverse("screening:criteria-edit")).status_code == 403


@pytest.mark.parametrize("role", [Role.INVESTOR, None])
def test_outsiders_see_nothing(client, criteria, promoter, dossier, role):
    services.screen(promoter, dossier)
    if role:
        client.force_login(UserFactory(username="ngoai", role=role))
    for url in (
        reverse("screening:project", args=[dossier.pk]),
        reverse("screening:analytics"),
        reverse("screening:criteria"),
    ):
        assert client.get(url).status_code in (302, 403, 404)


def test_the_secretariat_changes_a_used_criteria_version_into_a_new_one(
    client, criteria, promoter, dossier, secretariat
):
    services.screen(promoter, dossier)
    client.force_login(secretariat)
    url = reverse("screening:criteria-edit")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()}
    data["threshold_jobs"] = "500"
    bad = client.post(url, data)
    assert bad.status_code == 400  # a threshold needs its source, and a reason
    data.update(source_jobs="https://example.vn/dinh-muc", reason="Định mức lao động")
    assert client.post(url, data).status_code == 302
    new = CriteriaSet.objects.get(is_current=True)
    assert new.number == 2
    assert new.criteria.get(key="jobs").threshold == D(500)
    page = client.get(reverse("screening:criteria") + "?version=1")
    assert "Phiên bản 1" in page.content.decode()


def test_the_analytics_page_and_its_workbook(client, criteria, promoter, dossier, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("screening:analytics"))
    assert page.status_code == 200
    rows = page.context["groups"][0]["rows"]
    assert rows
    assert rows[0].pipeline.average == D("20.00")
    workbook = client.get(reverse("screening:analytics") + "?export=xlsx")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_secretariat_sets_a_park_norm_on_its_page(client, criteria, secretariat, leader):
    from tests.factories import ZoneFactory

    zone = ZoneFactory(code="KCN-DM")
    url = reverse("screening:zone-norms")
    client.force_login(leader)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    data = {"criterion": "capital_per_ha", "zone": zone.pk, "threshold": "45",
            "source_url": "", "reason": "Định mức của KCN"}  # fmt: skip
    assert client.post(url, data).status_code == 400  # no source
    data["source_url"] = "https://example.vn/kcn-dm"
    assert client.post(url, data).status_code == 302
    norm = CriteriaSet.objects.get(is_current=True).criteria.get(key="capital_per_ha")
    assert norm.zone_norms.get().threshold == D(45)
    page = client.get(reverse("screening:criteria"))
    assert zone.name_vi in page.content.decode()
