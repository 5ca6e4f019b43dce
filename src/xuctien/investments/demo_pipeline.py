"""A synthetic early-stage pipeline for the demo: every record is made up and says so.

Real projects reach the registry at their IRC; the stages before it are confidential and
nothing about them is published. To show the board, the funnel and the forecast at work,
the demo adds these invented leads. Each carries ``is_synthetic`` and "(minh hoạ)" in its
name, is shown as "Dữ liệu minh hoạ / synthetic", and never counts in an indicator or in
the forecast's history.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction

from xuctien.core.models import Province, Zone
from xuctien.investments.models import (
    Interaction,
    Investor,
    Project,
    PromotionEvent,
    Sector,
    Stage,
    StageChange,
)
from xuctien.programmes.importers.upsert import upsert

KEY = "demo:"
T = Decimal(10) ** 12
D = dt.date
EVENT = ("Hội nghị xúc tiến đầu tư tại Seoul (minh hoạ)", "KR", D(2025, 4, 10))
INVESTORS = {
    "kr-elec": ("Công ty Điện tử Hàn Việt (minh hoạ)", "KR"),
    "jp-parts": ("Công ty Phụ tùng Nhật Minh (minh hoạ)", "JP"),
    "cn-energy": ("Công ty Năng lượng Đông Hải (minh hoạ)", "CN"),
    "sg-med": ("Công ty Thiết bị Y tế Sing Việt (minh hoạ)", "SG"),
}
#: key, name, investor, VSIC, zone, expected capital, jobs, dated stages (+ exit reason)
PROJECTS = [
    (
        "semiconductor",
        "Nhà máy linh kiện bán dẫn (minh hoạ)",
        "kr-elec",
        "26",
        "KCN-SONGKHOAI",
        3 * T,
        1500,
        [(Stage.LEAD, D(2025, 9, 1))],
        "",
    ),
    (
        "storage",
        "Nhà máy pin lưu trữ năng lượng (minh hoạ)",
        "cn-energy",
        "27",
        "KCN-BACTIENPHONG",
        5 * T,
        2000,
        [(Stage.LEAD, D(2025, 3, 1)), (Stage.PROSPECT, D(2025, 6, 15))],
        "",
    ),
    (
        "medical",
        "Nhà máy thiết bị y tế (minh hoạ)",
        "sg-med",
        "32",
        "KCN-DONGMAI",
        Decimal("1.2") * T,
        800,
        [
            (Stage.LEAD, D(2024, 11, 1)),
            (Stage.PROSPECT, D(2025, 1, 10)),
            (Stage.SITE_VISIT, D(2025, 5, 20)),
        ],
        "",
    ),
    (
        "auto-parts",
        "Nhà máy phụ tùng ô tô (minh hoạ)",
        "jp-parts",
        "29",
        "KCN-SONGKHOAI",
        Decimal("2.5") * T,
        1200,
        [
            (Stage.LEAD, D(2024, 6, 3)),
            (Stage.PROSPECT, D(2024, 9, 9)),
            (Stage.SITE_VISIT, D(2025, 1, 15)),
            (Stage.DOSSIER, D(2025, 7, 1)),
        ],
        "",
    ),
    (
        "solar-next",
        "Nhà máy tấm pin mặt trời thế hệ mới (minh hoạ)",
        "cn-energy",
        "26",
        "KCN-SONGKHOAI",
        8 * T,
        3000,
        [
            (Stage.LEAD, D(2024, 2, 1)),
            (Stage.PROSPECT, D(2024, 4, 1)),
            (Stage.SITE_VISIT, D(2024, 7, 1)),
            (Stage.DOSSIER, D(2025, 2, 1)),
            (Stage.POLICY_APPROVED, D(2025, 10, 1)),
        ],
        "",
    ),
    (
        "textile",
        "Nhà máy dệt kỹ thuật (minh hoạ)",
        "jp-parts",
        "13",
        "KCN-HAIYEN",
        Decimal("0.6") * T,
        900,
        [
            (Stage.LEAD, D(2024, 5, 1)),
            (Stage.PROSPECT, D(2024, 8, 1)),
            (Stage.WITHDRAWN, D(2025, 2, 1)),
        ],
        "Nhà đầu tư chọn địa điểm khác (minh hoạ)",
    ),
    (
        "robots",
        "Nhà máy robot công nghiệp (minh hoạ)",
        "kr-elec",
        "28",
        "KCN-DONGMAI",
        Decimal("1.5") * T,
        600,
        [
            (Stage.LEAD, D(2024, 10, 1)),
            (Stage.SITE_VISIT, D(2025, 3, 1)),
            (Stage.ON_HOLD, D(2025, 8, 1)),
        ],
        "Chờ quy hoạch điện (minh hoạ)",
    ),
]


@transaction.atomic
def load_demo_pipeline(province: Province | None = None) -> str:
    """Create (or leave as they are) the synthetic investors, event, projects and meetings."""
    province = Province.objects.given_or_sole(province)
    investors = {
        key: upsert(Investor, {"name": name}, {"country": country, "is_synthetic": True})[0]
        for key, (name, country) in INVESTORS.items()
    }
    event = _event(province, list(investors.values()))
    created = sum(_project(province, spec, investors, event) for spec in PROJECTS)
    return f"Synthetic demo pipeline: {created} created, {len(PROJECTS) - created} unchanged"


def _event(province: Province, investors: list[Investor]) -> PromotionEvent:
    name, country, day = EVENT
    values = {
        "kind": PromotionEvent.Kind.CONFERENCE,
        "place": "Seoul",
        "country": country,
        "start_date": day,
        "is_synthetic": True,
    }
    event, outcome = upsert(PromotionEvent, {"province": province, "name": name}, values)
    if outcome == "created":
        event.investors_met.set(investors)
    return event


def _project(province: Province, spec: tuple, investors: dict, event: PromotionEvent) -> int:
    key, name, investor_key, vsic, zone, capital, jobs, stages, reason = spec
    values = {
        "name": name,
        "sector": Sector.objects.filter(code=vsic).first(),
        "zone": Zone.objects.filter(province=province, code=zone).first(),
        "fdi": True,
        "expected_capital_vnd": capital,
        "jobs_planned": jobs,
        "stage": stages[-1][0],
        "stage_since": stages[-1][1],
        "is_synthetic": True,
        "note": "Dữ liệu minh hoạ / synthetic demo record.",
    }
    lookup = {"source_ref": KEY + key}
    project, outcome = upsert(Project, lookup, values, on_create={"province": province})
    if outcome != "created":
        return 0
    project.investors.set([investors[investor_key]])
    previous = ""
    for stage, day in stages:
        StageChange.objects.create(
            project=project,
            from_stage=previous,
            to_stage=stage,
            date=day,
            reason=reason if stage in ("withdrawn", "on_hold") else "",
        )
        previous = stage
    Interaction.objects.create(
        province=province,
        investor=investors[investor_key],
        project=project,
        event=event,
        kind=Interaction.Kind.MEETING,
        date=stages[0][1],
        is_synthetic=True,
        notes="Gặp tại hội nghị; quan tâm quỹ đất và nguồn điện (minh hoạ).",
        next_step="Gửi thông tin quỹ đất (minh hoạ)",
        next_step_due=stages[-1][1],
    )
    return 1
