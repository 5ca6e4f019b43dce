"""The public pages: reachable without login in Vietnamese and English, no private data."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    ProvinceFactory,
    TargetFactory,
    ZoneFactory,
)
from tests.investments.factories import ContactFactory, InteractionFactory
from tests.portal.factories import ArticleFactory, OpportunityFactory
from xuctien.core.models import Agency, Zone
from xuctien.portal.models import Page, PageTranslation

#: The portal of the default test province (tests.factories.ProvinceFactory).
SLUG = "quang-ninh"

PUBLIC_PAGES = [
    ("portal:home", [SLUG]),
    ("portal:sectors", [SLUG]),
    ("portal:incentives", [SLUG]),
    ("portal:zones", [SLUG]),
    ("portal:opportunity-list", [SLUG]),
    ("portal:contacts", [SLUG]),
    ("portal:inquiry", [SLUG]),
    ("portal:article-list", [SLUG]),
]


@pytest.mark.security
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("name", "args"), PUBLIC_PAGES)
def test_public_pages_open_to_anonymous_visitors(client, db, name, args, language):
    response = client.get(reverse(name, args=args), {"lang": language})
    assert response.status_code == 200
    assert response["Content-Language"] == language


def test_the_home_page_is_in_english_when_asked(client, db):
    vietnamese = client.get(reverse("portal:home", args=[SLUG])).content.decode()
    english = client.get(reverse("portal:home", args=[SLUG]), {"lang": "en"}).content.decode()
    # the province's name comes from its record, in the page's language
    assert "Why Quang Ninh Province" in english
    assert "Vì sao chọn Tỉnh Quảng Ninh" in vietnamese


def test_the_home_page_shows_the_resolution_targets_with_their_source(client, db):
    indicator = IndicatorFactory(name_en="Manufacturing share of GRDP", breakthrough=None)
    indicator.breakthrough = _breakthrough(indicator)
    indicator.save()
    TargetFactory(indicator=indicator, value=Decimal("15"), qualifier="over",
                  source_url="https://example.vn/nq01")  # fmt: skip
    page = client.get(reverse("portal:home", args=[SLUG]), {"lang": "en"}).content.decode()
    assert "Manufacturing share of GRDP" in page
    assert "over 15" in page
    assert "example.vn" in page


def _breakthrough(indicator):
    from tests.factories import BreakthroughFactory

    return BreakthroughFactory(programme=indicator.programme)


def test_the_home_page_sums_the_published_zone_areas(client, db):
    ZoneFactory(code="A", total_area_ha=Decimal("100.5"), industrial_land_ha=Decimal("60"))
    ZoneFactory(code="B", total_area_ha=Decimal("200"), industrial_land_ha=None)
    ZoneFactory(code="C", total_area_ha=None)
    ZoneFactory(code="R", total_area_ha=Decimal("999"), status=Zone.Status.REVOKED)
    umbrella = Zone.objects.get(code="B")
    ZoneFactory(code="B-1", total_area_ha=Decimal("50"), parent=umbrella)  # a phase of B
    response = client.get(reverse("portal:home", args=[SLUG]), {"lang": "en"})
    kind = response.context["zone_kinds"][0]
    assert (kind.count, kind.total_area_ha, kind.industrial_land_ha, kind.with_area) == (
        3, Decimal("300.5"), Decimal("60"), 2,
    )  # fmt: skip


def test_the_zones_page_shows_available_land_only_when_published(client, db):
    ZoneFactory(code="A", industrial_land_ha=Decimal("100"), leased_land_ha=Decimal("64.5"))
    ZoneFactory(code="B", industrial_land_ha=Decimal("100"))
    response = client.get(reverse("portal:zones", args=[SLUG]))
    available = {zone.code: zone.available_ha for zone in response.context["zones"]}
    assert available == {"A": Decimal("35.5"), "B": None}
    assert reverse("zone-detail", args=["A"]) in response.content.decode()


def test_incentives_say_plainly_that_nothing_is_written_yet(client, db):
    page = client.get(reverse("portal:incentives", args=[SLUG]), {"lang": "en"}).content.decode()
    assert "This page has not been written yet." in page


def test_incentives_show_the_published_words_only(client, db):
    page = Page.objects.create(province=ProvinceFactory(), slot="incentives", is_published=False)
    PageTranslation.objects.create(page=page, language="vi", title="Miễn thuế", body="<p>x</p>")
    assert "Miễn thuế" not in client.get(reverse("portal:incentives", args=[SLUG])).content.decode()
    page.is_published = True
    page.save()
    assert "Miễn thuế" in client.get(reverse("portal:incentives", args=[SLUG])).content.decode()


def test_contacts_list_the_promotion_agencies(client, db):
    AgencyFactory(code="IPA", name_vi="Ban Xúc tiến đầu tư", kind=Agency.Kind.BOARD)
    AgencyFactory(code="SXD", name_vi="Sở Xây dựng", kind=Agency.Kind.DEPARTMENT)
    page = client.get(reverse("portal:contacts", args=[SLUG])).content.decode()
    assert "Ban Xúc tiến đầu tư" in page
    assert "Sở Xây dựng" not in page


def test_draft_opportunities_stay_hidden(client, db):
    OpportunityFactory(words="Công khai")
    OpportunityFactory(words="Bản nháp", status="draft")
    page = client.get(reverse("portal:opportunity-list", args=[SLUG])).content.decode()
    assert "Công khai" in page
    assert "Bản nháp" not in page


def test_synthetic_opportunities_say_so(client, db):
    opportunity = OpportunityFactory(is_synthetic=True)
    page = client.get(reverse("portal:opportunity-detail", args=[SLUG, opportunity.code]))
    assert ">Dữ liệu minh hoạ</span>" in page.content.decode()
    english = client.get(
        reverse("portal:opportunity-detail", args=[SLUG, opportunity.code]), {"lang": "en"}
    )
    assert ">Synthetic data</span>" in english.content.decode()


@pytest.mark.security
def test_public_pages_show_no_contacts_notes_or_pre_irc_projects(client, own_project):
    contact = ContactFactory(investor=own_project.investors.first(), email="secret@example.jp")
    InteractionFactory(investor=contact.investor, notes="Confidential note")
    article = ArticleFactory()
    article.projects.add(own_project)  # linked before the rule; never shown while pre-IRC
    pages = [reverse(name, args=args) for name, args in PUBLIC_PAGES]
    pages.append(reverse("portal:article-detail", args=[SLUG, article.slug]))
    for url in pages:
        html = client.get(url).content.decode()
        for secret in ("secret@example.jp", "Confidential note", own_project.name):
            assert secret not in html, (url, secret)


def test_the_demo_loader_adds_synthetic_opportunities_once(db):
    from xuctien.portal.demo import load_demo_opportunities
    from xuctien.portal.models import InvestmentOpportunity

    ProvinceFactory()
    load_demo_opportunities()
    load_demo_opportunities()
    opportunities = InvestmentOpportunity.objects.all()
    assert opportunities.count() == 3
    assert all(o.is_synthetic and "minh hoạ" in o.translated("title", "vi") for o in opportunities)
