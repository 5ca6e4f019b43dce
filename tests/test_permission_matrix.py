"""Every role against every write of the programmes app, and every read of its private data.

Y: the role may do it, and the test sees it done (the record written, the draft shown).
-: the role is refused, and the test sees nothing written and nothing shown.

``own`` is an agency officer of the agency responsible for the indicator (SCT); ``other``
an officer of another agency (SXD). The action programme has its own matrix in
tests/actions/test_permissions.py. Run them all with ``pytest -m permissions``.
"""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import IndicatorFactory, ObservationFactory, TargetFactory
from tests.programmes.test_programme_import import GOOD, workbook
from tests.programmes.test_views_entry import ROW_2024, xlsx
from xuctien.programmes.models import Observation, PeriodLock, Programme, Target

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

ROLES = ["anonymous", "admin", "secretariat", "leadership", "own", "other", "developer",
         "investor"]  # fmt: skip
MATRIX = """
                                anonymous admin secretariat leadership own other developer investor
page: create a figure               -       Y       Y          -       Y    -       -        -
page: correct a draft figure        -       Y       Y          -       Y    -       -        -
page: approve a figure              -       Y       Y          -       -    -       -        -
page: reject a figure               -       Y       Y          -       -    -       -        -
page: lock a period                 -       Y       Y          -       -    -       -        -
page: reopen a period               -       Y       Y          -       -    -       -        -
page: revise a target               -       Y       Y          -       -    -       -        -
page: approve a target revision     -       Y       Y          -       -    -       -        -
page: import a programme workbook   -       Y       Y          -       -    -       -        -
page: import figures                -       Y       Y          -       Y    -       -        -
api: create a figure                -       -       -          -       -    -       -        -
api: change a figure                -       -       -          -       -    -       -        -
read: a draft on the indicator page -       Y       Y          Y       Y    -       -        -
read: a draft in the API list       -       Y       Y          Y       Y    -       -        -
read: a draft in the API by id      -       Y       Y          Y       Y    -       -        -
"""
FIXTURES = {"admin": "admin_user", "secretariat": "secretariat", "leadership": "leader",
            "own": "officer", "other": "other_officer", "developer": "developer",
            "investor": "investor"}  # fmt: skip


def parse(table: str) -> dict[tuple[str, str], bool]:
    """(action, role) -> allowed, from the table above."""
    lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
    expected = {}
    for line in lines:
        words = line.split()
        action, flags = " ".join(words[: -len(ROLES)]), words[-len(ROLES) :]
        assert set(flags) <= {"Y", "-"}, line
        for role, flag in zip(ROLES, flags, strict=True):
            expected[(action, role)] = flag == "Y"
    return expected


EXPECTED = parse(MATRIX)


@pytest.fixture
def world(province, agency, other_agency, tmp_path, settings):
    """An indicator of SCT with a draft, a submitted figure, locks and targets."""
    settings.VAR_DIR = tmp_path  # the figure import stages its upload there
    share = IndicatorFactory(code="SHARE", responsible_agency=agency)
    programme = share.programme
    return {
        "share": share,
        "programme": programme,
        "draft": ObservationFactory(indicator=share, period="2023", value=Decimal("14.2"),
                                    status=Observation.Status.DRAFT),
        "submitted": ObservationFactory(indicator=share, period="2022", value=Decimal("13"),
                                        status=Observation.Status.SUBMITTED),
        "lock": PeriodLock.objects.create(programme=programme, year=2019, reason="đã duyệt"),
        "target": TargetFactory(indicator=share, value=Decimal("15")),
        "pending_target": TargetFactory(indicator=share, start_year=2026, year=2030,
                                        value=Decimal("20"), status=Target.Status.DRAFT),
    }  # fmt: skip


def figure_form(**changes: str) -> dict[str, str]:
    data = {"indicator": "SHARE", "period": "2021", "locality": "", "value": "12.3",
            "qualifier": "exact", "estimate": "final", "source": "Cục Thống kê",
            "source_url": "", "note": "", "action": "draft"}  # fmt: skip
    return {**data, **changes}


def import_figures(client, world):
    """Upload, then confirm the preview when the page offers one."""
    url = reverse("programmes:observation-import")
    response = client.post(url, {"file": xlsx(ROW_2024)})
    token = response.context and response.context.get("token")
    return client.post(url, {"token": token}) if token else response


# action -> (do it, was it done?)
ACTIONS = {
    "page: create a figure": (
        lambda c, w: c.post(reverse("programmes:observation-create"), figure_form()),
        lambda w: Observation.objects.filter(indicator=w["share"], period="2021").exists(),
    ),
    "page: correct a draft figure": (
        lambda c, w: c.post(
            reverse("programmes:observation-edit", args=[w["draft"].pk]),
            figure_form(period="2023", value="15.5", version=str(w["draft"].version)),
        ),
        lambda w: Observation.objects.get(pk=w["draft"].pk).value == Decimal("15.5"),
    ),
    "page: approve a figure": (
        lambda c, w: c.post(
            reverse("programmes:review"), {"action": "approve", "observation": [w["submitted"].pk]}
        ),
        lambda w: Observation.objects.get(pk=w["submitted"].pk).status == "approved",
    ),
    "page: reject a figure": (
        lambda c, w: c.post(
            reverse("programmes:review"),
            {"action": "reject", "observation": w["submitted"].pk, "reason": "Sai nguồn"},
        ),
        lambda w: Observation.objects.get(pk=w["submitted"].pk).status == "rejected",
    ),
    "page: lock a period": (
        lambda c, w: c.post(
            reverse("programmes:periods"),
            {"action": "lock", "programme": w["programme"].code, "year": "2018", "reason": "x"},
        ),
        lambda w: PeriodLock.objects.filter(year=2018, is_locked=True).exists(),
    ),
    "page: reopen a period": (
        lambda c, w: c.post(
            reverse("programmes:periods"),
            {"action": "reopen", "lock": w["lock"].pk, "reason": "Sửa số liệu"},
        ),
        lambda w: not PeriodLock.objects.get(pk=w["lock"].pk).is_locked,
    ),
    "page: revise a target": (
        lambda c, w: c.post(
            reverse("programmes:target-revise", args=[w["target"].pk]),
            {"value": "16", "qualifier": "exact", "document": "NQ sửa đổi", "reason": "Điều chỉnh"},
        ),
        lambda w: Target.objects.filter(value=Decimal("16")).exists(),
    ),
    "page: approve a target revision": (
        lambda c, w: c.post(
            reverse("programmes:target-revise", args=[w["pending_target"].pk]),
            {"action": "approve"},
        ),
        lambda w: Target.objects.get(pk=w["pending_target"].pk).status == Target.Status.APPROVED,
    ),
    "page: import a programme workbook": (
        lambda c, w: c.post(
            reverse("programmes:programme-import"),
            {"file": SimpleUploadedFile("programme.xlsx", workbook(GOOD))},
        ),
        lambda w: Programme.objects.filter(code="T01").exists(),
    ),
    "page: import figures": (
        import_figures,
        lambda w: Observation.objects.filter(indicator=w["share"], period="2024").exists(),
    ),
    "api: create a figure": (
        lambda c, w: c.post(
            "/api/v1/observations/",
            {"indicator": w["share"].pk, "period": "2020", "value": "9"},
            content_type="application/json",
        ),
        lambda w: Observation.objects.filter(period="2020").exists(),
    ),
    "api: change a figure": (
        lambda c, w: c.patch(
            f"/api/v1/observations/{w['draft'].pk}/",
            {"value": "99"},
            content_type="application/json",
        ),
        lambda w: Observation.objects.get(pk=w["draft"].pk).value == Decimal("99"),
    ),
    "read: a draft on the indicator page": (
        lambda c, w: c.get(reverse("programmes:indicator", args=["SHARE"])),
        None,
    ),
    "read: a draft in the API list": (lambda c, w: c.get("/api/v1/observations/"), None),
    "read: a draft in the API by id": (
        lambda c, w: c.get(f"/api/v1/observations/{w['draft'].pk}/"),
        None,
    ),
}


def draft_shown(action: str, response, world) -> bool:
    draft = world["draft"]
    if action == "read: a draft on the indicator page":
        assert response.status_code == 200
        return draft in response.context["pending"]
    if action == "read: a draft in the API list":
        assert response.status_code == 200
        return draft.pk in {row["id"] for row in response.json()["results"]}
    assert response.status_code in (200, 404)
    return response.status_code == 200


def refused_properly(role: str, action: str, response) -> bool:
    """A refusal is a login redirect (pages) or 401/403 for anonymous, else 403/404/405/422,
    or the form shown again with its error (200) when the user may post the form at all."""
    if role == "anonymous" and action.startswith("page"):
        return response.status_code == 302 and response.url.startswith(reverse("login"))
    return response.status_code in (200, 401, 403, 404, 405, 422)


def test_the_table_covers_every_action_and_role():
    assert {action for action, _role in EXPECTED} == set(ACTIONS)
    assert len(EXPECTED) == len(ACTIONS) * len(ROLES)


@pytest.mark.parametrize(("action", "role"), list(EXPECTED), ids=lambda v: v.replace(" ", "_"))
def test_each_role_may_do_exactly_what_the_table_says(request, client, world, action, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(FIXTURES[role]))
    client.cookies["xt_language"] = "en"
    do, done = ACTIONS[action]

    response = do(client, world)

    if done is None:
        assert draft_shown(action, response, world) == EXPECTED[(action, role)]
        return
    assert done(world) == EXPECTED[(action, role)], (response.status_code, response.content[:300])
    if not EXPECTED[(action, role)]:
        assert refused_properly(role, action, response), response.status_code


# --- Sites (issue 14, decision record 0020) ---------------------------------------------
# ``auth`` is an officer of the economic zone authority (QEZA); ``off`` an officer of
# another department (SCT). ``dev`` looks after the park P; ``odev`` after the park Q.
# The park P has a published report (40 ha available), a draft (99 ha) and a report
# submitted for approval (77 ha); the park Q has a draft of its own.

SITE_ROLES = ["anon", "adm", "sec", "lead", "auth", "off", "dev", "odev", "inv"]
#: anon anonymous, adm admin, sec secretariat, lead leadership, auth EZ authority officer,
#: off another department's officer, dev P's developer, odev Q's developer, inv investor
SITE_MATRIX = """
                                           anon  adm  sec lead auth  off  dev odev  inv
read: P's draft in the reports list           -    Y    Y    Y    Y    -    Y    -    -
read: P's draft report page                   -    Y    Y    Y    Y    -    Y    -    -
read: Q's draft in the reports list           -    Y    Y    Y    Y    -    -    Y    -
read: a published report page                 Y    Y    Y    Y    Y    Y    Y    Y    Y
read: a draft figure in the zones API         -    -    -    -    -    -    -    -    -
read: a published figure in the zones API     Y    Y    Y    Y    Y    Y    Y    Y    Y
read: a draft figure on the zone page         -    -    -    -    -    -    -    -    -
page: open P's report form                    -    Y    -    -    Y    -    Y    -    -
page: save a draft figure                     -    Y    -    -    Y    -    Y    -    -
page: submit the draft                        -    Y    -    -    Y    -    Y    -    -
page: publish a submitted report              -    Y    -    -    Y    -    -    -    -
page: return a submitted report               -    Y    -    -    Y    -    -    -    -
page: list a plot                             -    Y    -    -    Y    -    Y    -    -
page: export P's sheet                        -    Y    -    -    Y    -    Y    -    -
page: import P's sheet                        -    Y    -    -    Y    -    Y    -    -
page: the staff site finder                   -    Y    Y    Y    Y    Y    Y    Y    Y
page: choose a site for a project             -    Y    Y    -    Y    -    -    -    -
page: the portal site finder                  Y    Y    Y    Y    Y    Y    Y    Y    Y
api: match sites                              Y    Y    Y    Y    Y    Y    Y    Y    Y
"""


def parse_sites(table: str) -> dict[tuple[str, str], bool]:
    lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
    expected = {}
    for line in lines:
        words = line.split()
        action, flags = " ".join(words[: -len(SITE_ROLES)]), words[-len(SITE_ROLES) :]
        assert set(flags) <= {"Y", "-"}, line
        for role, flag in zip(SITE_ROLES, flags, strict=True):
            expected[(action, role)] = flag == "Y"
    return expected


SITE_EXPECTED = parse_sites(SITE_MATRIX)


@pytest.fixture
def sites_world(db):
    from tests.factories import AgencyFactory, ProvinceFactory, UserFactory, ZoneFactory
    from tests.investments.factories import ProjectFactory
    from tests.sites.factories import SiteReportFactory
    from xuctien.core.roles import Role
    from xuctien.sites.models import State

    ProvinceFactory()
    park = ZoneFactory(code="KCN-P", name_vi="KCN P", status="operating")
    other = ZoneFactory(code="KCN-Q", name_vi="KCN Q", status="operating")
    published = SiteReportFactory(zone=park, available_ha=Decimal(40))
    return {
        "park": park,
        "published": published,
        "draft": SiteReportFactory(zone=park, available_ha=Decimal(99), state=State.DRAFT),
        "submitted": SiteReportFactory(zone=park, available_ha=Decimal(77),
                                       state=State.SUBMITTED),
        "other_draft": SiteReportFactory(zone=other, available_ha=Decimal(5),
                                         state=State.DRAFT),
        "project": ProjectFactory(),
        "users": {
            "adm": UserFactory(username="sadmin", role=Role.ADMIN, is_staff=True,
                                 is_superuser=True),
            "sec": UserFactory(username="sthuky", role=Role.SECRETARIAT),
            "lead": UserFactory(username="slanhdao", role=Role.LEADERSHIP),
            "auth": UserFactory(username="sqeza", role=Role.AGENCY,
                                     agency=AgencyFactory(code="QEZA", kind="board")),
            "off": UserFactory(username="ssct", role=Role.AGENCY,
                                   agency=AgencyFactory(code="SCT")),
            "dev": UserFactory(username="sdev", role=Role.DEVELOPER, zone=park),
            "odev": UserFactory(username="sdev2", role=Role.DEVELOPER, zone=other),
            "inv": UserFactory(username="snhadautu", role=Role.INVESTOR),
        },
    }  # fmt: skip


def _report_url(w) -> str:
    return reverse("sites:zone-report", args=["KCN-P"])


def _plots(code: str) -> dict[str, str]:
    return {"plots-TOTAL_FORMS": "1", "plots-INITIAL_FORMS": "0", "plots-MIN_NUM_FORMS": "0",
            "plots-MAX_NUM_FORMS": "500", "plots-0-code": code, "plots-0-area_ha": "2",
            "plots-0-status": "available", "plots-0-price_usd_m2": ""}  # fmt: skip


def _sheet() -> SimpleUploadedFile:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(["Key", "Figure", "Value"])
    sheet.append(["source_url", "Source", "Chủ đầu tư"])
    sheet.append(["available_ha", "Available land", 66])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("p.xlsx", out.getvalue())


def _state(w, key: str) -> str:
    return type(w[key]).objects.get(pk=w[key].pk).state


def _listed(key: str):
    def shown(response, w) -> bool:
        if response.status_code != 200:
            return False
        return w[key] in response.context["reports"]

    return shown


def _api_figure(value: str):
    def shown(response, w) -> bool:
        figure = response.json()["figures"]["available_ha"]
        return figure is not None and figure["value"] == value

    return shown


def _ok(response, w) -> bool:
    return response.status_code == 200


def _choose(c, w):
    return c.post(reverse("sites:choose"), {"project": w["project"].pk, "zone": "KCN-P"})


# action -> (do it, allowed? from the response and the world)
SITE_ACTIONS = {
    "read: P's draft in the reports list": (
        lambda c, w: c.get(reverse("sites:review")), _listed("draft")),
    "read: P's draft report page": (
        lambda c, w: c.get(reverse("sites:report", args=[w["draft"].pk])), _ok),
    "read: Q's draft in the reports list": (
        lambda c, w: c.get(reverse("sites:review")), _listed("other_draft")),
    "read: a published report page": (
        lambda c, w: c.get(reverse("sites:report", args=[w["published"].pk])), _ok),
    "read: a draft figure in the zones API": (
        lambda c, w: c.get("/api/v1/zones/KCN-P/"), _api_figure("99.00")),
    "read: a published figure in the zones API": (
        lambda c, w: c.get("/api/v1/zones/KCN-P/"), _api_figure("40.00")),
    "read: a draft figure on the zone page": (
        lambda c, w: c.get(reverse("zone-detail", args=["KCN-P"])),
        lambda r, w: "99 ha" in r.content.decode()),
    "page: open P's report form": (lambda c, w: c.get(_report_url(w)), _ok),
    "page: save a draft figure": (
        lambda c, w: c.post(_report_url(w), {"available_ha": "55", "source_url": "x",
                                            "save": "1"}),
        lambda r, w: type(w["draft"]).objects.get(pk=w["draft"].pk).available_ha == 55),
    "page: submit the draft": (
        lambda c, w: c.post(_report_url(w), {"available_ha": "99", "source_url": "x",
                                            "submit": "1"}),
        lambda r, w: _state(w, "draft") == "submitted"),
    "page: publish a submitted report": (
        lambda c, w: c.post(reverse("sites:report", args=[w["submitted"].pk]),
                            {"decision": "publish"}),
        lambda r, w: _state(w, "submitted") == "published"),
    "page: return a submitted report": (
        lambda c, w: c.post(reverse("sites:report", args=[w["submitted"].pk]),
                            {"decision": "return", "note": "Thiếu nguồn"}),
        lambda r, w: _state(w, "submitted") == "rejected"),
    "page: list a plot": (
        lambda c, w: c.post(_report_url(w), {"source_url": "x", "save": "1", **_plots("L-1")}),
        lambda r, w: w["draft"].plots.filter(code="L-1").exists()),
    "page: export P's sheet": (
        lambda c, w: c.get(_report_url(w), {"export": "xlsx"}),
        lambda r, w: r.status_code == 200 and "spreadsheetml" in r.get("Content-Type", "")),
    "page: import P's sheet": (
        lambda c, w: c.post(_report_url(w), {"import": "1", "file": _sheet()}),
        lambda r, w: type(w["draft"]).objects.get(pk=w["draft"].pk).available_ha == 66),
    "page: the staff site finder": (
        lambda c, w: c.get(reverse("sites:finder"), {"land_min_ha": "10"}),
        lambda r, w: r.status_code == 200 and "KCN P" in r.content.decode()),
    "page: choose a site for a project": (
        _choose, lambda r, w: type(w["project"]).objects.get(pk=w["project"].pk).zone_id
        == w["park"].pk),
    "page: the portal site finder": (
        lambda c, w: c.get(reverse("portal:site-finder", args=[w["park"].province.slug]),
                          {"land_min_ha": "10"}),
        lambda r, w: r.status_code == 200 and "KCN P" in r.content.decode()),
    "api: match sites": (
        lambda c, w: c.post("/api/v1/sites/match", {"land_min_ha": "10"},
                            content_type="application/json"),
        lambda r, w: r.status_code == 200 and r.json()[0]["code"] == "KCN-P"),
}  # fmt: skip


def test_the_sites_table_covers_every_action_and_role():
    assert {action for action, _role in SITE_EXPECTED} == set(SITE_ACTIONS)
    assert len(SITE_EXPECTED) == len(SITE_ACTIONS) * len(SITE_ROLES)


@pytest.mark.parametrize(("action", "role"), list(SITE_EXPECTED), ids=lambda v: v.replace(" ", "_"))
def test_each_role_may_do_exactly_what_the_sites_table_says(client, sites_world, action, role):
    if role != "anon":
        client.force_login(sites_world["users"][role])
    do, allowed = SITE_ACTIONS[action]

    response = do(client, sites_world)

    assert allowed(response, sites_world) == SITE_EXPECTED[(action, role)], (
        response.status_code,
        response.content[:300],
    )
    if not SITE_EXPECTED[(action, role)] and action.startswith("page"):
        if role == "anon":
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        else:
            assert response.status_code in (403, 404), response.status_code
