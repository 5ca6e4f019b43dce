"""Synthetic tasks for the demo, so the overdue list and the scorecard have something to show.

Every one is invented: ``is_synthetic`` is set and each title ends in "(minh hoạ)". The
dates follow today, so the demo always has tasks done on time, done late, overdue and not
yet due, spread over several agencies. ``xuctien demo`` calls ``load_demo_tasks`` after
the demo accounts exist (the reports need an author); ``load_quangninh`` does not, so a
real deployment never gets them. A task that already exists is left as it is.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from xuctien.actions import services
from xuctien.actions.models import Occurrence, Recurrence, Task
from xuctien.core.models import Agency, Province, User
from xuctien.core.roles import Role
from xuctien.programmes.models import SolutionGroup

MARK = "(minh hoạ)"
#: What happens to each past occurrence, in turn: the scorecard needs all three.
OUTCOMES = ("on_time", "late", "on_time", "overdue", "late", "on_time")
MARK_EN = "(synthetic)"
#: Each synthetic title in English, for the English pages.
TITLES_EN = {
    "Báo cáo quý tình hình thu hút đầu tư vào các KCN": (
        "Quarterly report on investment attracted into the industrial parks"
    ),
    "Báo cáo tháng tiến độ giải phóng mặt bằng các KCN": (
        "Monthly report on site clearance progress in the industrial parks"
    ),
    "Cập nhật danh mục dự án kêu gọi đầu tư": "Update the list of projects open to investors",
    "Báo cáo quý chỉ số sản xuất công nghiệp chế biến, chế tạo": (
        "Quarterly report on the manufacturing production index"
    ),
    "Đánh giá năm về chỉ số năng lực cạnh tranh cấp tỉnh": (
        "Yearly review of the provincial competitiveness index"
    ),
    "Rà soát nhu cầu lao động chất lượng cao của doanh nghiệp FDI": (
        "Review FDI enterprises' needs for high-quality labour"
    ),
    "Xây dựng kế hoạch đào tạo nghề cho các KCN": (
        "Draw up a vocational training plan for the industrial parks"
    ),
    "Rút ngắn thời gian cấp giấy chứng nhận đăng ký đầu tư": (
        "Shorten the time taken to issue investment registration certificates"
    ),
}


@dataclass(frozen=True)
class DemoTask:
    title: str
    agency: str
    group: str  # the code of one of the programme's solution groups
    recurrence: str = Recurrence.NONE
    years_back: int = 1  # recurring: from 1 January that many years ago to 31 December
    starts_days_ago: int = 60  # one-off: started that many days ago…
    due_in_days: int | None = None  # …and due in that many days (negative: in the past)
    working_days: int | None = None
    coordinating: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = OUTCOMES


TASKS = (
    DemoTask(
        "Báo cáo quý tình hình thu hút đầu tư vào các KCN",
        "QEZA",
        "sites",
        Recurrence.QUARTERLY,
        working_days=10,
        coordinating=("IPA",),
    ),
    DemoTask(
        "Báo cáo tháng tiến độ giải phóng mặt bằng các KCN",
        "UBND-HUYEN",
        "sites",
        Recurrence.MONTHLY,
        years_back=0,
        coordinating=("QEZA",),
    ),
    DemoTask(
        "Cập nhật danh mục dự án kêu gọi đầu tư",
        "IPA",
        "admin_reform",
        Recurrence.HALF_YEARLY,
    ),
    DemoTask(
        "Báo cáo quý chỉ số sản xuất công nghiệp chế biến, chế tạo",
        "SCT",
        "infrastructure",
        Recurrence.QUARTERLY,
        coordinating=("TKQN",),
    ),
    DemoTask(
        "Đánh giá năm về chỉ số năng lực cạnh tranh cấp tỉnh",
        "SNV",
        "admin_reform",
        Recurrence.YEARLY,
    ),
    DemoTask(
        "Rà soát nhu cầu lao động chất lượng cao của doanh nghiệp FDI",
        "SLDTBXH",
        "human_resources",
        starts_days_ago=120,
        due_in_days=-40,
        outcomes=("overdue",),
    ),
    DemoTask(
        "Xây dựng kế hoạch đào tạo nghề cho các KCN",
        "SGDDT",
        "human_resources",
        starts_days_ago=30,
        due_in_days=45,
        coordinating=("SLDTBXH",),
    ),
    DemoTask(
        "Rút ngắn thời gian cấp giấy chứng nhận đăng ký đầu tư",
        "QEZA",
        "admin_reform",
        starts_days_ago=90,
        working_days=20,
        outcomes=("late",),
    ),
)


def _manager() -> User | None:
    managers = Q(is_superuser=True) | Q(role__in=[Role.SECRETARIAT, Role.ADMIN])
    return User.objects.filter(managers, is_active=True).order_by("role", "pk").first()


def _reporter(agency: Agency, manager: User) -> User:
    """An officer of the lead agency if there is one; else the secretariat reports."""
    officer = User.objects.filter(role=Role.AGENCY, agency=agency, is_active=True).first()
    return officer or manager


def _new_task(spec: DemoTask, agency: Agency, today: date) -> Task:
    groups = SolutionGroup.objects.filter(programme__province=agency.province, code=spec.group)
    group = groups.select_related("programme").first()
    task = Task(
        province=agency.province,
        title_vi=f"{spec.title} {MARK}",
        title_en=f"{TITLES_EN[spec.title]} {MARK_EN}" if spec.title in TITLES_EN else "",
        lead_agency=agency,
        solution_group=group,
        programme=group.programme if group else None,
        recurrence=spec.recurrence,
        deadline_working_days=spec.working_days,
        is_synthetic=True,
        note="Nhiệm vụ giả lập để minh hoạ (a synthetic task for the demonstration).",
    )
    if spec.recurrence != Recurrence.NONE:
        task.start_date = date(today.year - spec.years_back, 1, 1)
        task.deadline = date(today.year, 12, 31)
    else:
        task.start_date = today - timedelta(days=spec.starts_days_ago)
        if spec.due_in_days is not None:
            task.deadline = today + timedelta(days=spec.due_in_days)
    return task


def _report(author: User, occurrence: Occurrence, outcome: str, today: date) -> None:
    """Report on a past occurrence so that it ends done on time, done late, or overdue."""
    due = occurrence.due_date
    if outcome == "on_time":
        percent, day = 100, due - timedelta(days=3)
    elif outcome == "late" and due + timedelta(days=12) <= today:
        percent, day = 100, due + timedelta(days=12)
    else:
        percent, day = 40, due - timedelta(days=5)
    text = "Báo cáo minh hoạ."  # what an officer writes, in Vietnamese
    occurrence.refresh_from_db()
    services.report_progress(
        author, occurrence, text=text, percent=percent, reported_on=min(day, today), today=today
    )


def _add_reports(task: Task, spec: DemoTask, author: User, today: date, offset: int) -> None:
    past = task.occurrences.filter(due_date__lt=today).order_by("due_date")
    for index, occurrence in enumerate(past):
        outcome = spec.outcomes[(offset + index) % len(spec.outcomes)]
        _report(author, occurrence, outcome, today)
    upcoming = task.occurrences.filter(due_date__gte=today).order_by("due_date").first()
    if upcoming is not None:
        upcoming.refresh_from_db()
        text = "Đang triển khai (minh hoạ)."
        services.report_progress(author, upcoming, text=text, percent=30, today=today)


def load_demo_tasks(today: date | None = None, province: Province | None = None) -> str:
    """Create the synthetic demo tasks that are missing; returns a one-line summary."""
    province = Province.objects.given_or_sole(province)
    today = today or timezone.localdate()
    manager = _manager()
    if manager is None:
        return "demo tasks: skipped (no secretariat or administrator account yet)"
    codes = [code for t in TASKS for code in (t.agency, *t.coordinating)]
    agencies = {a.code: a for a in Agency.objects.filter(province=province, code__in=codes)}
    created = 0
    with transaction.atomic():
        for offset, spec in enumerate(TASKS):
            title = f"{spec.title} {MARK}"
            there = Task.objects.filter(province=province, title_vi=title).exists()
            if spec.agency not in agencies or there:
                continue
            coordinating = [agencies[c] for c in spec.coordinating if c in agencies]
            task = services.create_task(
                manager, _new_task(spec, agencies[spec.agency], today), coordinating, today
            )
            _add_reports(task, spec, _reporter(task.lead_agency, manager), today, offset)
            created += 1
    return f"demo tasks: {created} created, {len(TASKS) - created} already there or skipped"
