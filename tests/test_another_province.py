"""The permission matrix's column "another province": every role of Quảng Ninh against every
read and write of a second province's records (Hải Phòng here), which must all be refused;
Hải Phòng's own secretariat does each of them, so each check can fail.

Reads of private records answer 404 (as for another company's records); writes are refused
and nothing changes. Quảng Ninh's administrator is a province administrator, not a superuser
(a superuser is the installation's, over every province).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.actions.factories import TaskFactory
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    ObservationFactory,
    ProgrammeFactory,
    ProvinceFactory,
    TargetFactory,
    UserFactory,
    ZoneFactory,
)
from tests.investments.factories import InvestorFactory, ProjectFactory
from xuctien.actions.models import Comment, ProgressReport
from xuctien.aftercare import services as aftercare
from xuctien.aftercare.models import Category, RoutingRule
from xuctien.core.roles import Role
from xuctien.investments.models import Stage
from xuctien.portal.models import Membership
from xuctien.programmes.models import Observation, PeriodLock, Target

pytestmark = [pytest.mark.permissions, pytest.mark.django_db]

#: Quảng Ninh's people, one per role; "theirs" is Hải Phòng's secretariat (the control).
ROLES = ["admin", "secretariat", "leadership", "officer", "developer", "investor", "theirs"]


@pytest.fixture
def hai_phong(db):
    """Hải Phòng with a programme, figures, a task, a request and a lead of its own."""
    ProvinceFactory()  # Quảng Ninh, home of the people under test
    hp = ProvinceFactory(code="HP", name_vi="Thành phố Hải Phòng", name_en="Hai Phong City")
    sct = AgencyFactory(province=hp, code="SCT", name_vi="Sở Công Thương Hải Phòng")
    share = IndicatorFactory(
        programme=ProgrammeFactory(province=hp, code="NQ01"), code="SHARE", responsible_agency=sct
    )
    company = InvestorFactory(name="Công ty Hai Tỉnh", is_synthetic=True)
    owner = UserFactory(username="hp-investor", role=Role.INVESTOR, province=hp)
    Membership.objects.create(
        user=owner, investor=company, role=Membership.Role.OWNER, accepted_at=timezone.now()
    )
    RoutingRule.objects.create(province=hp, category=Category.LAND, agency=sct, working_days=5)
    request = aftercare.submit_request(
        owner,
        company,
        province=hp,
        category=Category.LAND,
        title="Chậm bàn giao đất",
        description="Đất chưa được bàn giao.",
        received_on=date(2025, 3, 3),
        today=date(2025, 3, 3),
    )
    task = TaskFactory(lead_agency=sct, deadline=date(2025, 6, 30))
    return {
        "province": hp,
        "share": share,
        "draft": ObservationFactory(
            indicator=share, period="2023", value=Decimal("14"), status="draft"
        ),
        "submitted": ObservationFactory(
            indicator=share, period="2022", value=Decimal("13"), status="submitted"
        ),
        "lock": PeriodLock.objects.create(programme=share.programme, year=2019, reason="x"),
        "target": TargetFactory(indicator=share, value=Decimal("15")),
        "task": task,
        "request": request,
        "lead": ProjectFactory(
            name="Dự án bí mật", zone=ZoneFactory(province=hp, code="KCN-HP"), stage=Stage.LEAD
        ),
        "company": company,
    }


@pytest.fixture
def people(hai_phong):
    """Quảng Ninh's people (the agency, zone and company of the same codes and names)."""
    qn_sct = AgencyFactory(code="SCT", name_vi="Sở Công Thương")
    investor = UserFactory(username="qn-investor", role=Role.INVESTOR)
    Membership.objects.create(
        user=investor,
        investor=hai_phong["company"],
        role=Membership.Role.OWNER,
        accepted_at=timezone.now(),
    )
    return {
        "admin": UserFactory(username="qn-admin", role=Role.ADMIN, is_staff=True),
        "secretariat": UserFactory(username="qn-thuky", role=Role.SECRETARIAT),
        "leadership": UserFactory(username="qn-lanhdao", role=Role.LEADERSHIP),
        "officer": UserFactory(username="qn-sct", role=Role.AGENCY, agency=qn_sct),
        "developer": UserFactory(
            username="qn-kcn", role=Role.DEVELOPER, zone=ZoneFactory(code="KCN-HP")
        ),
        "investor": investor,
        "theirs": UserFactory(
            username="hp-thuky", role=Role.SECRETARIAT, province=hai_phong["province"]
        ),
    }


def _figure(w, **changes):
    data = {"indicator": "SHARE", "period": "2021", "locality": "", "value": "12.3",
            "qualifier": "exact", "estimate": "final", "source": "Cục Thống kê",
            "source_url": "", "note": "", "action": "draft"}  # fmt: skip
    return {**data, **changes}


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


# action -> (do it with (client, api, world), did it happen?)
ACTIONS = {
    "read: a draft figure on the indicator page": (
        lambda c, a, w: c.get(reverse("programmes:indicator", args=["SHARE"])),
        lambda r, w: r.status_code == 200 and w["draft"] in r.context["pending"],
    ),
    "read: a draft figure in the API list": (
        lambda c, a, w: a.get("/api/v1/observations/"),
        lambda r, w: w["draft"].pk in {row["id"] for row in r.json()["results"]},
    ),
    "read: a draft figure in the API by id": (
        lambda c, a, w: a.get(f"/api/v1/observations/{w['draft'].pk}/"),
        lambda r, w: r.status_code == 200,
    ),
    "read: the task's page": (
        lambda c, a, w: c.get(reverse("actions:task-detail", args=[w["task"].pk])),
        lambda r, w: r.status_code == 200,
    ),
    "read: the task in the API": (
        lambda c, a, w: a.get(reverse("action-task-detail", args=[w["task"].pk])),
        lambda r, w: r.status_code == 200,
    ),
    "read: the request's page": (
        lambda c, a, w: c.get(reverse("aftercare:request-detail", args=[w["request"].pk])),
        lambda r, w: r.status_code == 200,
    ),
    "read: the lead's page": (
        lambda c, a, w: c.get(reverse("investments:project-detail", args=[w["lead"].pk])),
        lambda r, w: r.status_code == 200 and b"KCN-HP" in r.content,
    ),
    "write: correct a draft figure": (
        lambda c, a, w: c.post(
            reverse("programmes:observation-edit", args=[w["draft"].pk]),
            _figure(w, period="2023", value="15.5", version=str(w["draft"].version)),
        ),
        lambda r, w: Observation.objects.get(pk=w["draft"].pk).value == Decimal("15.5"),
    ),
    "write: approve a figure": (
        lambda c, a, w: c.post(
            reverse("programmes:review"), {"action": "approve", "observation": [w["submitted"].pk]}
        ),
        lambda r, w: Observation.objects.get(pk=w["submitted"].pk).status == "approved",
    ),
    "write: change a figure in the API": (
        lambda c, a, w: a.patch(
            f"/api/v1/observations/{w['draft'].pk}/", {"value": "99"}, format="json"
        ),
        lambda r, w: Observation.objects.get(pk=w["draft"].pk).value == Decimal("99"),
    ),
    "write: lock a period": (
        lambda c, a, w: c.post(
            reverse("programmes:periods"),
            {"action": "lock", "programme": "NQ01", "year": "2018", "reason": "x"},
        ),
        lambda r, w: PeriodLock.objects.filter(year=2018, is_locked=True).exists(),
    ),
    "write: reopen a period": (
        lambda c, a, w: c.post(
            reverse("programmes:periods"),
            {"action": "reopen", "lock": w["lock"].pk, "reason": "Sửa số liệu"},
        ),
        lambda r, w: not PeriodLock.objects.get(pk=w["lock"].pk).is_locked,
    ),
    "write: revise a target": (
        lambda c, a, w: c.post(
            reverse("programmes:target-revise", args=[w["target"].pk]),
            {"value": "16", "qualifier": "exact", "document": "NQ sửa", "reason": "Điều chỉnh"},
        ),
        lambda r, w: Target.objects.filter(value=Decimal("16")).exists(),
    ),
    "write: report on the task": (
        lambda c, a, w: c.post(
            reverse("actions:occurrence-report", args=[w["task"].occurrences.get().pk]),
            {
                "text": "Tiến độ",
                "percent": 30,
                "reported_on": "2025-03-01",
                "version": w["task"].occurrences.get().version,
            },
        ),
        lambda r, w: ProgressReport.objects.exists(),
    ),
    "write: comment on the task": (
        lambda c, a, w: c.post(
            reverse("actions:task-comment", args=[w["task"].pk]), {"text": "Ý kiến"}
        ),
        lambda r, w: Comment.objects.exists(),
    ),
    "write: answer the request": (
        lambda c, a, w: c.post(
            reverse("aftercare:assignment-answer", args=[w["request"].assignments.get().pk]),
            {"answer": "Đã xử lý."},
        ),
        lambda r, w: w["request"].assignments.get().answered_on is not None,
    ),
    "write: move the lead": (
        lambda c, a, w: c.post(
            reverse("investments:project-move", args=[w["lead"].pk]),
            {"to_stage": Stage.WITHDRAWN, "reason": "Đi nơi khác", "version": w["lead"].version},
        ),
        lambda r, w: type(w["lead"]).objects.get(pk=w["lead"].pk).stage == Stage.WITHDRAWN,
    ),
}

#: Private reads of another province answer 404 (never 403: its records are not there),
#: unless the role may not read such records at all (403, as at home).
NOT_THERE = {
    "read: a draft figure in the API by id": set(),
    "read: the task's page": {"developer", "investor"},
    "read: the task in the API": {"developer", "investor"},
    "read: the request's page": {"developer"},
}
#: Nobody writes figures through the API, at home either.
NOBODY = {"write: change a figure in the API"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_another_provinces_records_are_refused_to_every_role(
    client, hai_phong, people, role, action
):
    user = people[role]
    client.force_login(user)
    do, happened = ACTIONS[action]

    response = do(client, _api(user), hai_phong)

    if role == "theirs" and action not in NOBODY:  # the control: their secretariat does it
        assert happened(response, hai_phong), (response.status_code, response.content[:300])
        return
    assert not happened(response, hai_phong), (response.status_code, response.content[:300])
    if action in NOT_THERE:
        assert response.status_code == (403 if role in NOT_THERE[action] else 404)
    else:
        assert response.status_code in (200, 302, 403, 404, 405, 422), response.status_code
