"""A record's own page says which fields changed, from what to what, for those who may see it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AgencyFactory, UserFactory, ZoneFactory
from tests.investments.factories import InvestorFactory, ProjectFactory
from tests.portal.factories import ArticleFactory
from xuctien.core.changes import change_rows
from xuctien.core.roles import Role
from xuctien.history import acting_as
from xuctien.investments import services
from xuctien.investments.models import Stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoter():
    agency = AgencyFactory(code="BQLKKT", kind="board")
    return UserFactory(username="xuctien", role=Role.AGENCY, agency=agency, first_name="Lan")


def _last_rows(record, language="vi"):
    with translation.override(language):
        return {label: (before, after) for label, before, after in change_rows(record.history()[0])}


def test_a_change_reads_with_labels_names_and_vietnamese_dates_and_numbers(promoter):
    old_zone, new_zone = ZoneFactory(code="KCN-A", name_vi="KCN Cái Lân"), ZoneFactory(code="B")
    project = ProjectFactory(irc_date=dt.date(2021, 3, 31), zone=old_zone, land_ha=Decimal("12.5"))
    with acting_as(promoter):
        project.irc_date, project.zone, project.land_ha = None, new_zone, Decimal("1234.75")
        project.stage = Stage.PROSPECT
        project.save()

    rows = _last_rows(project)

    assert rows["Ngày cấp GCNĐKĐT"] == ("31/03/2021", "—")
    assert rows["Khu"] == ("KCN Cái Lân", str(new_zone))
    assert rows["Diện tích đất (ha)"] == ("12,5", "1.234,75")
    assert rows["Giai đoạn"] == ("Tiếp cận ban đầu", "Tiềm năng")


def test_english_pages_show_english_dates_and_numbers(promoter):
    project = ProjectFactory(irc_date=dt.date(2021, 3, 31), land_ha=Decimal("1234.5"))
    with acting_as(promoter):
        project.irc_date, project.land_ha = dt.date(2021, 4, 1), Decimal("2000")
        project.save()
    rows = _last_rows(project, "en")
    assert rows["IRC date"] == ("31/03/2021", "01/04/2021")
    assert rows["Land (ha)"] == ("1,234.5", "2,000")


def test_a_linked_record_deleted_since_is_still_named_by_its_id(promoter):
    investor = InvestorFactory(name="Gone Co.")
    project = ProjectFactory(investors=[investor])
    with acting_as(promoter):
        project.investors.set([])
    gone = investor.pk
    investor.delete()
    rows = _last_rows(project)
    assert (f"#{gone}", "—") in rows.values()


def test_the_project_page_shows_an_erased_irc_date_to_the_pipeline_people(client, promoter):
    project = ProjectFactory(stage=Stage.LEAD, irc_date=dt.date(2021, 3, 31))
    services.update_project(promoter, project, irc_date=None)
    client.force_login(promoter)

    page = client.get(reverse("investments:project-detail", args=[project.pk])).content.decode()

    assert 'class="history__before" translate="no">31/03/2021<' in page
    assert "history__fields" in page


def test_the_history_is_not_shown_to_those_who_may_not_see_the_record(client, promoter):
    project = ProjectFactory(stage=Stage.OPERATING, irc_date=dt.date(2021, 3, 31), note="Mật")
    services.update_project(promoter, project, note="Bí mật mới")
    client.force_login(UserFactory(username="nhadautu", role=Role.INVESTOR))

    page = client.get(reverse("investments:project-detail", args=[project.pk]))

    assert page.status_code == 200
    assert "Bí mật" not in page.content.decode()
    assert 'class="history"' not in page.content.decode()


def test_the_investor_page_shows_its_history_to_the_pipeline_people_only(client, promoter):
    investor = InvestorFactory(name="Old name")
    ProjectFactory(stage=Stage.OPERATING, irc_date=dt.date(2021, 1, 1), investors=[investor])
    with acting_as(promoter):
        investor.name = "New name"
        investor.save()
    url = reverse("investments:investor-detail", args=[investor.pk])

    client.force_login(promoter)
    assert 'class="history__before" translate="no">Old name<' in client.get(url).content.decode()
    client.logout()
    assert 'class="history"' not in client.get(url).content.decode()


def test_the_article_editor_shows_changes_to_the_words_too(client, admin_user):
    article = ArticleFactory(words="Tiêu đề cũ", author=admin_user)
    row = article.translations.get(language="vi")
    with acting_as(admin_user):
        row.title = "Tiêu đề mới"
        row.save()
    client.force_login(admin_user)

    page = client.get(reverse("portal:article-edit", args=[article.pk])).content.decode()

    assert 'class="history__before" translate="no">Tiêu đề cũ<' in page
    assert 'class="history__after" translate="no">Tiêu đề mới<' in page
