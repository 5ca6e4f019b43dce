"""Type and size checks for uploaded images: the bytes decide the type, not the name.

SVG is refused: it is XML that can carry scripts. Only the raster formats below pass, and
only when the file's first bytes are that format's signature.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_IMAGE_BYTES = 2 * 1024 * 1024
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
NAME_EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
                   "gif": "image/gif", "webp": "image/webp"}  # fmt: skip


def sniff(head: bytes) -> str | None:
    """The image type the first bytes announce, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_image(upload: UploadedFile) -> str:
    """The upload's real type if it is an allowed image of an allowed size; else refuse."""
    if upload.size is None or upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is too large (at most %(mb)s MB).") % {"mb": MAX_IMAGE_BYTES // 2**20}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    if kind is None or NAME_EXTENSIONS.get(extension) != kind:
        raise ValidationError(_("Upload a PNG, JPEG, GIF or WebP image."))
    return kind
