"""The national page's summaries and comparisons are drawn once and kept as drawn
(``national.views.drawn``): the next visit after any change to what they show draws them
again."""

import pytest

from tests.factories import IndicatorFactory, ObservationFactory, ProgrammeFactory, UserFactory
from tests.investments.factories import ProjectFactory
from xuctien.core.models import Province
from xuctien.core.roles import Role
from xuctien.national import comparison
from xuctien.national.models import CatalogueIndicator, CatalogueMapping


@pytest.fixture
def growth(db):
    """Quảng Ninh's GRDP growth, 10.4 % in 2024, mapped to the national one; one project."""
    indicator = IndicatorFactory(
        programme=ProgrammeFactory(code="NQ01"),
        code="GRDP_GROWTH",
        name_vi="Tăng trưởng GRDP",
        name_en="GRDP growth",
    )
    ObservationFactory(indicator=indicator, period="2024", value="10.4")
    entry = CatalogueIndicator.objects.create(
        code="VN_GRDP_GROWTH",
        name_vi="Tăng trưởng GRDP",
        name_en="GRDP growth",
        unit="%",
        behaviour=CatalogueIndicator.Behaviour.RATE,
    )
    CatalogueMapping.objects.create(indicator=indicator, catalogue=entry)
    ProjectFactory(province=indicator.programme.province, name="Nhà máy A")
    return indicator


@pytest.fixture
def national(client, db):
    client.force_login(UserFactory(username="quocgia", role=Role.NATIONAL))
    return client


def _page(client) -> str:
    response = client.get("/national/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_visit_draws_nothing_and_shows_the_same_page(national, growth, monkeypatch):
    first = _body(national)
    assert "Tăng trưởng GRDP" in first
    assert "10,4" in first

    def drawn_again(*args, **kwargs):
        raise AssertionError("drawn again, with nothing changed")

    monkeypatch.setattr(comparison, "compare", drawn_again)
    monkeypatch.setattr(comparison, "summaries", drawn_again)
    assert _body(national) == first


def _body(client) -> str:
    """The page from its summaries on (the header holds the request's CSRF token)."""
    return _page(client).split('<section aria-labelledby="provinces-title">')[1]


def test_the_body_is_drawn_in_the_reader_s_language(national, growth, settings):
    assert "Tăng trưởng GRDP" in _page(national)
    national.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "GRDP growth" in _page(national)


def test_a_project_marked_synthetic_shows_on_the_next_visit(national, growth):
    assert "synthetic" not in _page(national).split("</table>")[0]
    project = growth.programme.province.projects.get()
    project.is_synthetic = True
    project.save()
    summaries = _page(national).split('data-testid="province-summaries"')[1].split("</table>")[0]
    assert "(+1" in summaries


def test_a_renamed_province_shows_on_the_next_visit(national, growth):
    _page(national)
    Province.objects.filter(code="QN").update(name_vi="Tỉnh Quảng Ninh mới")  # no save, no bump
    assert _page(national).count("Tỉnh Quảng Ninh mới") == 2  # its summary and its standing


def test_a_renamed_indicator_shows_on_the_next_visit(national, growth):
    _page(national)
    growth.name_vi = "Tốc độ tăng trưởng GRDP"
    growth.save()
    assert "Tốc độ tăng trưởng GRDP" in _page(national)


def test_a_deleted_mapping_shows_on_the_next_visit(national, growth):
    assert 'data-rank="1"' in _page(national)
    CatalogueMapping.objects.all().delete()
    page = _page(national)
    assert 'data-rank="1"' not in page
    assert "No province maps one of its indicators to this one yet." in page or "Chưa" in page


def test_a_renamed_national_indicator_shows_on_the_next_visit(national, growth):
    _page(national)
    CatalogueIndicator.objects.update(name_vi="Tăng trưởng kinh tế")
    assert "Tăng trưởng kinh tế" in _page(national)
