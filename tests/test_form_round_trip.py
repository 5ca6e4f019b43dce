"""Opening any edit page and pressing Save without touching anything changes nothing.

For every edit page of the product (the app's pages and the admin's change pages), as a
person allowed to edit: GET the page, post back exactly what a browser would submit
(``tests.html_forms``), and check the answer is a redirect and no field of the record, its
many-to-many links or its dependent rows moved. ``EDIT_PAGES`` is the registry; the first
test fails when a URL that edits a record is in neither it nor ``NOT_ROUND_TRIPS``, so a new
edit page cannot be forgotten.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.actions.factories import TaskFactory
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    LocalityFactory,
    ObservationFactory,
    ProvinceFactory,
    UserFactory,
    ZoneFactory,
)
from tests.html_forms import as_multidict, browser_submission
from tests.investments.factories import (
    ContactFactory,
    ExchangeRateFactory,
    InvestorFactory,
    PriorityGroupFactory,
    ProjectFactory,
    SectorFactory,
)
from tests.portal.factories import ArticleFactory, OpportunityFactory
from xuctien.actions.services import refresh_task
from xuctien.core.models import Agency, Locality
from xuctien.core.roles import Role
from xuctien.history import snapshot
from xuctien.national.models import CatalogueIndicator

# Pages that look like edit pages but do not edit a record in place.
NOT_ROUND_TRIPS = {
    "actions:occurrence-report": "adds a new progress report; it edits no stored field",
    "programmes:target-revise": "an approved target is never edited: it adds a new version",
}
EDIT_SUFFIXES = ("-edit", "-update", "-revise", "-report", "_change")
EDIT_NAMES = {"aftercare:routing"}  # the routing table is edited on its own list page


@dataclass
class Case:
    """Who edits, the page, the records that must stay as they are, and the button."""

    user: Any
    url: str
    records: list[models.Model]
    button: str | None = None
    related: Callable[[], list[models.Model]] = field(default=list)


def _secretariat() -> Any:
    return UserFactory(username="thuky", role=Role.SECRETARIAT)


def _admin() -> Any:
    return UserFactory(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True)


def _province() -> Locality:
    return LocalityFactory()


def _task_case(user: Any) -> Case:
    agency = user.agency or AgencyFactory(code="SKH")
    task = TaskFactory(lead_agency=agency, description="Mô tả\ncó hai dòng", note="Ghi chú",
                       deadline_working_days=None, source_url="https://example.vn/qd")  # fmt: skip
    task.coordinating_agencies.set([AgencyFactory(code="STC")])
    refresh_task(task, timezone.localdate())  # its status as the app keeps it
    return Case(
        user, reverse("actions:task-edit", args=[task.pk]), [task],
        related=lambda: list(task.occurrences.all()),
    )  # fmt: skip


def task_edit() -> Case:
    return _task_case(_secretariat())


def task_edit_by_lead_agency() -> Case:
    agency = AgencyFactory(code="SCT")
    return _task_case(UserFactory(username="chuyenvien", role=Role.AGENCY, agency=agency))


def holiday_edit() -> Case:
    from xuctien.actions.models import Holiday

    day = Holiday.objects.create(
        date=dt.date(2031, 5, 20), kind="holiday", name_vi="Ngày thử", source="Luật Lao động"
    )
    return Case(_secretariat(), reverse("actions:holiday-edit", args=[day.pk]), [day])


def project_update() -> Case:
    agency = AgencyFactory(code="BQLKKT", kind=Agency.Kind.BOARD)
    user = UserFactory(username="xuctien", role=Role.AGENCY, agency=agency)
    zone = ZoneFactory(code="KCN-RT", locality=_province())
    project = ProjectFactory(
        name="Nhà máy linh kiện", irc_number="UNI-1", irc_date=dt.date(2021, 3, 31), zone=zone,
        locality=_province(), land_ha=Decimal("12.50"), fdi=True, jobs_planned=1200,
        expected_capital_vnd=Decimal("1500000000000"), owner=user, note="Hai\ndòng",
        source_url="https://example.vn/gcn",
    )  # fmt: skip
    project.priority_groups.set([PriorityGroupFactory()])
    return Case(user, reverse("investments:project-update", args=[project.pk]), [project])


def observation_edit() -> Case:
    district = LocalityFactory(code="HL", name_vi="Hạ Long", kind="city", parent=_province())
    figure = ObservationFactory(
        indicator=IndicatorFactory(code="FDI_CAP"), locality=district, period="2024",
        value=Decimal("12.30"), status="draft", source="Cục Thống kê", note="Sơ bộ",
    )  # fmt: skip
    return Case(
        _secretariat(), reverse("programmes:observation-edit", args=[figure.pk]), [figure],
        button="draft",
    )  # fmt: skip


def _editor() -> Any:
    return _secretariat()


def article_edit() -> Case:
    editor = _editor()
    article = ArticleFactory(date=dt.date(2021, 3, 31), status="draft", author=editor)
    article.zones.set([ZoneFactory(code="KCN-A")])
    return Case(
        editor, reverse("portal:article-edit", args=[article.pk]), [article],
        related=lambda: list(article.translations.all()),
    )  # fmt: skip


def page_edit() -> Case:
    from xuctien.portal.models import Page, PageTranslation

    page = Page.objects.create(
        province=ProvinceFactory(), slot="why", is_published=True, source_url="https://e.vn/a"
    )
    PageTranslation.objects.create(page=page, language="vi", title="Giới thiệu", body="<p>x</p>")
    return Case(
        _editor(), reverse("portal:page-edit", args=["why"]), [page],
        related=lambda: list(page.translations.all()),
    )  # fmt: skip


def opportunity_edit() -> Case:
    editor = _editor()
    opportunity = OpportunityFactory(
        created_by=editor, published_at=timezone.now(),
        zone=ZoneFactory(code="KCN-B"), sector=SectorFactory(), land_ha=Decimal("30.5"),
        capital_vnd=Decimal("2000000000000"), contact_agency=AgencyFactory(code="IPA"),
    )  # fmt: skip
    return Case(
        editor, reverse("portal:opportunity-edit", args=[opportunity.pk]), [opportunity],
        related=lambda: list(opportunity.translations.all()),
    )  # fmt: skip


def registry_declaration_edit() -> Case:
    from xuctien.investments.models import RegistryDeclaration

    declaration = RegistryDeclaration.objects.create(
        province=ProvinceFactory(),
        year=2023,
        declared_by=UserFactory(username="khaibao", role=Role.SECRETARIAT),
        declared_at=dt.datetime(2024, 2, 1, 8, 15, 42, tzinfo=dt.UTC),
        reason="Đối chiếu đủ GCNĐKĐT năm 2023\nvới Ban Quản lý khu kinh tế",
    )
    url = reverse("investments:registry-declaration-edit", args=[declaration.pk])
    return Case(_secretariat(), url, [declaration])


def routing() -> Case:
    from xuctien.aftercare.models import RoutingRule

    rule = RoutingRule.objects.create(
        category="land", agency=AgencyFactory(code="STNMT"), working_days=10, note="Đất đai"
    )
    return Case(_secretariat(), reverse("aftercare:routing"), [rule],
                related=lambda: list(RoutingRule.objects.all()))  # fmt: skip


def zone_report() -> Case:
    from tests.sites.factories import SiteReportFactory
    from xuctien.sites.models import State

    zone = ZoneFactory(code="KCN-SR", name_vi="KCN Báo cáo")
    user = UserFactory(username="chudautu", role=Role.DEVELOPER, zone=zone)
    report = SiteReportFactory(
        zone=zone, state=State.DRAFT, as_of=dt.date(2025, 6, 30), available_ha=Decimal("42.50"),
        occupancy_pct=Decimal("86.05"), rent_min_usd_m2=Decimal("80"), power_kv=110,
        latitude=Decimal("20.950000"), longitude=Decimal("106.800000"), rent_term="2014–2064",
        boundary={"type": "Polygon", "coordinates": [[[106.8, 20.9], [106.9, 20.9],
                                                      [106.9, 21.0], [106.8, 20.9]]]},
        source_url="Chủ đầu tư | https://example.vn/a", sectors=[SectorFactory()],
    )  # fmt: skip
    return Case(user, reverse("sites:zone-report", args=[zone.code]), [report], button="save")


def report_draft_edit() -> Case:
    from xuctien.reports import services

    ProvinceFactory()
    user = _secretariat()
    report = services.create_draft(
        user, IndicatorFactory(code="RPT").programme, "2024-Q2",
        opening="Tình hình chung\ncó hai dòng", signer_name="Nguyễn Văn A",
    )  # fmt: skip
    return Case(user, reverse("reports:report-edit", args=[report.pk]), [report])


def _screening_project() -> tuple[Any, Any]:
    from xuctien.screening.criteria import load_starting_criteria

    ProvinceFactory()
    load_starting_criteria()
    agency = AgencyFactory(code="BQLKKT", kind=Agency.Kind.BOARD)
    user = UserFactory(username="xuctien", role=Role.AGENCY, agency=agency)
    project = ProjectFactory(
        name="Nhà máy pin",
        stage="dossier",
        land_ha=Decimal("12.50"),
        expected_capital_vnd=Decimal("1500000000000"),
        jobs_planned=900,
    )
    return user, project


def screening_facts_edit() -> Case:
    from xuctien.screening.models import ProjectFacts

    user, project = _screening_project()
    facts = ProjectFacts.objects.create(
        project=project, high_tech="certified", high_tech_certificate="Số 12/GCN-CNC, 2024",
        green="yes", environmental_group="II", polluting_type="no", tech_transfer="",
        local_suppliers_pct=Decimal("25.50"), skilled_jobs=120,
        budget_vnd_per_year=Decimal("45000000000"), source_url="https://example.vn/hs",
    )  # fmt: skip
    return Case(user, reverse("screening:facts-edit", args=[project.pk]), [facts])


def screening_decision_edit() -> Case:
    from xuctien.screening import services

    user, project = _screening_project()
    screening = services.screen(user, project)
    services.decide(user, screening, decision="overridden", recommendation="recommend",
                    reason="Dự án chiến lược\ncủa tỉnh")  # fmt: skip
    return Case(user, reverse("screening:decision-edit", args=[screening.pk]), [screening])


def screening_criteria_edit() -> Case:
    from xuctien.screening.models import CriteriaSet

    _screening_project()
    current = CriteriaSet.objects.get(is_current=True)
    current.recommend_at, current.discuss_at = Decimal("65.50"), Decimal("40")
    current.save()
    jobs = current.criteria.get(key="jobs")
    jobs.threshold, jobs.threshold_source = Decimal("500"), "https://example.vn/dinh-muc"
    jobs.save()
    return Case(
        _secretariat(), reverse("screening:criteria-edit"), [current],
        related=lambda: list(CriteriaSet.objects.all()) + list(current.criteria.all()),
    )  # fmt: skip


EDIT_PAGES: dict[str, Callable[[], Case]] = {
    "sites:zone-report": zone_report,
    "actions:task-edit": task_edit,
    "actions:task-edit@lead-agency": task_edit_by_lead_agency,
    "actions:holiday-edit": holiday_edit,
    "investments:project-update": project_update,
    "investments:registry-declaration-edit": registry_declaration_edit,
    "programmes:observation-edit": observation_edit,
    "portal:article-edit": article_edit,
    "portal:page-edit": page_edit,
    "portal:opportunity-edit": opportunity_edit,
    "aftercare:routing": routing,
    "labour:need-edit": lambda: need_edit(),
    "reports:report-edit": report_draft_edit,
    "screening:facts-edit": screening_facts_edit,
    "screening:decision-edit": screening_decision_edit,
    "screening:criteria-edit": screening_criteria_edit,
}


def need_edit() -> Case:
    from xuctien.labour.models import Need, Occupation

    need = Need.objects.create(
        province=ProvinceFactory(), enterprise=InvestorFactory(),
        occupation=Occupation.objects.create(code="72", name_vi="Cơ khí"),
        level="intermediate", number=40, year=2027, quarter=2, foreign_experts=True,
    )  # fmt: skip
    return Case(_secretariat(), reverse("labour:need-edit", args=[need.pk]), [need])


# --- The admin's change pages: one record of every registered model ----------------------


def _admin_records() -> dict[str, Callable[[], models.Model]]:
    from xuctien.investments import models as inv
    from xuctien.portal import models as portal
    from xuctien.screening.models import IndicatorFeed

    def membership() -> models.Model:
        return portal.Membership.objects.create(
            user=UserFactory(username="nhadautu", role=Role.INVESTOR),
            investor=InvestorFactory(), role="owner", accepted_at=timezone.now(),
        )  # fmt: skip

    def invitation() -> models.Model:
        return portal.Invitation.objects.create(
            investor=InvestorFactory(), email="a@example.vn", token_hash="x" * 64,
            expires_at=timezone.now() + dt.timedelta(days=3),
        )  # fmt: skip

    def event() -> models.Model:
        event = inv.PromotionEvent.objects.create(
            province=ProvinceFactory(),
            name="Hội nghị",
            kind=inv.PromotionEvent.Kind.choices[0][0],
            start_date=dt.date(2024, 5, 6),
        )
        event.investors_met.set([InvestorFactory()])
        return event

    return {
        "auth.group": lambda: Group.objects.create(name="Biên tập viên"),
        "core.locality": lambda: LocalityFactory(code="QN-X", valid_from=dt.date(2025, 7, 1)),
        "core.province": lambda: ProvinceFactory(
            code="HP", slug="hai-phong", name_vi="Thành phố Hải Phòng", locality=None
        ),
        "core.agency": lambda: AgencyFactory(code="SNV", valid_from=dt.date(2020, 1, 1)),
        "core.zone": lambda: ZoneFactory(code="KCN-Z", total_area_ha=Decimal("1200.50")),
        "core.user": lambda: UserFactory(username="nguoidung", role=Role.LEADERSHIP),
        "investments.exchangerate": lambda: ExchangeRateFactory(date=dt.date(2024, 1, 2)),
        "investments.sector": SectorFactory,
        "investments.prioritygroup": PriorityGroupFactory,
        "investments.attractiontarget": lambda: inv.AttractionTarget.objects.create(
            zone=ZoneFactory(code="KCN-T"), year=2025, quarter=2, capital_vnd=Decimal("5e11")
        ),
        "investments.promotionevent": event,
        "investments.contact": ContactFactory,
        "investments.commitment": lambda: inv.Commitment.objects.create(
            project=ProjectFactory(),
            kind=inv.Commitment.Kind.choices[0][0],
            due_date=dt.date(2026, 12, 31),
            amount_vnd=Decimal("1e9"),
        ),
        "investments.leadroute": lambda: inv.LeadRoute.objects.create(
            province=ProvinceFactory(),
            section="C",
            country="KR",
            owner=UserFactory(username="xuctien", role=Role.AGENCY),
        ),
        "investments.registrydeclaration": lambda: inv.RegistryDeclaration.objects.create(
            province=ProvinceFactory(),
            year=2024,
            locality=LocalityFactory(code="QN-R", valid_from=dt.date(2020, 1, 1)),
            declared_by=UserFactory(username="khaibao", role=Role.SECRETARIAT),
            declared_at=dt.datetime(2025, 1, 15, 9, 30, 15, tzinfo=dt.UTC),
            reason="Sở Tài chính đối chiếu đủ GCNĐKĐT năm 2024",
        ),
        "national.catalogueindicator": lambda: CatalogueIndicator.objects.create(
            code="VN_TEST", name_vi="Chỉ tiêu quốc gia", unit="%", behaviour="level", order=99
        ),
        "portal.article": lambda: ArticleFactory(date=dt.date(2021, 3, 31)),
        "portal.page": lambda: portal.Page.objects.create(
            province=ProvinceFactory(), slot="contacts", is_published=True
        ),
        "portal.investmentopportunity": OpportunityFactory,
        "portal.membership": membership,
        "portal.invitation": invitation,
        "sites.sitereport": lambda: _site_report(),
        **_labour_records(),
        "screening.indicatorfeed": lambda: IndicatorFeed.objects.create(
            province=ProvinceFactory(),
            indicator=IndicatorFactory(code="GREEN_SHARE"),
            measure="green_high_tech_capital_share",
        ),
    }


def _labour_records() -> dict[str, Callable[[], models.Model]]:
    from xuctien.labour import models as lab

    def occupation() -> models.Model:
        return lab.Occupation.objects.create(code="7", name_vi="Thợ", name_en="Craft")

    def institution() -> models.Model:
        return lab.Institution.objects.create(
            province=ProvinceFactory(), code="CD-X", kind="college", name_vi="Trường CĐ X"
        )

    def programme_year() -> models.Model:
        programme = lab.Programme.objects.create(
            institution=institution(), level="college", name_vi="Điện"
        )
        return lab.ProgrammeYear.objects.create(programme=programme, year=2023, graduates=52)

    return {
        "labour.occupation": occupation,
        "labour.institution": institution,
        "labour.programmeyear": programme_year,
        "labour.partnership": lambda: lab.Partnership.objects.create(
            institution=institution(), enterprise=InvestorFactory(), since=dt.date(2025, 8, 1)
        ),
        "labour.jobsreport": lambda: lab.JobsReport.objects.create(
            project=ProjectFactory(), year=2025, quarter=2, workers=120, skilled_workers=80
        ),
        "labour.survey": lambda: lab.Survey.objects.create(
            province=ProvinceFactory(), year=2025, enterprises_asked=300
        ),
        "labour.policy": lambda: lab.Policy.objects.create(
            province=ProvinceFactory(),
            stay_rate=Decimal("0.7"),
            stay_rate_is_assumption=True,
            stay_rate_source="Giả định",
            gap_threshold=50,
            responsible_agency=AgencyFactory(code="SGDDT"),
            responsible_source="x",
        ),
    }


def _site_report() -> models.Model:
    from tests.sites.factories import SiteReportFactory

    return SiteReportFactory(
        as_of=dt.date(2024, 12, 31), occupancy_pct=Decimal("50.5"), water_m3_day=Decimal(27000)
    )


# Registered models whose admin is read-only (their change page saves nothing).
ADMIN_READ_ONLY = {
    "core.loginfailure",
    "core.apitoken",
    "core.changerecord",
    "core.changebatch",
    "portal.inquiry",
    "sites.siteneeds",
}


def _admin_case(label: str) -> Callable[[], Case]:
    def build() -> Case:
        record = _admin_records()[label]()
        app, model = label.split(".")
        url = reverse(f"admin:{app}_{model}_change", args=[record.pk])
        return Case(_admin(), url, [record], button="_save")

    return build


def _registered_admin_labels() -> list[str]:
    return sorted(m._meta.label_lower for m in admin.site._registry)


for _label in _registered_admin_labels():
    if _label not in ADMIN_READ_ONLY:
        EDIT_PAGES[f"admin:{_label.replace('.', '_')}_change"] = _admin_case(_label)


# --- The registry covers every edit page ------------------------------------------------


def _url_names(patterns: list, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            names |= _url_names(entry.url_patterns, (inner or namespace or "").strip(":"))
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def test_every_edit_page_is_in_the_round_trip_registry():
    names = _url_names(get_resolver().url_patterns)
    edit_pages = {n for n in names if n.endswith(EDIT_SUFFIXES) or n in EDIT_NAMES}
    admin_models = {
        f"admin:{label.replace('.', '_')}_change" for label in _registered_admin_labels()
    }
    read_only = {f"admin:{label.replace('.', '_')}_change" for label in ADMIN_READ_ONLY}
    registered = {key.split("@")[0] for key in EDIT_PAGES}

    assert "investments:project-update" in edit_pages  # the walk finds the app's pages
    missing = (edit_pages - {n for n in edit_pages if n.startswith("admin:")}) | admin_models
    assert missing - registered - set(NOT_ROUND_TRIPS) - read_only == set()
    assert _admin_records().keys() >= set(_registered_admin_labels()) - ADMIN_READ_ONLY


# --- The round trip -----------------------------------------------------------------------


def _state(record: models.Model) -> dict[str, Any]:
    """The stored fields (less timestamps and version) and many-to-many links of a record."""
    fresh = type(record)._base_manager.get(pk=record.pk)
    exclude = ("created_at", "updated_at", "version", "last_login", "password")
    state = snapshot(fresh, exclude)
    for m2m in fresh._meta.many_to_many:
        state[m2m.name] = sorted(getattr(fresh, m2m.name).values_list("pk", flat=True))
    return state


@pytest.mark.parametrize("page", sorted(EDIT_PAGES))
def test_saving_an_edit_page_unchanged_changes_nothing(client, db, page):
    case = EDIT_PAGES[page]()
    client.force_login(case.user)
    before = [_state(r) for r in case.records + case.related()]

    form = client.get(case.url)
    assert form.status_code == 200
    submitted = browser_submission(form.content.decode(), button=case.button)
    response = client.post(case.url, as_multidict(submitted))

    assert response.status_code == 302, _errors(response)
    after = [_state(r) for r in case.records + case.related()]
    assert len(after) == len(before)
    assert _changes(before, after) == {}


def _changes(before: list[dict], after: list[dict]) -> dict:
    """{(record index, field): (before, after)} for every field that moved."""
    return {
        (i, name): (old.get(name), new.get(name))
        for i, (old, new) in enumerate(zip(before, after, strict=True))
        for name in {*old, *new}
        if old.get(name) != new.get(name)
    }


def _errors(response: Any) -> str:
    context = getattr(response, "context", None) or {}
    form = context.get("form") or context.get("adminform") or context.get("formset")
    return str(getattr(form, "errors", "")) or response.content.decode()[:2000]
