"""Synthetic enterprise requests for the demo, so every aftercare page has something to show.

Every record is invented: the company and each request carry ``is_synthetic`` and end in
"(minh hoạ)". The dates follow today, so the demo always has requests answered on time,
answered late, overdue and escalated, closed and rated, reopened, still in progress, and
three of one kind at one agency (a pattern). ``xuctien demo`` calls ``load_demo_requests``
after the demo accounts exist (the steps need their authors: the investor "nhadautu"
submits, confirms, reopens and rates; the agency officers answer; the secretariat
"thuky" records meetings, routes and closes); ``load_quangninh`` does not, so a real
deployment never gets them.

Every step goes through ``aftercare.services``, dated by its ``today`` argument. A
category without a routing rule gets a default one (the agency that usually handles it,
a deadline in working days), noted as a default for the secretariat to confirm: it is
configuration, not a published figure. What already exists is left as it is, so a
second run creates nothing and writes no history.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from xuctien.actions.calendar import WorkCalendar, add_working_days
from xuctien.actions.holidays import load_calendar
from xuctien.aftercare import services
from xuctien.aftercare.models import Assignment, Category, Channel, Request, RoutingRule
from xuctien.core.models import Agency, Province, User
from xuctien.core.roles import Role
from xuctien.history import acting_as
from xuctien.investments.models import Investor
from xuctien.portal.models import Membership

MARK = "(minh hoạ)"
COMPANY = f"Công ty TNHH Minh hoạ Xúc Tiến {MARK}"
INVESTOR_ACCOUNT = "nhadautu"
SECRETARIAT_ACCOUNT = "thuky"
RULE_NOTE = "Mặc định khi tải bản minh hoạ: thư ký chương trình cần xác nhận cơ quan và thời hạn."
# What an enterprise writes, in Vietnamese; the request is marked synthetic on every page.
SYNTHETIC = "Nội dung giả lập để minh hoạ."

#: category: agency codes to try in turn (the first one loaded and current wins), and the
#: working days allowed. Construction permits go to the construction department when one
#: is loaded (found by name), else to the economic zone authority.
DEFAULT_RULES: dict[str, tuple[tuple[str, ...], int]] = {
    Category.LAND: (("SNNMT", "UBND-TINH"), 15),
    Category.PROCEDURES: (("QEZA", "IPA"), 10),
    Category.CONSTRUCTION: (("QEZA",), 15),
    Category.ENVIRONMENT: (("SNNMT",), 15),
    Category.LABOUR: (("SNV", "SLDTBXH"), 10),
    Category.INFRASTRUCTURE: (("SCT",), 10),
    Category.CUSTOMS_TAX: (("STC",), 10),
    Category.OTHER: (("IPA",), 10),
}
FALLBACK_AGENCIES = ("IPA", "UBND-TINH")
CONSTRUCTION_DEPARTMENT = "Sở Xây dựng"

ON_TIME, LATE, IN_PROGRESS, OVERDUE = "on_time", "late", "in_progress", "overdue"


@dataclass(frozen=True)
class DemoRequest:
    title: str
    category: str
    description: str
    days_ago: int  # received that many calendar days before today (next working day)
    outcome: str  # ON_TIME, LATE, IN_PROGRESS or OVERDUE
    answer: str = ""
    channel: str = Channel.PORTAL  # other channels are recorded by the secretariat
    score: int | None = None  # the enterprise's mark, two working days after the answer
    close: bool = False  # the secretariat closes it once the enterprise's wait is over
    reopen: str = ""  # the enterprise reopens it a few working days before today


REQUESTS = (
    # Three procedures requests at one agency within 90 days: the patterns page shows them.
    DemoRequest(
        "Kéo dài thời gian điều chỉnh giấy chứng nhận đăng ký đầu tư",
        Category.PROCEDURES,
        "Hồ sơ điều chỉnh vốn đầu tư đã nộp đủ nhưng chưa có kết quả.",
        84,
        ON_TIME,
        "Đã hoàn thành điều chỉnh giấy chứng nhận; doanh nghiệp nhận kết quả tại bộ phận một cửa.",
        score=5,
        close=True,
    ),
    DemoRequest(
        "Vướng mắc thủ tục chấp thuận chủ trương mở rộng nhà xưởng",
        Category.PROCEDURES,
        "Chưa rõ dự án mở rộng có phải xin chấp thuận lại chủ trương đầu tư hay không.",
        47,
        LATE,
        "Dự án mở rộng thuộc trường hợp điều chỉnh chủ trương; đã gửi hướng dẫn hồ sơ.",
        score=3,
    ),
    DemoRequest(
        "Chưa rõ thành phần hồ sơ điều chỉnh tiến độ dự án",
        Category.PROCEDURES,
        "Đề nghị hướng dẫn thành phần hồ sơ khi điều chỉnh tiến độ thực hiện dự án.",
        8,
        IN_PROGRESS,
    ),
    DemoRequest(
        "Xin hướng dẫn cấp giấy phép xây dựng nhà kho",
        Category.CONSTRUCTION,
        "Doanh nghiệp cần xây thêm nhà kho trong khuôn viên nhà máy.",
        63,
        ON_TIME,
        "Công trình thuộc diện miễn giấy phép xây dựng; đã hướng dẫn thủ tục thông báo khởi công.",
        score=4,
    ),
    DemoRequest(
        "Điện cấp cho nhà máy chập chờn, cần nâng công suất trạm biến áp",
        Category.INFRASTRUCTURE,
        "Sự cố mất điện lặp lại làm gián đoạn dây chuyền sản xuất.",
        100,
        ON_TIME,
        "Đã làm việc với đơn vị điện lực; trạm biến áp được nâng công suất trong quý.",
    ),
    DemoRequest(
        "Đường gom vào khu công nghiệp chưa hoàn thiện",
        Category.INFRASTRUCTURE,
        "Xe container khó ra vào nhà máy vì đường gom chưa được thảm nhựa.",
        35,
        LATE,
        "Đã đề nghị chủ đầu tư hạ tầng hoàn thiện đường gom.",
        reopen="Đường gom vẫn chưa được thảm nhựa, chưa có thời hạn hoàn thành.",
    ),
    DemoRequest(
        "Chậm bàn giao phần diện tích đất còn lại của dự án",
        Category.LAND,
        "Còn một phần diện tích chưa giải phóng mặt bằng xong, chưa bàn giao cho doanh nghiệp.",
        40,
        OVERDUE,
        channel=Channel.MEETING,
    ),
    DemoRequest(
        "Thời gian thẩm định báo cáo đánh giá tác động môi trường",
        Category.ENVIRONMENT,
        "Đề nghị cho biết thời hạn thẩm định báo cáo đánh giá tác động môi trường.",
        70,
        ON_TIME,
        "Đã thông báo lịch họp hội đồng thẩm định và thời hạn trả kết quả.",
    ),
    DemoRequest(
        "Hoàn thuế giá trị gia tăng đối với hàng xuất khẩu chậm",
        Category.CUSTOMS_TAX,
        "Hồ sơ hoàn thuế giá trị gia tăng nộp đã lâu nhưng chưa được giải quyết.",
        56,
        ON_TIME,
        "Hồ sơ đủ điều kiện; đã chuyển cơ quan thuế giải quyết hoàn thuế.",
    ),
    DemoRequest(
        "Khó tuyển kỹ sư và công nhân kỹ thuật",
        Category.LABOUR,
        "Đề nghị kết nối với các cơ sở đào tạo nghề để tuyển lao động kỹ thuật.",
        26,
        LATE,
        "Đã giới thiệu doanh nghiệp với các trường cao đẳng nghề trên địa bàn.",
    ),
)


def _title(spec: DemoRequest) -> str:
    return f"{spec.title} {MARK}"


def _current(today: date) -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gte=today)


def _default_agency(province: Province, category: str, today: date) -> Agency | None:
    agencies = Agency.objects.filter(_current(today), province=province)
    if category == Category.CONSTRUCTION:
        department = agencies.filter(name_vi__istartswith=CONSTRUCTION_DEPARTMENT).first()
        if department is not None:
            return department
    codes, _days = DEFAULT_RULES[category]
    found = {a.code: a for a in agencies.filter(code__in=[*codes, *FALLBACK_AGENCIES])}
    return next((found[c] for c in (*codes, *FALLBACK_AGENCIES) if c in found), None)


def _ensure_rules(province: Province, manager: User, today: date) -> int:
    """A default rule for each category that has none; the secretariat confirms them."""
    created = 0
    for category, (_codes, days) in DEFAULT_RULES.items():
        if RoutingRule.objects.filter(province=province, category=category).exists():
            continue
        agency = _default_agency(province, category, today)
        if agency is not None:
            services.save_rule(manager, category, agency, days, RULE_NOTE, province=province)
            created += 1
    return created


def _ensure_company(investor: User, manager: User) -> Investor:
    """The synthetic company, with the demo investor account as its accepted owner."""
    with acting_as(manager):
        company = Investor.objects.filter(name=COMPANY).first()
        if company is None:
            company = Investor.objects.create(name=COMPANY, country="VN", is_synthetic=True)
        if not Membership.objects.filter(user=investor, investor=company).exists():
            Membership.objects.create(
                user=investor,
                investor=company,
                role=Membership.Role.OWNER,
                invited_by=manager,
                accepted_at=timezone.now(),
            )
    return company


def _answerer(assignment: Assignment, manager: User) -> User:
    """An officer of the assigned agency; else the secretariat records its letter."""
    officer = User.objects.filter(
        role=Role.AGENCY, agency=assignment.agency_id, is_active=True
    ).first()
    return officer or manager


def _backdate_answer(assignment: Assignment, day: date) -> None:
    # ``services.answer`` stamps ``answered_at`` with the clock; the demo answers on an
    # earlier business day, so the stamp is moved to that day. Bookkeeping only: the
    # answer's date (``answered_on``), its text and the timeline come from the service.
    stamp = timezone.make_aware(datetime.combine(day, time(10, 0)))
    Assignment.objects.filter(pk=assignment.pk).update(answered_at=stamp)


def _answer_day(spec: DemoRequest, assignment: Assignment, calendar: WorkCalendar) -> date:
    if spec.outcome == LATE:
        return add_working_days(assignment.deadline, 4, calendar)
    earliest = add_working_days(assignment.assigned_on, 1, calendar)
    return max(earliest, add_working_days(assignment.deadline, -3, calendar))


def _work_on(
    request: Request,
    spec: DemoRequest,
    people: tuple[User, User],
    today: date,
    calendar: WorkCalendar,
) -> None:
    """Take the request through the steps its outcome needs, each on its own day."""
    manager, investor = people
    for assignment in request.open_assignments().select_related("agency"):
        officer = _answerer(assignment, manager)
        started = add_working_days(assignment.assigned_on, 1, calendar)
        if spec.outcome == OVERDUE or started > today:
            continue  # nobody took it up: the daily escalation finds it
        services.start(officer, assignment, today=started)
        day = _answer_day(spec, assignment, calendar)
        if spec.outcome == IN_PROGRESS or day > today:
            continue  # still being worked on
        request.refresh_from_db()
        assignment = request.assignments.get(pk=assignment.pk)
        services.answer(officer, assignment, spec.answer, today=day)
        _backdate_answer(assignment, day)
    request.refresh_from_db()
    if request.answered_on is None:
        return
    answered = request.answered_on
    if spec.score is not None:
        rated = min(add_working_days(answered, 2, calendar), today)
        services.rate(investor, request, spec.score, SYNTHETIC, today=rated)
    if spec.close:
        allowed = services.may_close_from(request)
        if allowed is not None and allowed <= today:
            services.close(manager, request, today=allowed)
    if spec.reopen:
        day = max(add_working_days(today, -3, calendar), answered + timedelta(days=1))
        if day <= today:
            services.reopen(investor, request, spec.reopen, today=day)


def _submit(
    province: Province,
    spec: DemoRequest,
    company: Investor,
    investor: User,
    manager: User,
    received: date,
) -> Request:
    author = investor if spec.channel == Channel.PORTAL else manager
    return services.submit_request(
        author,
        company,
        province=province,
        category=spec.category,
        title=_title(spec),
        description=f"{spec.description}\n\n{SYNTHETIC}",
        channel=spec.channel,
        received_on=received,
        is_synthetic=True,
        today=received,
    )


def _people() -> tuple[User | None, User | None]:
    managers = Q(is_superuser=True) | Q(role__in=[Role.SECRETARIAT, Role.ADMIN])
    active = User.objects.filter(is_active=True)
    manager = (
        active.filter(username=SECRETARIAT_ACCOUNT, role=Role.SECRETARIAT).first()
        or active.filter(managers).order_by("role", "pk").first()
    )
    investor = active.filter(username=INVESTOR_ACCOUNT, role=Role.INVESTOR).first()
    return manager, investor


def load_demo_requests(today: date | None = None, province: Province | None = None) -> str:
    """Create the synthetic company and requests that are missing; a one-line summary."""
    today = today or timezone.localdate()
    manager, investor = _people()
    if manager is None or investor is None:
        return "demo requests: skipped (no secretariat or investor account yet)"
    province = Province.objects.given_or_sole(province)
    calendar = load_calendar()
    created = escalated = 0
    with transaction.atomic():
        rules = _ensure_rules(province, manager, today)
        company = _ensure_company(investor, manager)
        for spec in REQUESTS:
            if Request.objects.filter(enterprise=company, title=_title(spec)).exists():
                continue
            received = add_working_days(today - timedelta(days=spec.days_ago), 0, calendar)
            request = _submit(province, spec, company, investor, manager, received)
            _work_on(request, spec, (manager, investor), today, calendar)
            created += 1
        if created:
            # What the daily task would have done by today (it only ever raises a level).
            escalated = len(services.escalate_overdue(today))
    return (
        f"demo requests: {created} created, {len(REQUESTS) - created} already there; "
        f"{rules} default routing rules, {escalated} escalated"
    )
