"""Demo accounts, one per role, so a visitor can see the app as each user sees it.

These people are synthetic: their names say so, and so does their email domain.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from xuctien.core.models import Agency, Province, User, Zone
from xuctien.core.roles import Role

DEMO_PASSWORD = "xuctien-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    agency_code: str = ""
    zone_code: str = ""


ACCOUNTS = (
    DemoAccount("quantri", Role.ADMIN, "Quản trị (minh hoạ)"),
    DemoAccount("thuky", Role.SECRETARIAT, "Thư ký chương trình (minh hoạ)", "SCT"),
    DemoAccount("lanhdao", Role.LEADERSHIP, "Lãnh đạo tỉnh (minh hoạ)"),
    DemoAccount("socongthuong", Role.AGENCY, "Chuyên viên Sở Công Thương (minh hoạ)", "SCT"),
    DemoAccount("banqlkkt", Role.AGENCY, "Chuyên viên Ban QLKKT (minh hoạ)", "QEZA"),
    DemoAccount("chudautu", Role.DEVELOPER, "Chủ đầu tư hạ tầng KCN (minh hoạ)", "", "KCN-DONGMAI"),
    DemoAccount("nhadautu", Role.INVESTOR, "Nhà đầu tư (minh hoạ)"),
    DemoAccount("quocgia", Role.NATIONAL, "Chuyên viên Bộ (minh hoạ)"),
    DemoAccount("quantriquocgia", Role.NATIONAL_ADMIN, "Quản trị quốc gia (minh hoạ)"),
)


def demo_steps() -> list[tuple[str, Callable[[Province], str]]]:
    """Synthetic records that fill the demo's earlier stages; never loaded outside it."""
    from xuctien.investments.quangninh import load_demo_pipeline
    from xuctien.portal.demo import load_demo_opportunities
    from xuctien.screening.demo import load_demo_facts

    return [
        ("synthetic pipeline (minh hoạ)", load_demo_pipeline),
        ("synthetic opportunities (minh hoạ)", load_demo_opportunities),
        ("synthetic screening facts (minh hoạ)", load_demo_facts),
    ]


@transaction.atomic
def ensure_demo_accounts(province: Province | None = None) -> list[DemoAccount]:
    """Create the demo accounts that are missing; leave existing ones as they are."""
    province = province or Province.objects.sole()  # none yet: accounts without a body
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        user = User(
            username=account.username,
            role=account.role,
            # Vietnamese names put the family name first: keep the whole name in one field
            # so get_full_name() shows it as written.
            first_name=account.full_name,
            email=f"{account.username}@demo.xuctien.invalid",
            agency=Agency.objects.filter(province=province, code=account.agency_code).first(),
            zone=Zone.objects.filter(province=province, code=account.zone_code).first(),
            is_staff=account.role == Role.ADMIN,
            is_superuser=account.role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return list(ACCOUNTS)
