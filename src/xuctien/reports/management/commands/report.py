"""``xuctien report PROGRAMME PERIOD --format docx|pdf -o FILE``: a periodic report from
the live figures, in the Decree 30/2020 layout.

PERIOD is 2024, 2024-Q2 or 2024-H1. Without ``--issue`` the file is a preview: it carries
the number the report would get (``--number`` to choose it) and nothing is saved. With
``--issue --user NAME`` the report is drafted and issued as that user (who must be
allowed to), its figures frozen and its files kept, and the file written is the issued one.
"""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from xuctien.core.models import Agency
from xuctien.programmes.models import Programme
from xuctien.reports import pdf, services
from xuctien.reports.models import Report
from xuctien.reports.periods import PeriodError, parse


class Command(BaseCommand):
    help = "Write a programme's (or an agency's) periodic report as DOCX or PDF."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("programme", help="the programme's code, as its dashboard shows it")
        parser.add_argument("period", help="2024, 2024-Q2 or 2024-H1")
        parser.add_argument("--format", choices=("docx", "pdf"), default="docx")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--agency", help="an agency's code: that agency's own report")
        parser.add_argument("--number", type=int, help="the number (default: the next free)")
        parser.add_argument("--issue", action="store_true", help="issue it (needs --user)")
        parser.add_argument("--user", help="who issues it")

    def handle(self, *args: Any, **options: Any) -> None:
        programme = Programme.objects.filter(code=options["programme"]).first()
        if programme is None:
            codes = ", ".join(Programme.objects.values_list("code", flat=True)) or "none loaded"
            raise CommandError(f"No programme {options['programme']!r} (known: {codes}).")
        try:
            period = parse(options["period"]).key
        except PeriodError as error:
            raise CommandError(str(error)) from error
        agency = self._agency(options.get("agency"))
        try:
            data = self._document(programme, period, agency, options)
        except (pdf.ConverterMissing, pdf.ConversionFailed, PermissionDenied) as error:
            raise CommandError(str(error) or "Not allowed.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"{options['output']}: {len(data):,} bytes")

    def _agency(self, code: str | None) -> Agency | None:
        if not code:
            return None
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(f"No agency with the code {code!r}.")
        return agency

    def _document(self, programme: Any, period: str, agency: Any, options: dict) -> bytes:
        if options["issue"]:
            user = get_user_model().objects.filter(username=options.get("user") or "").first()
            if user is None:
                raise CommandError("--issue needs --user with an existing user name.")
            report = services.create_draft(user, programme, period, agency)
            report = services.issue(user, report, number=options.get("number"))
            return report.files.get(format=options["format"]).file.read()
        report = Report(
            province=services.province_of(programme),
            programme=programme,
            kind=Report.Kind.AGENCY if agency else Report.Kind.PROGRAMME,
            agency=agency,
            period=period,
            **services.initial(programme, period, None, agency),
        )
        today = timezone.localdate()
        report.number = options.get("number") or services.next_number(report, today.year)
        report.issued_on = today
        return services.render(report, options["format"])
