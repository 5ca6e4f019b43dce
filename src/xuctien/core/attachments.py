"""Files people attach (progress reports, enterprises' requests): one set of checks.

A file is accepted when its name has an allowed suffix, its first bytes are those of that
type (and a DOCX or XLSX really is one: its main part declared with its Office content type
and starting with that part's root element, not just a ZIP with a file of that name), and
it is at most 10 MB. It is stored under a random name, so a person's file name never reaches the
file system; the original name is kept on the record for display and download.
"""

import uuid
import zipfile
from pathlib import PurePath
from typing import ClassVar
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuctien.models import BaseModel

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_FILES = 10

_ZIP = (b"PK\x03\x04",)
#: Allowed suffixes and the leading bytes a genuine file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
#: What a genuine Office document of each kind holds: its main part, that part's root
#: element, and the content type ``[Content_Types].xml`` declares for it. A ZIP that merely
#: has a file of that name (empty, or anything else) is not the document it claims to be.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE = "application/vnd.openxmlformats-officedocument"
OFFICE_PARTS = {
    ".docx": (
        "word/document.xml",
        f"{{{_W}}}document",
        f"{_OFFICE}.wordprocessingml.document.main+xml",
    ),
    ".xlsx": ("xl/workbook.xml", f"{{{_S}}}workbook", f"{_OFFICE}.spreadsheetml.sheet.main+xml"),
}
#: An Office file unpacking to more than this is refused unread (a ZIP bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


def _suffix(upload: UploadedFile) -> str:
    return PurePath(upload.name or "").suffix.lower()


def _not_its_type(upload: UploadedFile) -> ValidationError:
    return ValidationError(
        _("%(name)s does not look like a %(kind)s file.")
        % {"name": upload.name, "kind": _suffix(upload)[1:].upper()},
        code="file_content",
    )


def validate_attachment(upload: UploadedFile) -> None:
    """Refuse a file that is too big, of another type, or whose content is not its type."""
    name, suffix = upload.name or "", _suffix(upload)
    if suffix not in SIGNATURES:
        raise ValidationError(
            _("%(name)s: only PDF, DOCX, XLSX, PNG and JPG files can be attached.")
            % {"name": name},
            code="file_type",
        )
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 10 MB.") % {"name": name}, code="file_size"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[suffix]):
        raise _not_its_type(upload)
    _check_office_part(upload)


def _check_office_part(upload: UploadedFile) -> None:
    spec = OFFICE_PARTS.get(_suffix(upload))
    if spec is None:
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            genuine = _is_office_document(archive, *spec)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError):
        genuine = False
    upload.seek(0)
    if not genuine:
        raise _not_its_type(upload)


def _is_office_document(archive: zipfile.ZipFile, part: str, root: str, kind: str) -> bool:
    if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
        return False
    return _declares(archive, part, kind) and _root_tag(archive, part) == root


def _root_tag(archive: zipfile.ZipFile, name: str) -> str:
    """The tag of the part's first element, read without reading the whole part."""
    with archive.open(name) as stream:
        for _event, element in ElementTree.iterparse(stream, events=("start",)):
            return element.tag
    return ""


def _declares(archive: zipfile.ZipFile, part: str, kind: str) -> bool:
    with archive.open("[Content_Types].xml") as stream:
        types = ElementTree.parse(stream).getroot()
    return any(
        item.get("PartName") == f"/{part}" and item.get("ContentType") == kind for item in types
    )


def content_type_of(upload: UploadedFile) -> str:
    """The content type the file is served with, from its checked suffix."""
    return CONTENT_TYPES[_suffix(upload)]


@deconstructible
class RandomUploadPath:
    """``upload_to`` giving ``<prefix>/YYYY/MM/<random>.<suffix>``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance: models.Model, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()
        return f"{self.prefix}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)


class Attachment(BaseModel):
    """A checked file with its original name, type and size; subclasses add the owner."""

    file = models.FileField(gettext_lazy("file"), max_length=300)
    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    content_type = models.CharField(gettext_lazy("type"), max_length=100)
    size = models.PositiveIntegerField(gettext_lazy("size (bytes)"))

    class Meta:
        abstract = True
        ordering = ["id"]
        verbose_name = gettext_lazy("attachment")
        verbose_name_plural = gettext_lazy("attachments")

    #: The kind under which ``xuctien.core.files`` serves this model's files.
    download_kind: ClassVar[str] = ""

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        """Where the file downloads, through the one access-checked view."""
        return reverse("file", args=[self.download_kind, self.pk])
