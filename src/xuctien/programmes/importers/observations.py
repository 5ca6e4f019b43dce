"""Import of figures from a spreadsheet: every row through ``ObservationForm``.

The file is checked whole before anything is written. If any row is bad, nothing is
written and each bad row gets a message naming its row, column and problem in the
user's language; the good rows of a corrected file then import on their own.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from xuctien.core.models import Locality
from xuctien.history import acting_as, snapshot
from xuctien.programmes import services
from xuctien.programmes.forms import ObservationForm
from xuctien.programmes.importers import ImportRejected, ImportResult, RowError
from xuctien.programmes.importers.workbook import ROW_KEY, build_workbook, read_workbook
from xuctien.programmes.models import Indicator, Observation

SHEET = "observations"
COLUMNS = [
    "indicator",
    "period",
    "locality",
    "value",
    "value_high",
    "qualifier",
    "estimate",
    "source",
    "source_url",
    "note",
]


ACTIONS = ("create", "update", "unchanged")


@dataclass
class PlannedRow:
    """What importing one row will do: create a figure, correct one, or nothing."""

    row: int
    observation: Observation
    action: str  # "create" | "update" | "unchanged"


def template_workbook(user: Any = None):  # type: ignore[no-untyped-def]
    """The downloadable template: lists of codes, places, qualifiers, kinds and periods.

    With ``user``, the indicator list holds only the indicators that user may enter. The
    example row sits on a separate ``help`` sheet so that it is never imported as a figure.
    """
    indicators = services.indicators_for(user) if user is not None else Indicator.objects.all()
    codes = list(indicators.filter(formula="").values_list("code", flat=True))
    localities = list(Locality.objects.values_list("code", flat=True))
    choices = {
        (SHEET, "indicator"): codes or ["-"],
        (SHEET, "period"): _period_suggestions(),
        (SHEET, "locality"): localities or ["-"],
        (SHEET, "qualifier"): [c for c, _label in Observation._meta.get_field("qualifier").choices],
        (SHEET, "estimate"): [c for c, _label in Observation.Estimate.choices],
    }
    sheets = {SHEET: (COLUMNS, []), "help": _help_sheet(codes)}
    return build_workbook(sheets, choices, suggestions=frozenset({(SHEET, "period")}))


def _period_suggestions() -> list[str]:
    """Common periods for the dropdown; other canonical periods (2021/2025…) are accepted."""
    from django.utils import timezone

    this_year = timezone.now().year
    endings = ["", "-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-H2", "-6M", "-9M"]
    return [f"{year}{ending}" for year in range(this_year + 5, 2014, -1) for ending in endings]


def _help_sheet(codes: list[str]) -> tuple[list[str], list[list[str]]]:
    example = [
        codes[0] if codes else "INDICATOR_CODE", "2025", "", "12.5", "", "exact", "estimate",
        "Báo cáo KT-XH 2025", "https://…", "",
    ]  # fmt: skip
    meanings = [
        _("Indicator code (from the list)"),
        _("Period: 2024, 2024-Q3, 2024-H1, 2024-M06, 2024-9M or 2021/2025"),
        _("Locality code; blank for the whole province"),
        _("Value"),
        _("Upper value of a range (optional)"),
        _("Qualifier: exact, over, at_least, under, at_most, approx, nearly"),
        _("Kind of figure: final, provisional, estimate, forecast"),
        _("Source document"),
        _("Source URL"),
        _("Note"),
    ]
    header = [_("Column"), _("Meaning"), _("Example")]
    return header, [list(row) for row in zip(COLUMNS, meanings, example, strict=True)]


def rows_from_file(file: Any) -> list[dict[str, str]]:
    sheets = read_workbook(file)
    if SHEET in sheets:
        return sheets[SHEET]
    return next(iter(sheets.values()), [])


def plan(rows: list[dict[str, str]], user: Any) -> list[PlannedRow]:
    """Validate every row; raise ImportRejected with all the errors, or return the plan."""
    planned, errors = [], []
    for record in rows:
        number = int(record.get(ROW_KEY, 0))
        row_errors, planned_row = _plan_row(number, record, user)
        errors.extend(row_errors)
        if planned_row is not None:
            planned.append(planned_row)
    errors.extend(_duplicates(planned))
    if errors:
        raise ImportRejected(errors)
    return planned


def _plan_row(number: int, record: dict[str, str], user: Any):  # type: ignore[no-untyped-def]
    existing = _existing(record)
    before = snapshot(existing, Observation.history_exclude) if existing else None
    data = {column: record.get(column, "") for column in COLUMNS}
    if existing is not None:
        data["version"] = existing.version
    form = ObservationForm(data=data, instance=existing)
    if not form.is_valid():
        return _form_errors(number, form), None
    observation = form.save(commit=False)
    action = _action(before, observation)
    try:
        if action != "unchanged":
            _authorise(user, observation)
    except (PermissionDenied, ValidationError) as error:
        return [RowError(SHEET, number, "", _message(error))], None
    return [], PlannedRow(number, observation, action)


def _existing(record: dict[str, str]) -> Observation | None:
    """The figure this row corrects: same indicator, period, place, kind and source."""
    from xuctien.programmes.periods import PeriodError, parse_period

    try:
        period = str(parse_period(record.get("period", "")))
    except PeriodError:
        return None
    # A blank place is the whole province: the province of the figure's indicator.
    place: dict[str, Any] = (
        {"locality__code": record["locality"]}
        if record.get("locality")
        else {"locality": F("indicator__province__locality")}
    )
    return Observation.objects.filter(
        indicator__code=record.get("indicator", ""),
        period=period,
        **place,
        estimate=record.get("estimate") or Observation.Estimate.FINAL,
        source_url=record.get("source_url", ""),
        zone=None,
    ).first()


def _action(before: dict | None, observation: Observation) -> str:
    if before is None:
        return "create"
    after = snapshot(observation, Observation.history_exclude)
    return "unchanged" if after == before else "update"


def _authorise(user: Any, observation: Observation) -> None:
    from xuctien.core.permissions import permits

    action = "add" if observation._state.adding else "change"
    if not permits(user, action, observation if action == "change" else Observation):
        raise PermissionDenied(_("You may not enter figures for this indicator."))
    services._check_agency(user, observation)
    services.check_unlocked(observation)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _form_errors(number: int, form: ObservationForm) -> list[RowError]:
    return [
        RowError(SHEET, number, "" if field == "__all__" else field, message)
        for field, messages in form.errors.items()
        for message in messages
    ]


def _duplicates(planned: list[PlannedRow]) -> list[RowError]:
    seen: dict[tuple, int] = {}
    errors = []
    for item in planned:
        o = item.observation
        key = (o.indicator_id, o.period, o.locality_id, o.estimate, o.source_url)
        if key in seen:
            message = _("The same figure is already on row %(row)s.") % {"row": seen[key]}
            errors.append(RowError(SHEET, item.row, "period", message))
        seen.setdefault(key, item.row)
    return errors


def import_rows(rows: list[dict[str, str]], user: Any, submit: bool = True) -> ImportResult:
    """Validate, then write every row in one transaction (or raise ImportRejected)."""
    planned = plan(rows, user)
    result = ImportResult()
    with transaction.atomic(), acting_as(user):
        for item in planned:
            if item.action == "unchanged":
                result.unchanged += 1
                continue
            services.save_observation(user, item.observation, submit=submit)
            if item.action == "create":
                result.created += 1
            else:
                result.updated += 1
    return result
