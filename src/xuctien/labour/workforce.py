"""The portal's workforce facts, from the same records as the internal pages.

Only published facts: approved observations of the configured indicators, and the
institutions' recorded figures. Needs (private) never reach this page.
"""

from collections import defaultdict
from typing import Any

from xuctien.labour.models import Institution, ProgrammeYear
from xuctien.labour.reference import indicator_codes


def _observations(code: str) -> list[Any]:
    from xuctien.programmes.models import Observation

    if not code:
        return []
    return list(
        Observation.objects.filter(
            indicator__code=code,
            status=Observation.Status.APPROVED,
            period_kind="year",
            zone__isnull=True,
        ).order_by("-year")[:5]
    )


def facts(province: Any) -> dict[str, Any]:
    """Labour force and trained share (observations), institutions and output by field."""
    from xuctien.programmes.monitoring import bound_of

    codes = indicator_codes()
    trained = [
        (o, bound_of(o))
        for o in _observations(codes.get("trained_share", ""))
        if o.value is not None
    ]
    force = [
        (o, bound_of(o))
        for o in _observations(codes.get("labour_force", ""))
        if o.value is not None
    ]
    output: dict[tuple[str, int], dict[str, Any]] = defaultdict(
        lambda: {"graduates": 0, "unknown": 0}
    )
    rows = ProgrammeYear.objects.filter(programme__institution__province=province).select_related(
        "programme__occupation", "programme__institution"
    )
    for row in rows:
        occupation = row.programme.occupation
        field = str(occupation.parent or occupation) if occupation else ""
        entry = output[(field, row.year)]
        if row.graduates is None or row.graduates_at_least:
            entry["unknown"] += 1
        entry["graduates"] += row.graduates or 0
    institutions = Institution.objects.filter(province=province).prefetch_related("programmes")
    return {
        "trained": trained,
        "labour_force": force,
        "institutions": institutions,
        "output": sorted(output.items(), key=lambda item: (-item[0][1], item[0][0])),
    }
