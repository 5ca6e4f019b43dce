"""Attachments are checked by what they hold, not by the names of the files inside a ZIP."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xuctien.core.attachments import validate_attachment


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _genuine_xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_a_genuine_workbook_is_accepted():
    validate_attachment(SimpleUploadedFile("bao-cao.xlsx", _genuine_xlsx()))


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("empty.docx", {"word/document.xml": b""}),
        ("empty.xlsx", {"xl/workbook.xml": b""}),
        ("html.docx", {"word/document.xml": b"<html><script>alert(1)</script></html>"}),
        (
            "undeclared.xlsx",
            {
                "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"/>'
            },
        ),
    ],
)
def test_a_zip_that_only_names_the_office_part_is_refused(name, parts):
    with pytest.raises(ValidationError) as refused:
        validate_attachment(SimpleUploadedFile(name, _zip(parts)))
    assert refused.value.code == "file_content"


def test_a_workbook_renamed_to_docx_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_attachment(SimpleUploadedFile("renamed.docx", _genuine_xlsx()))
    assert refused.value.code == "file_content"
