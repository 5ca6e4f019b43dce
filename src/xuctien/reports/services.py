"""Drafting, rendering and issuing reports. Each service takes the acting user, checks
the permission, and writes inside one transaction (with the history)."""

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xuctien.core.models import Province
from xuctien.history import acting_as
from xuctien.reports import content, figures, pdf, permissions, sentences
from xuctien.reports.models import Report, ReportFile
from xuctien.reports.periods import parse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The language of the document itself: an administrative document is in Vietnamese.
DOCUMENT_LANGUAGE = "vi"


def province_of(programme: Any) -> Province:
    province = getattr(programme, "province", None) or Province.objects.order_by("pk").first()
    if province is None:
        raise ValidationError(_("No province is loaded yet: run load_quangninh first."))
    return province


def plain_name(name: str) -> str:
    """The name without curators' remarks: "Sở Tài chính (sau hợp nhất)" → "Sở Tài chính"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def abbreviation(agency: Any) -> str:
    """The agency's short code (SCT, QEZA) when it is one word of letters, else its initials."""
    if re.fullmatch(r"[A-Z]{2,10}", agency.code or ""):
        return agency.code
    words = re.split(r"[\s\-]+", plain_name(agency.name_vi).split(" tỉnh ")[0])
    return "".join(word[0] for word in words if word[:1].isalpha()).upper()


def signer_for(name: str) -> tuple[str, str]:
    """The usual signing authority and title of a body (Điều 13): a deputy signs for the head."""
    lowered = name.lower()
    if lowered.startswith("sở"):
        return "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    if lowered.startswith("ban"):
        return "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"
    if lowered.startswith(("ủy ban nhân dân", "ubnd")):
        return "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    return "", "THỦ TRƯỞNG CƠ QUAN"


def initial(programme: Any, period: str, user: Any, agency: Any = None) -> dict[str, Any]:
    """A new draft's header, summary, signer and recipients, for the person to edit.

    The programme's report is the provincial People's Committee's (BC-UBND), which the
    secretariat drafts; an agency's report is the agency's own, sent to the secretariat.
    """
    province = province_of(programme)
    place = province.name_vi.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    with translation.override(DOCUMENT_LANGUAGE):
        label = parse(period).label()
    title = sentences.programme_title(programme.number, programme.name_vi)
    if agency is None:
        issuing, parent, symbol = f"Ủy ban nhân dân tỉnh {place}", "", "BC-UBND"
        recipients = ["Ban Thường vụ Tỉnh ủy (b/c)", "Các sở, ban, ngành, địa phương"]
        summary = f"Kết quả thực hiện {title} {label}"
    else:
        issuing, parent = plain_name(agency.name_vi), f"UBND tỉnh {place}".upper()
        symbol = f"BC-{abbreviation(agency)}"
        recipients = ["Cơ quan thường trực Chương trình (b/c)"]
        summary = f"Kết quả thực hiện nhiệm vụ được giao theo {title} {label}"
    authority, signer_title = signer_for(issuing)
    return {
        "parent_body": parent,
        "issuing_body": issuing,
        "symbol": symbol,
        "place": place,
        "summary": summary,
        "signer_authority": authority,
        "signer_title": signer_title,
        "signer_name": "",
        "recipients": "\n".join([*recipients, "Lưu: VT"]),
    }


def create_draft(user: Any, programme: Any, period: str, agency: Any = None, **fields) -> Report:
    kind = Report.Kind.AGENCY if agency is not None else Report.Kind.PROGRAMME
    if not permissions.may_draft(user, kind, agency.pk if agency else None):
        raise PermissionDenied
    report = Report(
        province=province_of(programme),
        programme=programme,
        kind=kind,
        agency=agency,
        period=parse(period).key,
        created_by=user if getattr(user, "pk", None) else None,
        **{**initial(programme, period, user, agency), **fields},
    )
    report.full_clean()
    with transaction.atomic(), acting_as(user):
        report.save()
    return report


def snapshot_for(report: Report, today: date | None = None) -> dict:
    """The issued report's frozen figures, or the live figures of a draft."""
    if report.is_issued and report.snapshot is not None:
        return report.snapshot
    today = today or timezone.localdate()
    return figures.collect(report.programme, parse(report.period), today, report.agency)


def render_docx(report: Report, snapshot: dict | None = None) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        return content.write(report, snapshot or snapshot_for(report))


def render(report: Report, fmt: str) -> bytes:
    docx = render_docx(report)
    return pdf.convert(docx) if fmt == "pdf" else docx


def next_number(report: Report, year: int) -> int:
    used = Report.objects.filter(
        province=report.province, symbol=report.symbol, number_year=year
    ).aggregate(top=Max("number"))["top"]
    return (used or 0) + 1


def issue(user: Any, report: Report, number: int | None = None, on: date | None = None) -> Report:
    """Freeze the figures, number the report, write its DOCX and PDF: from now on it is fixed."""
    if not Report.permits(user, permissions.ISSUE, report):
        raise PermissionDenied
    on = on or timezone.localdate()
    with transaction.atomic(), acting_as(user):
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_issued:
            raise ValidationError(_("This report was issued already."))
        if not locked.signer_name.strip():
            raise ValidationError(
                {"signer_name": _("Write the signer's name before issuing the report.")}
            )
        number = number or next_number(locked, on.year)
        taken = Report.objects.filter(
            province=locked.province, symbol=locked.symbol, number_year=on.year, number=number
        )
        if taken.exists():
            raise ValidationError(
                {
                    "number": _("Number %(n)02d/%(symbol)s is taken in %(year)s.")
                    % {"n": number, "symbol": locked.symbol, "year": on.year}
                }
            )
        locked.number, locked.number_year, locked.issued_on = number, on.year, on
        locked.snapshot = figures.collect(locked.programme, parse(locked.period), on, locked.agency)
        docx = render_docx(locked, locked.snapshot)
        _attach(locked, ReportFile.Format.DOCX, docx, DOCX_TYPE)
        _attach(locked, ReportFile.Format.PDF, pdf.convert(docx), "application/pdf")
        locked.status, locked.issued_at = Report.Status.ISSUED, timezone.now()
        locked.issued_by = user if getattr(user, "pk", None) else None
        locked.save()
    return locked


def _attach(report: Report, fmt: str, data: bytes, content_type: str) -> None:
    name = f"{report.number:02d}-{report.symbol}-{report.period}.{fmt}".replace("/", "-")
    record = ReportFile(report=report, format=fmt, content_type=content_type, original_name=name)
    record.file.save(name, ContentFile(data), save=False)
    record.save()


def save_draft(user: Any, report: Report, version: int | None = None) -> Report:
    """Save the draft's written parts; refused for an issued report or without the right."""
    if not Report.permits(user, "change", report):
        raise PermissionDenied
    report.full_clean()
    with transaction.atomic(), acting_as(user):
        if version is not None:
            report.version = version
        report.save()
    return report
