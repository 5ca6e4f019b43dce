"""Synthetic labour needs for the demo: every one ``is_synthetic``, of the synthetic company.

They show the gap pages at work and never count in the real figures (the pages show real
records unless "synthetic" is chosen).
"""

from django.db import transaction
from django.utils import timezone

from xuctien.core.models import User, Zone
from xuctien.history import acting_as
from xuctien.labour.models import Channel, Need, Occupation

#: occupation code, level, workers, quarter
NEEDS = (
    ("72", "intermediate", 120, 1),
    ("74", "college", 80, 2),
    ("82", "elementary", 300, 2),
    ("31", "university", 25, 3),
    ("93", "unskilled", 150, 1),
)


@transaction.atomic
def load_demo_needs() -> str:
    from xuctien.aftercare.demo import COMPANY
    from xuctien.core.models import Province
    from xuctien.investments.models import Investor

    company = Investor.objects.filter(name=COMPANY, is_synthetic=True).first()
    province = Province.objects.order_by("pk").first()
    if company is None or province is None or Need.objects.filter(enterprise=company).exists():
        return "0 (already there, or no synthetic company)"
    zone = Zone.objects.filter(kind=Zone.Kind.INDUSTRIAL_PARK).order_by("code").first()
    year = timezone.localdate().year + 1
    with acting_as(User.objects.filter(username="thuky").first()):
        for code, level, number, quarter in NEEDS:
            Need.objects.create(
                province=province,
                enterprise=company,
                occupation=Occupation.objects.get(code=code),
                level=level,
                number=number,
                year=year,
                quarter=quarter,
                zone=zone,
                channel=Channel.SURVEY,
                is_synthetic=True,
            )
    return str(len(NEEDS))
