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
