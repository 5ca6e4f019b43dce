"""The yearly survey workbook: one need per row, read by the one spreadsheet reader,
each row validated by the need form itself, written all or nothing.

Columns (first row, Vietnamese or English headers): enterprise (its name as registered),
occupation (VSCO/ISCO code), level (a level code or its name), number, year, quarter,
zone (code), locality (code), foreign experts (có/yes), comment.
"""

from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from xuctien.core.models import Locality, Zone
from xuctien.core.spreadsheets import SpreadsheetError, read_spreadsheet
from xuctien.history import acting_as
from xuctien.labour import services
from xuctien.labour.forms import NeedForm
from xuctien.labour.models import Channel, Need, Occupation, SkillLevel

HEADERS = {
    "enterprise": ("enterprise", "doanh nghiệp"),
    "occupation": ("occupation", "nghề", "mã nghề"),
    "level": ("level", "trình độ"),
    "number": ("number", "số lượng"),
    "year": ("year", "năm"),
    "quarter": ("quarter", "quý"),
    "zone": ("zone", "khu"),
    "locality": ("locality", "địa bàn"),
    "foreign_experts": ("foreign experts", "chuyên gia nước ngoài"),
    "comment": ("comment", "ghi chú"),
}
YES = {"yes", "có", "co", "x", "1", "true"}


@dataclass
class Outcome:
    created: int = 0
    errors: list[str] = field(default_factory=list)


def import_survey(user: Any, province: Any, file: IO[bytes]) -> Outcome:
    """Every row becomes a need, or none does and each bad row says why."""
    outcome = Outcome()
    try:
        sheets = read_spreadsheet(file)
    except SpreadsheetError as error:
        outcome.errors.append(str(error))
        return outcome
    rows = sheets[0].rows if sheets else []
    if len(rows) < 2:
        outcome.errors.append(_("The workbook has no rows under its header."))
        return outcome
    columns = _columns(rows[0])
    missing = [
        k for k in ("enterprise", "occupation", "level", "number", "year") if k not in columns
    ]
    if missing:
        outcome.errors.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        return outcome
    needs = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in row):
            continue
        need = _row(user, province, columns, row, number, outcome.errors)
        if need is not None:
            needs.append(need)
    if outcome.errors:
        return outcome
    with transaction.atomic(), acting_as(user):
        for need in needs:
            services.save_need(user, need)
    outcome.created = len(needs)
    return outcome


def _columns(header: tuple) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(header):
        text = str(cell or "").strip().lower()
        for key, names in HEADERS.items():
            if text in names:
                found[key] = index
    return found


def _cell(row: tuple, columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _level_names() -> dict[str, str]:
    """A level by its code or its name in either language."""
    from django.utils import translation

    names = {}
    for language in ("vi", "en"):
        with translation.override(language):
            names.update({str(label).lower(): code for code, label in SkillLevel.choices})
    return names


def _row(user: Any, province: Any, columns: dict, row: tuple, number: int, errors: list) -> Any:
    from xuctien.investments.models import Investor

    data = {key: _cell(row, columns, key) for key in HEADERS}
    enterprise = Investor.objects.filter(name__iexact=data["enterprise"]).first()
    occupation = Occupation.objects.filter(code=data["occupation"]).first()
    levels = _level_names()
    form_data = {
        **data,
        "enterprise": enterprise.pk if enterprise else "",
        "occupation": occupation.pk if occupation else "",
        "level": levels.get(data["level"].lower(), data["level"]),
        "zone": getattr(Zone.objects.filter(code=data["zone"]).first(), "pk", ""),
        "locality": getattr(Locality.objects.filter(code=data["locality"]).first(), "pk", ""),
        "foreign_experts": "on" if data["foreign_experts"].lower() in YES else "",
    }
    form = NeedForm(form_data, user=user, instance=Need(province=province, channel=Channel.SURVEY))
    problems = []
    if data["enterprise"] and enterprise is None:
        problems.append(_("enterprise “%(name)s” is not registered") % {"name": data["enterprise"]})
    if data["occupation"] and occupation is None:
        problems.append(_("occupation code “%(code)s” is unknown") % {"code": data["occupation"]})
    if not form.is_valid():
        problems += [
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
            for k, v in form.errors.items()
        ]
    if problems:
        errors.append(
            _("Row %(row)d: %(problems)s") % {"row": number, "problems": "; ".join(problems)}
        )
        return None
    need = form.save(commit=False)
    if not Need.permits(user, "add", need):
        errors.append(
            _("Row %(row)d: you may not enter needs for this enterprise.") % {"row": number}
        )
        return None
    return need
