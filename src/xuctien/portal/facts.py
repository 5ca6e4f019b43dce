"""The figures the public pages show, read from the shipped data (never typed in).

Each fact keeps its sources: targets their document and URLs, zones their own pages.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum

from xuctien.core.models import Agency, Province, Zone
from xuctien.investments.access import PROMOTION_AGENCY_KINDS, public_q
from xuctien.investments.models import PriorityGroup, Project
from xuctien.programmes.models import Indicator, Programme, Target


@dataclass
class ZoneKindFact:
    """How many zones of one kind, and the areas published for them."""

    kind: str
    label: str
    count: int
    total_area_ha: Decimal | None
    industrial_land_ha: Decimal | None
    with_area: int


@dataclass
class TargetFact:
    """One of the resolution's targets, with the indicator it belongs to."""

    indicator: Indicator
    targets: list[Target] = field(default_factory=list)


def resolution(province: Province) -> Programme | None:
    """The province's first programme by issue date (its resolution on manufacturing)."""
    return Programme.objects.filter(province=province).first()


def resolution_targets(programme: Programme | None) -> list[TargetFact]:
    """The approved, province-wide targets of the programme's breakthrough indicators."""
    if programme is None:
        return []
    indicators = (
        Indicator.objects.filter(programme=programme, breakthrough__isnull=False)
        .select_related("breakthrough")
        .prefetch_related("targets__revised_by")
    )
    facts = [TargetFact(indicator, indicator.current_targets()) for indicator in indicators]
    return [fact for fact in facts if fact.targets]


def zone_summary(province: Province) -> list[ZoneKindFact]:
    """Zones per kind with the sum of the areas that are known.

    Revoked zones are left out, and so are the phases of a zone of the same kind (a park
    within an umbrella park) so that no area is counted twice.
    """
    rows = (
        Zone.objects.filter(province=province)
        .exclude(status=Zone.Status.REVOKED)
        .exclude(parent__kind=F("kind"))
        .values("kind")
        .annotate(
            count=Count("pk"),
            total=Sum("total_area_ha"),
            land=Sum("industrial_land_ha"),
            with_area=Count("pk", filter=Q(total_area_ha__isnull=False)),
        )
    )
    labels = dict(Zone.Kind.choices)
    by_kind = {row["kind"]: row for row in rows}
    return [
        ZoneKindFact(kind, labels[kind], row["count"], row["total"], row["land"], row["with_area"])
        for kind in Zone.Kind.values
        if (row := by_kind.get(kind))
    ]


def registered_projects(province: Province) -> int:
    """Real projects of the province holding an IRC (public), aggregate rows left out."""
    projects = Project.objects.filter(public_q(), province=province)
    return projects.filter(is_synthetic=False, is_aggregate=False).count()


def available_land(zone: Zone) -> Decimal | None:
    """Industrial land not yet leased, when both figures are published."""
    if zone.industrial_land_ha is None or zone.leased_land_ha is None:
        return None
    return max(zone.industrial_land_ha - zone.leased_land_ha, Decimal(0))


def priority_groups() -> list[PriorityGroup]:
    return list(PriorityGroup.objects.all())


def promotion_agencies(province: Province) -> list[Agency]:
    """The bodies investors talk to: the promotion board/centre and the EZ boards."""
    agencies = Agency.objects.filter(
        province=province, kind__in=PROMOTION_AGENCY_KINDS, valid_to__isnull=True
    )
    return sorted(agencies, key=_contact_order)


def _contact_order(agency: Agency) -> Any:
    # The promotion centre first: it is the one an investor should write to.
    return (agency.kind != Agency.Kind.CENTRE and "IPA" not in agency.code, agency.name_vi)
