"""Checks on the files an enterprise attaches: type by name and content, and size.

The action programme's check (allowed suffix, leading bytes, 10 MB) runs first; a DOCX
or XLSX must then also be the Office document it claims to be, not any ZIP archive.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from xuctien.actions.validators import CONTENT_TYPES, MAX_ATTACHMENT_BYTES, validate_attachment

#: The part a genuine Office document of each kind contains.
OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
MAX_FILES = 10

__all__ = ["CONTENT_TYPES", "MAX_ATTACHMENT_BYTES", "MAX_FILES", "validate_upload"]


def validate_upload(upload: UploadedFile) -> None:
    """Refuse a file of another type, with other content, or larger than 10 MB."""
    validate_attachment(upload)
    suffix = PurePath(upload.name or "").suffix.lower()
    part = OFFICE_PARTS.get(suffix)
    if part is None:
        return
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            genuine = part in archive.namelist()
    except zipfile.BadZipFile:
        genuine = False
    upload.seek(0)
    if not genuine:
        raise ValidationError(
            _("%(name)s does not look like a %(kind)s file.")
            % {"name": upload.name, "kind": suffix[1:].upper()},
            code="file_content",
        )


def content_type_of(upload: UploadedFile) -> str:
    """The content type we serve the file with, from its checked suffix."""
    return CONTENT_TYPES[PurePath(upload.name or "").suffix.lower()]
