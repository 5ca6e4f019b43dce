"""Synthetic screening facts for the demo's synthetic projects (never for real ones)."""

from decimal import Decimal

from django.db import transaction

from xuctien.investments.models import Project
from xuctien.screening.models import ProjectFacts

NOTE = "Dữ liệu minh hoạ / synthetic demo record."
#: demo project key -> facts (all made up, like the projects)
FACTS = {
    "semiconductor": {"high_tech": "listed", "environmental_group": "II", "polluting_type": "no"},
    "storage": {"green": "yes", "high_tech": "listed", "environmental_group": "II"},
    "auto-parts": {
        "high_tech": "no",
        "green": "no",
        "environmental_group": "II",
        "polluting_type": "no",
        "tech_transfer": "yes",
        "local_suppliers_pct": Decimal("25"),
        "skilled_jobs": 300,
        "budget_vnd_per_year": Decimal("45000000000"),
    },
    "solar-next": {"green": "yes", "high_tech": "listed", "tech_transfer": "yes"},
    "textile": {"polluting_type": "yes", "environmental_group": "I"},
}


@transaction.atomic
def load_demo_facts(province: object = None) -> str:
    """Synthetic facts for the demo's synthetic projects (``province`` is the demo's)."""
    created = 0
    for key, values in FACTS.items():
        project = Project.objects.filter(source_ref=f"demo:{key}", is_synthetic=True).first()
        if project is None or ProjectFacts.objects.filter(project=project).exists():
            continue
        ProjectFacts.objects.create(project=project, note=NOTE, **values)
        created += 1
    return f"Synthetic screening facts: {created} created"
