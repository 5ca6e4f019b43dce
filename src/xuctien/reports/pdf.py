"""PDF from the report's own DOCX, by LibreOffice in headless mode (docs/decisions/0018).

Each conversion runs ``soffice --headless --convert-to pdf`` in a fresh temporary
directory with its own LibreOffice profile, so two conversions at once never share a
lock, and is stopped after ``TIMEOUT`` seconds. Times New Roman is replaced by its
metric-compatible Liberation Serif (fonts-liberation) where it is not installed, so lines
and pages break where Word breaks them; the PDF embeds the font it used.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT = 120


class ConverterMissing(RuntimeError):
    """LibreOffice is not installed on this machine."""


class ConversionFailed(RuntimeError):
    """LibreOffice ran but wrote no PDF."""


def converter() -> str | None:
    """The LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: bytes) -> bytes:
    program = converter()
    if program is None:
        raise ConverterMissing(
            _("LibreOffice is not installed: the PDF cannot be made (install libreoffice-writer).")
        )
    with tempfile.TemporaryDirectory(prefix="xt-report-") as work:
        folder = Path(work)
        source = folder / "report.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise ConversionFailed(_("LibreOffice took too long to make the PDF.")) from error
        result = folder / "report.pdf"
        if not result.exists():
            raise ConversionFailed(_("LibreOffice could not make the PDF."))
        return result.read_bytes()
