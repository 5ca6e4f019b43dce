"""Synthetic "projects calling for investment" for the demo only: every one is made up.

Each is marked ``is_synthetic``, named "(minh hoạ)" / "(synthetic)", has no figures and
no source. ``xuctien portal_demo`` loads them; the real data loaders never do.
"""

from django.db import transaction

from xuctien.core.models import Agency, Province, Zone
from xuctien.investments.models import PriorityGroup
from xuctien.portal import publishing
from xuctien.portal.models import InvestmentOpportunity, OpportunityStatus

NOTE_VI = "Dữ liệu minh hoạ: dự án không có thật, chỉ để trình diễn phần mềm."
NOTE_EN = "Synthetic example: not a real project, shown only to demonstrate the software."
#: code, zone code, priority group code, Vietnamese title, English title
EXAMPLES = [
    ("demo-electronics", "KCN-SONGKHOAI", "electronic_components",
     "Nhà máy linh kiện điện tử (minh hoạ)", "Electronic components plant (synthetic)"),
    ("demo-auto-parts", "KCN-DONGMAI", "automobiles_parts",
     "Nhà máy phụ tùng ô tô (minh hoạ)", "Automotive parts plant (synthetic)"),
    ("demo-medical", "KCN-BACTIENPHONG", "pharma_medical",
     "Nhà máy thiết bị y tế (minh hoạ)", "Medical equipment plant (synthetic)"),
]  # fmt: skip


@transaction.atomic
def load_demo_opportunities(province: Province | None = None) -> str:
    """Create the synthetic opportunities that are missing; leave existing ones alone."""
    province = Province.objects.given_or_sole(province)
    created = 0
    contact = Agency.objects.filter(province=province, code="IPA").first()
    for code, zone, group, title_vi, title_en in EXAMPLES:
        if InvestmentOpportunity.objects.filter(province=province, code=code).exists():
            continue
        opportunity = InvestmentOpportunity(
            province=province,
            code=code,
            status=OpportunityStatus.PUBLISHED,
            zone=Zone.objects.filter(province=province, code=zone).first(),
            contact_agency=contact,
            is_synthetic=True,
        )
        translations = {
            "vi": {"title": title_vi, "summary": NOTE_VI, "body": f"<p>{NOTE_VI}</p>"},
            "en": {"title": title_en, "summary": NOTE_EN, "body": f"<p>{NOTE_EN}</p>"},
        }
        publishing.save_opportunity(
            None,
            opportunity,
            translations=translations,
            priority_groups=PriorityGroup.objects.filter(code=group),
        )
        created += 1
    return f"synthetic portal opportunities: {created} created"
